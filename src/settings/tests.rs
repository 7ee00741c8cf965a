use proptest::prelude::*;

use super::*;

fn notes(query: &str) -> Vec<String> {
    from_query(query).1
}

/// Reads a query that must give exactly one note, and returns the settings.
fn one_note(query: &str, words: &str) -> Settings {
    let (settings, notes) = from_query(query);
    assert_eq!(notes.len(), 1, "{query}: {notes:?}");
    assert!(notes[0].contains(words), "{query}: {}", notes[0]);
    settings
}

#[test]
fn no_query_gives_the_defaults() {
    for query in ["", "?", "&&", "?&"] {
        assert_eq!(from_query(query), (Settings::default(), Vec::new()));
    }
    let defaults = Settings::default();
    assert_eq!(defaults.options(), Options::default());
    assert_eq!(DEFAULT_SAFE_THRESHOLD, Rules::default().threshold);
    assert_eq!(defaults.disclosure_rules(), None);
}

#[test]
fn every_parameter_presets_its_setting() {
    let (settings, notes) = from_query(
        "?example=under-represented&reference=Black+or+Black%20British&reference-in=Sex=Female\
         &reference-rule-in=Age%20band%3Dhighest-rate&confidence=99&interval=exact\
         &population=percentages&safe=1&threshold=10&presenter=1&embed=1",
    );
    assert_eq!(notes, Vec::<String>::new());
    assert_eq!(
        settings,
        Settings {
            example: Some("under-represented"),
            reference: Reference::Named("Black or Black British".into()),
            references: vec![
                ("Sex".into(), Reference::Named("Female".into())),
                ("Age band".into(), Reference::HighestJobRate),
            ],
            confidence: 0.99,
            interval: IntervalMethod::Exact,
            population: PopulationFigures::Percentages,
            publish_safe: true,
            safe_threshold: 10,
            presenter: true,
            embed: true,
        }
    );
    assert_eq!(
        settings.disclosure_rules(),
        Some(Rules {
            threshold: 10,
            rounding: 5
        })
    );
    let options = settings.options();
    assert_eq!(
        options.reference_for("sex"),
        &Reference::Named("Female".into())
    );
    assert_eq!(
        options.reference_for("Age band"),
        &Reference::HighestJobRate
    );
    assert_eq!(
        options.reference_for("Ethnicity"),
        &Reference::Named("Black or Black British".into())
    );
    assert_eq!(
        from_query("reference-rule=highest-rate").0.reference,
        Reference::HighestJobRate
    );
    assert_eq!(
        from_query("population=counts").0.population,
        PopulationFigures::Counts
    );
    // "safe=0" is read (so the later "safe=1" is a second attempt).
    let (settings, notes) = from_query("safe=0&safe=1");
    assert!(!settings.publish_safe);
    assert_eq!(notes.len(), 1);
}

#[test]
fn names_and_choices_ignore_case_but_example_ids_do_not() {
    let (settings, notes) = from_query("CONFIDENCE=90&Interval=EXACT&Embed=1");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(settings.confidence, 0.90);
    assert_eq!(settings.interval, IntervalMethod::Exact);
    assert!(settings.embed);
    let settings = one_note(
        "example=Tiny-Numbers",
        "the worked examples are small-service, under-represented, tiny-numbers, london-echo",
    );
    assert_eq!(settings.example, None);
}

#[test]
fn each_value_not_allowed_gives_a_note_and_the_default() {
    let defaults = Settings::default();
    for (query, words) in [
        ("confidence=97", "\u{201c}confidence=97\u{201d} was ignored: the confidence level can be 90, 95 or 99."),
        ("confidence=0.95", "can be 90, 95 or 99"),
        ("interval=bayes", "the interval method can be wilson or exact"),
        ("population=census", "by its headers, as counts or as percentages"),
        ("safe=yes", "it can be 1 (on) or 0 (off)"),
        ("presenter=2", "it can be 1 (on) or 0 (off)"),
        ("embed=true", "it can be 1 (on) or 0 (off)"),
        ("threshold=4", "a whole number from 5 to 10"),
        ("threshold=11", "a whole number from 5 to 10"),
        ("threshold=7.5", "a whole number from 5 to 10"),
        ("threshold=-7", "a whole number from 5 to 10"),
        ("example=nothing", "the worked examples are"),
        ("reference=", "it names no group"),
        ("reference=%20%20", "it names no group"),
        ("reference-rule=smallest", "the reference rule can be largest or highest-rate"),
        ("reference-in=Female", "write it as breakdown=group, for example reference-in=Sex=Female"),
        ("reference-in==Female", "it names no group"),
        ("reference-in=Sex=", "it names no group"),
        ("reference-rule-in=Sex=Female", "the reference rule can be largest or highest-rate"),
        ("reference-rule-in=Sex", "write it as breakdown=rule, for example reference-rule-in=Sex=highest-rate"),
        ("colour=red", "The link's setting \u{201c}colour\u{201d} is not one the calculator knows, so it was ignored."),
        ("embed", "has no value, so it was ignored (write it as embed=...)"),
        ("reference=%E2%28", "not written correctly"),
        ("reference=%ZZ", "not written correctly"),
        ("reference=100%", "not written correctly"),
    ] {
        assert_eq!(one_note(query, words), defaults, "{query}");
    }
}

#[test]
fn values_past_the_length_limit_are_ignored_without_being_echoed() {
    let longest = "a".repeat(MAX_NAME_CHARS);
    assert_eq!(
        from_query(&format!("reference={longest}")).0.reference,
        Reference::Named(longest.clone())
    );
    let too_long = format!("reference={longest}b");
    let settings = one_note(&too_long, "longer than the 100 characters a name may have");
    assert_eq!(settings.reference, Reference::Largest);
    one_note(
        &format!("reference-in=Sex={longest}b"),
        "longer than the 100",
    );
    one_note(
        &format!("reference-in={longest}b=Female"),
        "longer than the 100",
    );
    let huge = format!("reference={}", "%41".repeat(100_000));
    let note = &notes(&huge)[0];
    assert!(
        note.contains("longer than the 100") && note.len() < 200,
        "{note}"
    );
    let unknown = notes(&format!("{}=1", "x".repeat(10_000)));
    assert!(unknown[0].contains(&format!("\u{201c}{}\u{2026}\u{201d}", "x".repeat(40))));
    assert!(unknown[0].chars().count() < 150);
}

#[test]
fn notes_show_control_characters_as_replacement_marks() {
    let note = &notes("colour%0A%3Cb%3E=1")[0];
    assert!(note.contains("\u{201c}colour\u{FFFD}<b>\u{201d}"), "{note}");
}

#[test]
fn a_choice_made_twice_keeps_the_first_with_a_note() {
    let settings = one_note(
        "confidence=90&confidence=99",
        "\u{201c}confidence=99\u{201d} was ignored: the confidence level was already set earlier in the link.",
    );
    assert_eq!(settings.confidence, 0.90);
    let settings = one_note(
        "reference=White&reference-rule=highest-rate",
        "the reference group was already set",
    );
    assert_eq!(settings.reference, Reference::Named("White".into()));
    let settings = one_note(
        "reference-in=Sex=Female&reference-rule-in=%20SEX%20=largest",
        "the reference group of \u{201c}SEX\u{201d} was already set",
    );
    assert_eq!(
        settings.references,
        vec![("Sex".to_string(), Reference::Named("Female".into()))]
    );
    // A bad first attempt makes no choice, so the second one counts.
    let settings = one_note("confidence=97&confidence=99", "can be 90, 95 or 99");
    assert_eq!(settings.confidence, 0.99);
    // One breakdown's choice does not stop another's.
    let (settings, notes) = from_query("reference-in=Sex=Male&reference-in=Ethnicity=White");
    assert!(notes.is_empty());
    assert_eq!(settings.references.len(), 2);
}

#[test]
fn parameters_past_the_limit_are_ignored_with_one_note() {
    let query: Vec<String> = (0..MAX_PARAMETERS + 10)
        .map(|i| format!("x{i}=1"))
        .collect();
    let notes = notes(&query.join("&"));
    assert_eq!(notes.len(), MAX_PARAMETERS + 1);
    assert_eq!(
        notes[MAX_PARAMETERS],
        "The link has more than 40 settings, so the rest were ignored."
    );
}

#[test]
fn the_query_writes_only_what_differs_from_the_defaults() {
    assert_eq!(Settings::default().to_query(), "");
    let settings = Settings {
        reference: Reference::HighestJobRate,
        references: vec![
            (
                "Sex".into(),
                Reference::Named("Prefer to self-describe".into()),
            ),
            ("Age=band".into(), Reference::Largest),
            ("Ethnicity".into(), Reference::Largest),
        ],
        interval: IntervalMethod::Exact,
        confidence: 0.80,
        safe_threshold: 3,
        ..Settings::default()
    };
    assert_eq!(
        settings.to_query(),
        "reference-rule=highest-rate&reference-in=Sex%3DPrefer%20to%20self-describe\
         &reference-rule-in=Ethnicity%3Dlargest&interval=exact&threshold=5"
    );
}

#[test]
fn options_go_into_settings_and_back() {
    let options = Options {
        confidence: 0.90,
        interval: IntervalMethod::Exact,
        population: PopulationFigures::Counts,
        ..Options::default()
    }
    .with_reference_for("Sex", Reference::Named("Male".into()));
    let settings = Settings {
        presenter: true,
        ..Settings::default()
    }
    .with_options(&options);
    assert!(settings.presenter);
    assert_eq!(settings.options(), options);
}

#[test]
fn a_share_fragment_for_a_known_case() {
    let settings = Settings {
        example: Some("small-service"),
        references: vec![("Sex".into(), Reference::Named("Female".into()))],
        ..Settings::default()
    };
    let table = "\u{FEFF}Group\tIPS\r\n\"Gwyn\u{e9}dd, North\"\t12\r\n";
    let fragment = to_fragment(&settings, Some(table)).unwrap();
    assert_eq!(
        fragment,
        "ips-equity=1&length=36&example=small-service&reference-rule=largest\
         &reference-in=Sex%3DFemale&confidence=95&interval=wilson&population=headers\
         &safe=0&threshold=7&data=%EF%BB%BFGroup%09IPS%0D%0A%22Gwyn%C3%A9dd%2C%20North%22%0912%0D%0A"
    );
    assert_eq!(table.len(), 36);
    assert_eq!(
        from_fragment(&fragment),
        Ok((settings.clone(), Some(table.to_string())))
    );
    assert_eq!(
        from_fragment(&format!("#{fragment}")),
        Ok((settings.clone(), Some(table.to_string())))
    );
    let without_data = to_fragment(&settings, None).unwrap();
    assert!(!without_data.contains("length=") && !without_data.contains("data="));
    assert_eq!(from_fragment(&without_data), Ok((settings, None)));
}

#[test]
fn share_fragments_are_told_from_the_page_anchors() {
    assert!(is_share_fragment("#ips-equity=1&confidence=95"));
    assert!(is_share_fragment("ips-equity=2"));
    assert!(!is_share_fragment("#results"));
    assert!(!is_share_fragment(""));
    assert!(!is_share_fragment("#confidence=95&ips-equity=1"));
    assert_eq!(
        from_fragment("#results"),
        Err("This link is not a share link of the calculator.".to_string())
    );
}

#[test]
fn a_later_format_is_refused_in_words() {
    let error = from_fragment("ips-equity=2&confidence=95").unwrap_err();
    assert!(
        error.contains(
            "format 2, which this version of the calculator cannot read (it reads format 1)"
        ),
        "{error}"
    );
}

#[test]
fn a_table_too_long_for_a_link_is_refused_with_a_message() {
    let longest = "a".repeat(MAX_SHARED_TABLE_BYTES);
    let fragment = to_fragment(&Settings::default(), Some(&longest)).unwrap();
    assert_eq!(from_fragment(&fragment).unwrap().1, Some(longest.clone()));
    assert!(fragment.chars().count() <= MAX_FRAGMENT_CHARS);
    let worst = "\u{e9}".repeat(MAX_SHARED_TABLE_BYTES / 2);
    let fragment = to_fragment(&Settings::default(), Some(&worst)).unwrap();
    assert!(fragment.chars().count() <= MAX_FRAGMENT_CHARS);
    assert_eq!(from_fragment(&fragment).unwrap().1, Some(worst));
    assert_eq!(
        to_fragment(&Settings::default(), Some(&format!("{longest}b"))),
        Err("The table is too long to go in a link: it takes 8,193 bytes, and a link holds at most 8,192. Share the link without your figures, and send the table as a file.".to_string())
    );
    let error = from_fragment(&format!(
        "ips-equity=1&x={}",
        "a".repeat(MAX_FRAGMENT_CHARS)
    ))
    .unwrap_err();
    assert!(
        error.starts_with("This link is too long to be a share link"),
        "{error}"
    );
}

#[test]
fn a_link_cut_short_anywhere_after_its_length_is_refused() {
    let fragment = to_fragment(&Settings::default(), Some("Group,IPS\nA,12\nB,7\n")).unwrap();
    let length_end = fragment.find("&length=").unwrap() + "&length=19".len();
    for end in length_end..fragment.len() {
        let error = from_fragment(&fragment[..end]).unwrap_err();
        assert!(
            error.starts_with("This share link is cut short: its table should take 19 bytes"),
            "{end}: {error}"
        );
    }
}

#[test]
fn a_damaged_share_link_is_refused() {
    for fragment in [
        "ips-equity=1&data=abc",
        "ips-equity=1&length=3&length=3&data=abc",
        "ips-equity=1&length=3&data=abc&data=abc",
        "ips-equity=1&length=three&data=abc",
        "ips-equity=1&length=99999&data=abc",
    ] {
        assert_eq!(
            from_fragment(fragment),
            Err(DAMAGED.to_string()),
            "{fragment}"
        );
    }
}

#[test]
fn settings_a_fragment_cannot_use_are_ignored_with_notes() {
    let link = read_fragment("ips-equity=1&confidence=97&colour=red&interval=exact").unwrap();
    assert_eq!(link.settings.interval, IntervalMethod::Exact);
    assert_eq!(link.settings.confidence, 0.95);
    assert_eq!(link.notes.len(), 2);
    assert_eq!(link.data, None);
    // In a fragment a plus sign is a plus sign.
    let link = read_fragment("ips-equity=1&reference=A+B").unwrap();
    assert_eq!(link.settings.reference, Reference::Named("A+B".into()));
}

/// A group or breakdown name as a link can carry it: trimmed, not empty,
/// within the limit.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][A-Za-z0-9 ,&=+%#'\"-]{0,20}[A-Za-z0-9]",
        any::<String>(),
        Just("Gwyn\u{e9}dd \u{1F600} \u{202E}".to_string()),
    ]
    .prop_map(|name| name.trim().chars().take(MAX_NAME_CHARS).collect::<String>())
    .prop_map(|name| name.trim().to_string())
    .prop_filter("a name", |name| !name.is_empty())
}

fn reference() -> impl Strategy<Value = Reference> {
    prop_oneof![
        Just(Reference::Largest),
        Just(Reference::HighestJobRate),
        name().prop_map(Reference::Named),
    ]
}

fn settings() -> impl Strategy<Value = Settings> {
    let ids: Vec<&'static str> = crate::examples::examples().iter().map(|e| e.id).collect();
    let references = prop::collection::vec(
        (
            name().prop_filter("no =", |name| !name.contains('=')),
            reference(),
        ),
        0..4,
    )
    .prop_map(|mut references| {
        let mut seen: Vec<String> = Vec::new();
        references.retain(|(breakdown, _)| {
            let key = breakdown.to_ascii_lowercase();
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        references
    });
    (
        prop::option::of(prop::sample::select(ids)),
        reference(),
        references,
        prop::sample::select(CONFIDENCE_LEVELS.to_vec()),
        prop::sample::select(vec![IntervalMethod::Wilson, IntervalMethod::Exact]),
        prop::sample::select(vec![
            PopulationFigures::FromHeaders,
            PopulationFigures::Counts,
            PopulationFigures::Percentages,
        ]),
        any::<bool>(),
        SAFE_THRESHOLDS,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                example,
                reference,
                references,
                confidence,
                interval,
                population,
                publish_safe,
                safe_threshold,
                presenter,
                embed,
            )| Settings {
                example,
                reference,
                references,
                confidence,
                interval,
                population,
                publish_safe,
                safe_threshold,
                presenter,
                embed,
            },
        )
}

/// Tables as people paste them, and any text at all.
fn table() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(\u{FEFF})?([A-Za-z\u{e9}\u{4e2d} ,;\t\"'=&%+#-]{0,12}(\r\n|\n|\r)){0,8}",
    ]
}

proptest! {
    #[test]
    fn any_settings_survive_a_preset_link(settings in settings()) {
        let query = settings.to_query();
        prop_assert_eq!(from_query(&query), (settings.clone(), Vec::new()));
        prop_assert_eq!(from_query(&format!("?{query}")).0, settings);
    }

    #[test]
    fn any_settings_and_table_survive_a_share_link(settings in settings(), data in table(), include in any::<bool>()) {
        let data = include.then_some(data);
        let fragment = to_fragment(&settings, data.as_deref()).unwrap();
        prop_assert!(is_share_fragment(&fragment));
        let link = read_fragment(&fragment).unwrap();
        prop_assert_eq!(link.notes, Vec::<String>::new());
        prop_assert_eq!(link.settings, settings);
        prop_assert_eq!(link.data, data);
    }

    #[test]
    fn no_query_or_fragment_makes_a_panic(text in any::<String>()) {
        let (_, notes) = from_query(&text);
        prop_assert!(notes.len() <= MAX_PARAMETERS + 1);
        let _ = from_fragment(&text);
        let _ = from_fragment(&format!("ips-equity=1&{text}"));
    }
}

//! The page's one piece of application state and the actions that change
//! it. Everything shown is derived from this while rendering: the analysis
//! comes from `text` and `options` through the core, never stored beside them.

use std::rc::Rc;

use yew::Reducible;

use crate::analysis::{Options, Reference};
use crate::disclosure::Rules;
use crate::examples::{example, examples, Example};
use crate::input::PopulationFigures;
use crate::report::IntervalMethod;
use crate::settings::{from_query, is_share_fragment, read_fragment, Settings};

use super::EXAMPLE_TABLE;

/// The confidence levels the page offers (the SPEC's 90%, 95% and 99%).
pub const CONFIDENCE_LEVELS: [f64; 3] = [0.90, 0.95, 0.99];

/// Files larger than this are refused: a table of counts per group is a few
/// kilobytes, and reading megabytes into a text box would freeze the page.
pub const LARGEST_FILE_BYTES: f64 = 2_000_000.0;

/// Everything the user has chosen or typed.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The figures as the user typed, pasted or loaded them; only an edit in
    /// the table under the box writes them out anew (`Action::SetText`).
    pub text: String,
    pub options: Options,
    /// The breakdown whose results are shown (an index into the report's
    /// breakdowns; out of range means the first).
    pub tab: usize,
    /// A file read while the user had figures of their own, waiting for
    /// them to confirm that it may replace them.
    pub pending_file: Option<LoadedFile>,
    /// Why the last file could not be used, in plain words.
    pub file_problem: Option<String>,
    /// How many times the whole text has been replaced (a file, a paste or
    /// a drop): the error summary takes focus after a replacement, never
    /// while the user types, which would snatch the caret mid-word.
    pub replacements: u32,
    /// Whether the user has typed since the last replacement.
    pub typed_since_replacement: bool,
    /// Whether the page sits in another site's page (`?embed=1`): no
    /// header or introduction, and its height told to the host page.
    pub embed: bool,
    /// The finding shown in presenter mode (an index into the findings;
    /// past the last means the last), or `None` outside presenter mode.
    pub presenter: Option<usize>,
    /// Whether publish-safe figures are on: [`State::rules`] applied to
    /// everything shown.
    pub safe: bool,
    /// The publish-safe rules, kept while the switch is off.
    pub rules: Rules,
    /// Whether a share link carries the figures as well as the choices.
    pub share_figures: bool,
    /// What the page's address asked for and could not have, in plain
    /// words: settings it ignored, or a share link it could not read.
    pub link_notes: Vec<String>,
}

/// A file's name and text, as read on this device, or a worked example's.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    /// What the question before replacing the user's figures calls it.
    pub name: String,
    pub text: String,
    /// The worked example it is, whose suggested reference group comes
    /// with it.
    pub example: Option<&'static Example>,
}

impl LoadedFile {
    /// A worked example, ready to load.
    pub fn example(example: &'static Example) -> LoadedFile {
        LoadedFile {
            name: format!("the worked example \u{201c}{}\u{201d}", example.title),
            text: example.text.to_owned(),
            example: Some(example),
        }
    }
}

/// How the text box changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Typing or deleting a few characters.
    Typed,
    /// A paste or a drop of text: the table usually arrives whole.
    Replaced,
}

/// Everything the user can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Edit {
        text: String,
        edit: Edit,
    },
    /// A file was read, or a worked example chosen: it replaces the figures
    /// at once unless they are the user's own, when it waits for their word.
    FileRead(LoadedFile),
    /// The user agreed to replace their figures with the pending file.
    ConfirmFile,
    /// The user kept their figures.
    KeepFigures,
    FileFailed(String),
    /// How one breakdown picks its reference group; the other breakdowns
    /// keep theirs.
    Reference {
        breakdown: String,
        reference: Reference,
    },
    Confidence(f64),
    Interval(IntervalMethod),
    /// How the population column is read: by its header, or as counts or
    /// census percentages whatever the header says.
    Population(PopulationFigures),
    SelectTab(usize),
    /// The table under the box was edited: the whole text, written out
    /// again by `input::grid`. Like typing, it never moves focus.
    SetText(String),
    /// Presenter mode on at the first finding, or off.
    Present(bool),
    /// The finding presenter mode shows.
    Slide(usize),
    /// Publish-safe figures on or off.
    Safe(bool),
    /// The publish-safe threshold: counts from 1 to this are withheld.
    SafeThreshold(u64),
    /// Whether a share link carries the figures.
    ShareFigures(bool),
}

impl Default for State {
    fn default() -> Self {
        State {
            text: EXAMPLE_TABLE.to_owned(),
            options: Options::default(),
            tab: 0,
            pending_file: None,
            file_problem: None,
            replacements: 0,
            typed_since_replacement: false,
            embed: false,
            presenter: None,
            safe: false,
            rules: Rules::default(),
            share_figures: false,
            link_notes: Vec::new(),
        }
    }
}

impl State {
    /// The page as its address asks for it: presets from the query string
    /// (`?example=tiny-numbers&confidence=99`), then a share link in the
    /// fragment, whose settings replace the presets and whose table, when
    /// it holds one, replaces the example. Embed and presenter mode are on
    /// when either asks for them. Whatever cannot be used is ignored, with
    /// a note.
    pub fn at_start(query: &str, fragment: &str) -> State {
        let (mut settings, mut notes) = from_query(query);
        let mut data = None;
        if is_share_fragment(fragment) {
            match read_fragment(fragment) {
                Ok(link) => {
                    settings = Settings {
                        embed: settings.embed || link.settings.embed,
                        presenter: settings.presenter || link.settings.presenter,
                        ..link.settings
                    };
                    notes.extend(link.notes);
                    data = link.data;
                }
                Err(problem) => notes.push(problem),
            }
        }
        let worked = settings.example.and_then(example);
        let options = match worked {
            // The link's own reference choices outrank the example's.
            Some(worked) if settings.references.is_empty() => {
                worked.with_reference(settings.options())
            }
            _ => settings.options(),
        };
        let text = match (data, worked) {
            (Some(data), _) => data,
            (None, Some(worked)) => worked.text.to_owned(),
            (None, None) => EXAMPLE_TABLE.to_owned(),
        };
        State {
            text,
            options,
            embed: settings.embed,
            presenter: settings.presenter.then_some(0),
            safe: settings.publish_safe,
            rules: Rules {
                threshold: settings.safe_threshold,
                ..Rules::default()
            },
            link_notes: notes,
            ..State::default()
        }
    }

    /// The settings a share link carries: the choices, publish-safe figures
    /// and the worked example shown (so that a link without the figures
    /// still opens on the same example). Presenter and embed mode stay
    /// with this page: the link opens the whole calculator.
    pub fn settings(&self) -> Settings {
        Settings {
            example: examples()
                .iter()
                .find(|worked| worked.text == self.text)
                .map(|worked| worked.id),
            publish_safe: self.safe,
            safe_threshold: self.rules.threshold,
            ..Settings::default()
        }
        .with_options(&self.options)
    }

    /// Whether the box holds figures the user would lose to a file: anything
    /// but a worked example or blank space.
    pub fn has_own_figures(&self) -> bool {
        !self.text.trim().is_empty()
            && self.text != EXAMPLE_TABLE
            && examples().iter().all(|example| self.text != example.text)
    }

    /// The figures replaced by a file's or an example's. An example brings
    /// its suggested reference group, in place of the choices made for
    /// single breakdowns of the table it replaces.
    fn load(&mut self, file: &LoadedFile) {
        self.replace_text(file.text.clone());
        if let Some(example) = file.example {
            self.options = example.with_reference(Options {
                references: Vec::new(),
                ..self.options.clone()
            });
        }
    }

    fn replace_text(&mut self, text: String) {
        self.text = text;
        self.pending_file = None;
        self.file_problem = None;
        self.replacements = self.replacements.wrapping_add(1);
        self.typed_since_replacement = false;
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Nothing to confirm: the same state, so nothing re-renders.
        if matches!(action, Action::ConfirmFile) && self.pending_file.is_none() {
            return self;
        }
        // One copy of the state, changed in place: building a new `State`
        // in every arm put a copy of the code that clones it in each.
        let mut next = (*self).clone();
        match action {
            Action::Edit {
                text,
                edit: Edit::Typed,
            }
            | Action::SetText(text) => {
                next.text = text;
                next.typed_since_replacement = true;
            }
            Action::Edit {
                text,
                edit: Edit::Replaced,
            } => next.replace_text(text),
            Action::FileRead(file) if self.has_own_figures() => {
                next.pending_file = Some(file);
                next.file_problem = None;
            }
            Action::FileRead(file) => next.load(&file),
            Action::ConfirmFile => {
                if let Some(file) = next.pending_file.take() {
                    next.load(&file);
                }
            }
            Action::KeepFigures => next.pending_file = None,
            Action::FileFailed(problem) => {
                next.pending_file = None;
                next.file_problem = Some(problem);
            }
            Action::Reference {
                breakdown,
                reference,
            } => {
                next.options = self
                    .options
                    .clone()
                    .with_reference_for(&breakdown, reference);
            }
            Action::Confidence(confidence) => next.options.confidence = confidence,
            Action::Interval(interval) => next.options.interval = interval,
            Action::Population(population) => next.options.population = population,
            Action::SelectTab(tab) => next.tab = tab,
            Action::Present(on) => next.presenter = on.then_some(0),
            Action::Slide(slide) => next.presenter = self.presenter.map(|_| slide),
            Action::Safe(safe) => next.safe = safe,
            Action::SafeThreshold(threshold) => next.rules.threshold = threshold,
            Action::ShareFigures(share_figures) => next.share_figures = share_figures,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn file(text: &str) -> LoadedFile {
        LoadedFile {
            name: "figures.csv".to_string(),
            text: text.to_string(),
            example: None,
        }
    }

    #[test]
    fn a_file_replaces_the_example_at_once() {
        let state = reduce(State::default(), Action::FileRead(file("Group,IPS\n")));
        assert_eq!(state.text, "Group,IPS\n");
        assert_eq!(state.pending_file, None);
        assert_eq!(state.replacements, 1);
    }

    #[test]
    fn a_file_waits_for_confirmation_over_typed_figures() {
        let typed = reduce(
            State::default(),
            Action::Edit {
                text: "Mine\r\n".to_string(),
                edit: Edit::Typed,
            },
        );
        let waiting = reduce(typed, Action::FileRead(file("Theirs")));
        assert_eq!(waiting.text, "Mine\r\n");
        assert_eq!(waiting.pending_file, Some(file("Theirs")));
        let kept = reduce(waiting.clone(), Action::KeepFigures);
        assert_eq!((kept.text.as_str(), kept.pending_file), ("Mine\r\n", None));
        let replaced = reduce(waiting, Action::ConfirmFile);
        assert_eq!(
            (replaced.text.as_str(), replaced.pending_file),
            ("Theirs", None)
        );
        assert!(!replaced.typed_since_replacement);
    }

    #[test]
    fn a_table_edit_replaces_the_text_like_typing() {
        let state = reduce(
            State::default(),
            Action::SetText("Group,IPS\nA,1\n".to_string()),
        );
        assert_eq!(state.text, "Group,IPS\nA,1\n");
        assert_eq!(
            (state.replacements, state.typed_since_replacement),
            (0, true)
        );
    }

    #[test]
    fn choices_change_only_their_option() {
        let state = reduce(State::default(), Action::Confidence(0.99));
        let state = reduce(state, Action::Interval(IntervalMethod::Exact));
        let state = reduce(
            state,
            Action::Reference {
                breakdown: "Ethnicity".to_string(),
                reference: Reference::Named("Black".to_string()),
            },
        );
        assert_eq!(
            state.options,
            Options {
                reference: Reference::Largest,
                references: vec![(
                    "Ethnicity".to_string(),
                    Reference::Named("Black".to_string())
                )],
                confidence: 0.99,
                interval: IntervalMethod::Exact,
                population: PopulationFigures::FromHeaders,
            }
        );
        assert_eq!(state.text, EXAMPLE_TABLE);
    }

    #[test]
    fn the_population_choice_changes_how_the_figures_are_read_only() {
        let typed = reduce(
            State::default(),
            Action::Edit {
                text: "Group,Population,IPS\nA,60,70\nB,40,30\n".to_string(),
                edit: Edit::Typed,
            },
        );
        assert_eq!(typed.options.population, PopulationFigures::FromHeaders);
        let chosen = reduce(
            typed.clone(),
            Action::Population(PopulationFigures::Percentages),
        );
        assert_eq!(chosen.options.population, PopulationFigures::Percentages);
        assert_eq!(
            State {
                options: Options {
                    population: PopulationFigures::FromHeaders,
                    ..chosen.options.clone()
                },
                ..chosen.clone()
            },
            typed
        );
        let analysed = crate::analysis::analyse_text(&chosen.text, &chosen.options);
        assert_eq!(analysed.errors, vec![]);
        assert_eq!(
            analysed.report.breakdowns[0].groups[0].population_percent,
            Some(60.0)
        );
        let back = reduce(chosen, Action::Population(PopulationFigures::Counts));
        assert_eq!(back.options.population, PopulationFigures::Counts);
        assert_eq!(
            crate::analysis::analyse_text(&back.text, &back.options)
                .errors
                .len(),
            1
        );
    }

    #[test]
    fn a_reference_choice_applies_to_its_breakdown_only() {
        let choose = |state, breakdown: &str, reference| {
            reduce(
                state,
                Action::Reference {
                    breakdown: breakdown.to_string(),
                    reference,
                },
            )
        };
        let state = choose(
            State::default(),
            "Sex",
            Reference::Named("Female".to_string()),
        );
        let state = choose(state, "Ethnicity", Reference::HighestJobRate);
        let state = choose(state, "sex", Reference::Largest);
        assert_eq!(state.options.reference_for("Sex"), &Reference::Largest);
        assert_eq!(
            state.options.reference_for("Ethnicity"),
            &Reference::HighestJobRate
        );
        assert_eq!(state.options.references.len(), 2);
    }

    fn worked(id: &str) -> &'static Example {
        example(id).unwrap_or_else(|| panic!("no worked example {id}"))
    }

    #[test]
    fn the_page_starts_on_the_example_that_echoes_a_london_service() {
        // tests/browser.rs expects src/app/example.csv's findings on load.
        assert_eq!(State::at_start("", "").text, EXAMPLE_TABLE);
        assert_eq!(worked("london-echo").text, EXAMPLE_TABLE);
        assert_eq!(State::at_start("", ""), State::default());
    }

    #[test]
    fn an_example_replaces_an_example_at_once_with_its_reference() {
        let small = worked("small-service");
        let state = reduce(
            State::default(),
            Action::FileRead(LoadedFile::example(small)),
        );
        assert_eq!(
            (state.text.as_str(), state.pending_file.as_ref()),
            (small.text, None)
        );
        assert_eq!(
            state.options.reference_for("Age band"),
            &Reference::Named("35-49".to_string())
        );
        assert!(!state.has_own_figures());
    }

    #[test]
    fn an_example_asks_before_replacing_typed_figures() {
        let typed = reduce(
            State::default(),
            Action::Edit {
                text: "Mine".to_string(),
                edit: Edit::Typed,
            },
        );
        let tiny = worked("tiny-numbers");
        let waiting = reduce(typed, Action::FileRead(LoadedFile::example(tiny)));
        assert_eq!(waiting.text, "Mine");
        assert_eq!(
            waiting.pending_file.as_ref().map(|file| file.name.as_str()),
            Some("the worked example \u{201c}Tiny numbers\u{201d}")
        );
        let kept = reduce(waiting.clone(), Action::KeepFigures);
        assert_eq!(kept.text, "Mine");
        let replaced = reduce(waiting, Action::ConfirmFile);
        assert_eq!(
            (replaced.text.as_str(), replaced.pending_file),
            (tiny.text, None)
        );
    }

    #[test]
    fn a_file_drops_no_reference_choice() {
        let chosen = reduce(
            State::default(),
            Action::Reference {
                breakdown: "Sex".to_string(),
                reference: Reference::Named("Female".to_string()),
            },
        );
        let state = reduce(chosen.clone(), Action::FileRead(file("Sex,IPS\n")));
        assert_eq!(state.options, chosen.options);
    }

    #[test]
    fn presets_from_the_query_apply_and_bad_ones_are_noted() {
        let state = State::at_start(
            "?example=tiny-numbers&confidence=99&interval=exact&safe=1&threshold=10&presenter=1&embed=1&confidence=90&colour=red",
            "",
        );
        assert_eq!(state.text, worked("tiny-numbers").text);
        assert_eq!(state.options.confidence, 0.99);
        assert_eq!(state.options.interval, IntervalMethod::Exact);
        assert!(state.safe && state.embed);
        assert_eq!(state.rules.threshold, 10);
        assert_eq!(state.presenter, Some(0));
        // A second confidence level and an unknown parameter.
        assert_eq!(state.link_notes.len(), 2, "{:?}", state.link_notes);

        let ignored = State::at_start("?confidence=97&example=nothing&threshold=2", "");
        assert_eq!(
            State {
                link_notes: Vec::new(),
                ..ignored.clone()
            },
            State::default()
        );
        assert_eq!(ignored.link_notes.len(), 3, "{:?}", ignored.link_notes);
    }

    #[test]
    fn a_share_link_restores_the_settings_and_only_its_own_figures() {
        let typed = reduce(
            State::default(),
            Action::Edit {
                text: "Group,Population,IPS\nA,10,2\nB,20,9\n".to_string(),
                edit: Edit::Typed,
            },
        );
        let chosen = [
            Action::Confidence(0.90),
            Action::Safe(true),
            Action::SafeThreshold(9),
            Action::Reference {
                breakdown: "Group".to_string(),
                reference: Reference::Named("B".to_string()),
            },
        ]
        .into_iter()
        .fold(typed, reduce);
        let link = |data: Option<&str>| {
            crate::settings::to_fragment(&chosen.settings(), data)
                .unwrap_or_else(|problem| panic!("{problem}"))
        };

        let without = State::at_start("", &format!("#{}", link(None)));
        assert_eq!(without.text, EXAMPLE_TABLE);
        assert_eq!(without.options, chosen.options);
        assert!(without.safe);
        assert_eq!(without.rules.threshold, 9);
        assert!(without.link_notes.is_empty(), "{:?}", without.link_notes);

        let with = State::at_start("?embed=1", &link(Some(&chosen.text)));
        assert_eq!(with.text, chosen.text);
        assert_eq!(with.options, chosen.options);
        assert!(with.embed);
    }

    #[test]
    fn a_share_link_names_the_example_shown_and_never_the_modes() {
        let state = reduce(
            State::at_start("?embed=1&presenter=1", ""),
            Action::FileRead(LoadedFile::example(worked("under-represented"))),
        );
        let settings = state.settings();
        assert_eq!(settings.example, Some("under-represented"));
        assert!(!settings.embed && !settings.presenter);
        let opened = State::at_start(
            "",
            &crate::settings::to_fragment(&settings, None).unwrap_or_default(),
        );
        assert_eq!(opened.text, worked("under-represented").text);
    }

    #[test]
    fn a_damaged_share_link_is_noted_and_the_page_starts_as_usual() {
        let state = State::at_start("", "#ips-equity=1&length=99&data=A%2C1");
        assert_eq!(state.text, EXAMPLE_TABLE);
        assert_eq!(state.link_notes.len(), 1);
        // The page's own anchors are no share link.
        assert_eq!(State::at_start("", "#results"), State::default());
    }

    #[test]
    fn presenter_mode_steps_and_leaves() {
        let state = reduce(State::default(), Action::Present(true));
        assert_eq!(state.presenter, Some(0));
        let state = reduce(state, Action::Slide(3));
        assert_eq!(state.presenter, Some(3));
        let state = reduce(state, Action::Present(false));
        assert_eq!(state.presenter, None);
        // A step outside presenter mode does not start it.
        assert_eq!(reduce(state, Action::Slide(2)).presenter, None);
    }

    #[test]
    fn the_publish_safe_threshold_is_kept_while_the_switch_is_off() {
        let state = reduce(State::default(), Action::SafeThreshold(10));
        assert!(!state.safe);
        let state = reduce(state, Action::Safe(true));
        assert_eq!((state.safe, state.rules.threshold), (true, 10));
        assert_eq!(
            state
                .settings()
                .disclosure_rules()
                .map(|rules| rules.threshold),
            Some(10)
        );
    }
}

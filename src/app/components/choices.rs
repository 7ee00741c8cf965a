//! The user's choices, as GOV.UK radios, checkboxes and selects: the
//! reference group of the breakdown shown, the confidence level, how
//! job-rate intervals are worked out, how the population figures are read,
//! and publish-safe figures with their threshold.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::markup;
use crate::analysis::{Options, Reference};
use crate::app::state::CONFIDENCE_LEVELS;
use crate::disclosure::Rules;
use crate::input::PopulationFigures;
use crate::report::IntervalMethod;
use crate::settings::SAFE_THRESHOLDS;
use crate::words::confidence_label;

/// A breakdown's name and its groups' names, for the reference list.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupList {
    pub breakdown: String,
    pub groups: Vec<String>,
}

/// The options as chosen, the groups to offer and what each choice sends.
#[derive(Properties, PartialEq)]
pub struct ChoicesProps {
    pub options: Options,
    pub groups: Vec<GroupList>,
    /// The breakdown shown in the results (an index into `groups`; out of
    /// range means the first): the reference select sets its reference.
    pub tab: usize,
    /// A breakdown's name and how it now picks its reference group.
    pub on_reference: Callback<(String, Reference)>,
    pub on_confidence: Callback<f64>,
    pub on_interval: Callback<IntervalMethod>,
    /// How the population column is to be read.
    pub on_population: Callback<PopulationFigures>,
    /// Whether publish-safe figures are on, and their rules.
    pub safe: bool,
    pub rules: Rules,
    pub on_safe: Callback<bool>,
    /// Counts from 1 to this are to be withheld.
    pub on_threshold: Callback<u64>,
}

/// The population radios: each choice, its radio's id and its label.
const POPULATION_CHOICES: [(PopulationFigures, &str, &str); 3] = [
    (
        PopulationFigures::FromHeaders,
        "population-headings",
        "Worked out from the column headings",
    ),
    (
        PopulationFigures::Counts,
        "population-counts",
        "Counts of people (for example a caseload)",
    ),
    (
        PopulationFigures::Percentages,
        "population-percent",
        "Census percentages",
    ),
];

/// The select's values: the two rules, and each group behind a prefix so
/// that no group's name (even "highest-rate") can pass for a rule.
const LARGEST: &str = "largest";
const HIGHEST_JOB_RATE: &str = "highest-rate";
const GROUP: &str = "group:";

fn select_value(reference: &Reference) -> String {
    match reference {
        Reference::Largest => LARGEST.to_string(),
        Reference::HighestJobRate => HIGHEST_JOB_RATE.to_string(),
        Reference::Named(name) => format!("{GROUP}{name}"),
    }
}

fn reference_from(value: &str) -> Reference {
    match value.strip_prefix(GROUP) {
        Some(name) => Reference::Named(name.to_string()),
        None if value == HIGHEST_JOB_RATE => Reference::HighestJobRate,
        None => Reference::Largest,
    }
}

/// The reference group of the breakdown shown (a select), then the
/// confidence level, the interval method and how the population figures
/// are read (radios in fieldsets).
#[component]
pub fn Choices(props: &ChoicesProps) -> Html {
    let options = &props.options;
    let shown = props.groups.get(props.tab).or(props.groups.first());
    let breakdown = shown.map(|list| list.breakdown.clone());
    let chosen = breakdown
        .as_deref()
        .map_or(&options.reference, |name| options.reference_for(name));
    let chosen_value = select_value(chosen);
    let unlisted = match chosen {
        Reference::Named(name) => shown
            .is_none_or(|list| !list.groups.contains(name))
            .then(|| name.clone()),
        _ => None,
    };
    let on_reference = {
        let emit = props.on_reference.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            // With no table yet there is no breakdown to choose for.
            if let Some(breakdown) = breakdown.clone() {
                emit.emit((breakdown, reference_from(&select.value())));
            }
        })
    };
    let label = match shown {
        Some(list) if props.groups.len() > 1 => {
            format!("Reference group for {}", list.breakdown)
        }
        _ => "Reference group".to_string(),
    };
    let option = |value: String, text: String| {
        let selected = value == chosen_value;
        html! { <option {value} {selected}>{ text }</option> }
    };

    html! {
        <section class="app-choices" aria-labelledby="choices-title">
            { markup("<h2 id=\"choices-title\">Choices</h2>") }
            <div class="app-form-group">
                <label class="app-label" for="reference">{ label }</label>
                <div class="app-hint" id="reference-hint">
                    { "Every other group is compared with this one. The group with the most people in IPS gives the most precise comparisons. With the group with the highest job rate, every other group\u{2019}s job-rate ratio is 1 or less, and a ratio below 0.80 falls short of four-fifths of the best rate." }
                    if props.groups.len() > 1 {
                        { " This choice is for the breakdown shown in the results; choose another tab to set its own." }
                    }
                </div>
                <select class="app-select" id="reference" name="reference"
                    aria-describedby="reference-hint" onchange={on_reference}>
                    { option(LARGEST.to_string(), "The group with the most people in IPS".to_string()) }
                    { option(HIGHEST_JOB_RATE.to_string(), "The group with the highest job rate (four-fifths reading)".to_string()) }
                    for group in shown.into_iter().flat_map(|list| &list.groups) {
                        { option(select_value(&Reference::Named(group.clone())), group.clone()) }
                    }
                    if let Some(name) = unlisted {
                        { option(select_value(&Reference::Named(name.clone())), format!("{name} (not in the table)")) }
                    }
                </select>
            </div>
            { radio_group(
                "confidence-hint",
                concat!(
                    "<legend class=\"app-fieldset__legend\">Confidence level</legend>",
                    "<div class=\"app-hint\" id=\"confidence-hint\">",
                    "How sure the intervals are to contain the true figure. Tests use the matching significance level.",
                    "</div>",
                ),
                "app-radios app-radios--inline",
                CONFIDENCE_LEVELS.iter().map(|&level| {
                    let label = confidence_label(level);
                    let id = format!("confidence-{}", label.trim_end_matches('%'));
                    radio(
                        &id,
                        "confidence",
                        &label,
                        None,
                        (options.confidence - level).abs() < 1e-9,
                        props.on_confidence.reform(move |_| level),
                    )
                }).collect(),
            ) }
            { radio_group(
                "interval-hint",
                concat!(
                    "<legend class=\"app-fieldset__legend\">Intervals for job rates</legend>",
                    "<div class=\"app-hint\" id=\"interval-hint\">",
                    "Shares of IPS always use Wilson score intervals.",
                    "</div>",
                ),
                "app-radios",
                vec![
                    radio(
                        "interval-wilson",
                        "interval",
                        "Wilson score",
                        Some("Recommended: close to the chosen confidence level, even for small groups."),
                        options.interval == IntervalMethod::Wilson,
                        props.on_interval.reform(|_| IntervalMethod::Wilson),
                    ),
                    radio(
                        "interval-exact",
                        "interval",
                        "Exact (Clopper-Pearson)",
                        Some("Never less sure than the chosen level, so often wider than it needs to be."),
                        options.interval == IntervalMethod::Exact,
                        props.on_interval.reform(|_| IntervalMethod::Exact),
                    ),
                ],
            ) }
            { radio_group(
                "population-hint",
                concat!(
                    "<legend class=\"app-fieldset__legend\">Population figures</legend>",
                    "<div class=\"app-hint\" id=\"population-hint\">",
                    "A column headed Population holds numbers of people; one headed Population % holds percentages. Choose here if your headings say otherwise.",
                    "</div>",
                ),
                "app-radios",
                POPULATION_CHOICES.iter().map(|&(figures, id, label)| radio(
                    id,
                    "population",
                    label,
                    None,
                    options.population == figures,
                    props.on_population.reform(move |_| figures),
                )).collect(),
            ) }
            { safe_choice(props) }
        </section>
    }
}

/// The publish-safe switch (a GOV.UK checkbox) and, once it is on, the
/// threshold below which counts are withheld.
fn safe_choice(props: &ChoicesProps) -> Html {
    let on_safe = props.on_safe.reform(|event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        input.checked()
    });
    let on_threshold = {
        let emit = props.on_threshold.clone();
        let current = props.rules.threshold;
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            emit.emit(select.value().parse().unwrap_or(current));
        })
    };
    let threshold = props.rules.threshold;
    // A threshold from a link may be one the list does not offer.
    let mut levels: Vec<u64> = SAFE_THRESHOLDS.collect();
    if !levels.contains(&threshold) {
        levels.push(threshold);
        levels.sort_unstable();
    }
    html! {
        <div class="app-form-group">
            <fieldset class="app-fieldset" aria-describedby="safe-hint">
                { markup(concat!(
                    "<legend class=\"app-fieldset__legend\">Publish-safe figures</legend>",
                    "<div class=\"app-hint\" id=\"safe-hint\">",
                    "Before you share results outside your organisation: small counts are withheld and the others rounded, so that no one can be identified.",
                    "</div>",
                )) }
                <div class="app-checkboxes">
                    <div class="app-checkboxes__item">
                        <input class="app-checkboxes__input" type="checkbox" id="safe" name="safe"
                            checked={props.safe} onchange={on_safe} />
                        { markup("<label class=\"app-checkboxes__label\" for=\"safe\">Show publish-safe figures</label>") }
                    </div>
                </div>
                if props.safe {
                    <div class="app-form-group app-checkboxes__conditional">
                        { markup("<label class=\"app-label\" for=\"safe-threshold\">Withhold counts of</label>") }
                        <select class="app-select" id="safe-threshold" name="safe-threshold" onchange={on_threshold}>
                            for level in levels {
                                <option value={level.to_string()} selected={level == threshold}>
                                    { threshold_text(level) }
                                </option>
                            }
                        </select>
                    </div>
                }
            </fieldset>
        </div>
    }
}

/// A GOV.UK fieldset of radios: `legend` is its legend and hint (the
/// hint's id is `hint`), `class` that of the radios' box.
fn radio_group(
    hint: &'static str,
    legend: &'static str,
    class: &'static str,
    radios: Vec<Html>,
) -> Html {
    html! {
        <div class="app-form-group">
            <fieldset class="app-fieldset" aria-describedby={hint}>
                { markup(legend) }
                <div class={class}>{ radios }</div>
            </fieldset>
        </div>
    }
}

/// A threshold as the list offers it, naming NHS England's.
fn threshold_text(level: u64) -> String {
    let text = format!("1 to {level}");
    if level == Rules::default().threshold {
        format!("{text} (NHS England\u{2019}s rule)")
    } else {
        text
    }
}

fn radio(
    id: &str,
    name: &str,
    label: &str,
    hint: Option<&str>,
    checked: bool,
    onchange: Callback<Event>,
) -> Html {
    let hint_id = format!("{id}-hint");
    html! {
        <div class="app-radios__item">
            <input class="app-radios__input" type="radio" id={id.to_string()} name={name.to_string()}
                {checked} {onchange}
                aria-describedby={hint.map(|_| hint_id.clone())} />
            <label class="app-radios__label" for={id.to_string()}>{ label }</label>
            if let Some(hint) = hint {
                <div class="app-hint app-radios__hint" id={hint_id}>{ hint }</div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_values_tell_rules_from_groups_of_any_name() {
        for reference in [
            Reference::Largest,
            Reference::HighestJobRate,
            Reference::Named("highest-rate".to_string()),
            Reference::Named("largest".to_string()),
            Reference::Named("group:Age >= 65".to_string()),
        ] {
            assert_eq!(reference_from(&select_value(&reference)), reference);
        }
        assert_eq!(select_value(&Reference::HighestJobRate), "highest-rate");
        assert_eq!(
            select_value(&Reference::Named("Black".to_string())),
            "group:Black"
        );
    }
}

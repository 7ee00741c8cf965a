//! The user's choices, as GOV.UK radios and a select: the reference group,
//! the confidence level and how job-rate intervals are worked out.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::Options;
use crate::app::state::CONFIDENCE_LEVELS;
use crate::report::IntervalMethod;
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
    pub on_reference: Callback<Option<String>>,
    pub on_confidence: Callback<f64>,
    pub on_interval: Callback<IntervalMethod>,
}

/// The reference group (a select, grouped by breakdown), then the
/// confidence level and the interval method (radios in fieldsets).
#[component]
pub fn Choices(props: &ChoicesProps) -> Html {
    let options = &props.options;
    let chosen = options.reference.as_deref().unwrap_or_default();
    let listed = props
        .groups
        .iter()
        .flat_map(|list| &list.groups)
        .any(|group| group == chosen);
    let on_reference = props.on_reference.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        Some(select.value()).filter(|value| !value.is_empty())
    });
    let several = props.groups.len() > 1;

    html! {
        <section class="app-choices" aria-labelledby="choices-title">
            <h2 id="choices-title">{ "Choices" }</h2>
            <div class="app-form-group">
                <label class="app-label" for="reference">{ "Reference group" }</label>
                <div class="app-hint" id="reference-hint">
                    { "Every other group is compared with this one; a large group gives the most precise comparisons. A breakdown without the group chosen is compared with its largest group." }
                </div>
                <select class="app-select" id="reference" name="reference"
                    aria-describedby="reference-hint" onchange={on_reference}>
                    <option value="" selected={chosen.is_empty()}>
                        { "The group with the most people in IPS" }
                    </option>
                    { for props.groups.iter().map(|list| {
                        let items = html! {
                            { for list.groups.iter().map(|group| html! {
                                <option value={group.clone()} selected={group == chosen}>{ group }</option>
                            }) }
                        };
                        if several {
                            html! { <optgroup label={list.breakdown.clone()}>{ items }</optgroup> }
                        } else {
                            items
                        }
                    }) }
                    if !chosen.is_empty() && !listed {
                        <option value={chosen.to_string()} selected=true>
                            { format!("{chosen} (not in the table)") }
                        </option>
                    }
                </select>
            </div>
            <div class="app-form-group">
                <fieldset class="app-fieldset" aria-describedby="confidence-hint">
                    <legend class="app-fieldset__legend">{ "Confidence level" }</legend>
                    <div class="app-hint" id="confidence-hint">
                        { "How sure the intervals are to contain the true figure. Tests use the matching significance level." }
                    </div>
                    <div class="app-radios app-radios--inline">
                        { for CONFIDENCE_LEVELS.iter().map(|&level| {
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
                        }) }
                    </div>
                </fieldset>
            </div>
            <div class="app-form-group">
                <fieldset class="app-fieldset" aria-describedby="interval-hint">
                    <legend class="app-fieldset__legend">{ "Intervals for job rates" }</legend>
                    <div class="app-hint" id="interval-hint">
                        { "Shares of IPS always use Wilson score intervals." }
                    </div>
                    <div class="app-radios">
                        { radio(
                            "interval-wilson",
                            "interval",
                            "Wilson score",
                            Some("Recommended: close to the chosen confidence level, even for small groups."),
                            options.interval == IntervalMethod::Wilson,
                            props.on_interval.reform(|_| IntervalMethod::Wilson),
                        ) }
                        { radio(
                            "interval-exact",
                            "interval",
                            "Exact (Clopper-Pearson)",
                            Some("Never less sure than the chosen level, so often wider than it needs to be."),
                            options.interval == IntervalMethod::Exact,
                            props.on_interval.reform(|_| IntervalMethod::Exact),
                        ) }
                    </div>
                </fieldset>
            </div>
        </section>
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

//! The results: for each breakdown, the findings in plain words, then the
//! tables and tests behind them. Every figure comes from the core's
//! [`Report`], rounded for display by `crate::words`; nothing is computed
//! here.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::input::PopulationKind;
use crate::report::{BreakdownReport, Flag, GroupReport, IntervalMethod, Note};
use crate::stats::chisquare::ChiSquareTest;
use crate::stats::freeman_halton::ExactMethod;
use crate::stats::Interval;
use crate::words::{confidence_label, count, fixed, p_value, percent, ratio_text, signed_number};

use super::charts::{access_charts, job_rate_chart};

/// The analysis to show and the breakdown chosen.
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub analysis: Rc<Analysis>,
    /// The selected breakdown; out of range means the first.
    pub tab: usize,
    pub on_tab: Callback<usize>,
}

/// The warnings, then each breakdown's results, as tabs when there are
/// several (all in the page, so that printing shows every one).
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let report = &props.analysis.report;
    let breakdowns = &report.breakdowns;
    let selected = if props.tab < breakdowns.len() {
        props.tab
    } else {
        0
    };
    let tabbed = breakdowns.len() > 1;
    let confidence = confidence_label(report.confidence);
    let interval = match report.interval_method {
        IntervalMethod::Wilson => "Wilson score",
        IntervalMethod::Exact => "exact (Clopper-Pearson)",
    };

    html! {
        <section class="app-results" id="results" aria-labelledby="results-title">
            <h2 id="results-title">{ "Results" }</h2>
            if !report.warnings.is_empty() {
                <section class="app-warning" id="warnings" aria-labelledby="warnings-title">
                    <h3 id="warnings-title">{ "Please check" }</h3>
                    <ul class="app-list app-list--bullet">
                        { for report.warnings.iter().map(|warning| html! { <li>{ warning }</li> }) }
                    </ul>
                </section>
            }
            if breakdowns.is_empty() {
                <p id="no-results">{ "Results appear here once the table has at least two groups to compare." }</p>
            } else {
                <p class="app-hint">
                    { format!(
                        "Intervals are {confidence} confidence intervals ({interval} for job rates). Ratios below {} or above {} are flagged, to be read beside their interval and test.",
                        ratio_text(Flag::LOWER),
                        ratio_text(Flag::UPPER),
                    ) }
                </p>
                <div class={classes!(tabbed.then_some("app-tabs"))}>
                    if tabbed {
                        { tab_list(breakdowns, selected, &props.on_tab) }
                    }
                    { for breakdowns.iter().enumerate().map(|(index, breakdown)| {
                        panel(index, breakdown, &confidence, report.confidence, tabbed, index == selected)
                    }) }
                </div>
            }
        </section>
    }
}

/// GOV.UK-style tabs: arrow keys, Home and End move between them.
fn tab_list(breakdowns: &[BreakdownReport], selected: usize, on_tab: &Callback<usize>) -> Html {
    let last = breakdowns.len().saturating_sub(1);
    html! {
        <ul class="app-tabs__list" role="tablist" aria-label="Breakdowns">
            { for breakdowns.iter().enumerate().map(|(index, breakdown)| {
                let onclick = on_tab.reform(move |_: MouseEvent| index);
                let onkeydown = {
                    let on_tab = on_tab.clone();
                    Callback::from(move |event: KeyboardEvent| {
                        let next = match event.key().as_str() {
                            "ArrowRight" | "ArrowDown" => if index == last { 0 } else { index + 1 },
                            "ArrowLeft" | "ArrowUp" => if index == 0 { last } else { index - 1 },
                            "Home" => 0,
                            "End" => last,
                            _ => return,
                        };
                        event.prevent_default();
                        on_tab.emit(next);
                        focus_tab(next);
                    })
                };
                let is_selected = index == selected;
                html! {
                    <li class="app-tabs__item" role="presentation">
                        <button type="button" role="tab"
                            class={classes!("app-tabs__tab", is_selected.then_some("app-tabs__tab--selected"))}
                            id={format!("tab-{index}")}
                            aria-controls={format!("breakdown-{index}")}
                            aria-selected={if is_selected { "true" } else { "false" }}
                            tabindex={if is_selected { "0" } else { "-1" }}
                            {onclick} {onkeydown}>
                            { &breakdown.name }
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

/// Every tab is in the page already (the hidden ones too, for printing),
/// so the one chosen by key can take focus at once.
fn focus_tab(index: usize) {
    let tab = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(&format!("tab-{index}")))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(tab) = tab {
        // A tab that cannot take focus leaves focus where it was.
        let _ = tab.focus();
    }
}

fn panel(
    index: usize,
    breakdown: &BreakdownReport,
    confidence: &str,
    confidence_level: f64,
    tabbed: bool,
    selected: bool,
) -> Html {
    html! {
        <section class={classes!("app-breakdown", tabbed.then_some("app-tabs__panel"))}
            id={format!("breakdown-{index}")}
            role={tabbed.then_some("tabpanel")}
            aria-labelledby={format!("breakdown-{index}-title")}
            hidden={tabbed && !selected}>
            <h3 class="app-breakdown__title" id={format!("breakdown-{index}-title")}>{ &breakdown.name }</h3>
            <p>
                { format!(
                    "{} people in IPS across {} groups. Reference group: {}.",
                    count(breakdown.total_ips),
                    breakdown.groups.len(),
                    breakdown.reference_group,
                ) }
            </p>
            <h4>{ "What the figures show" }</h4>
            <ul class="app-list app-list--bullet app-findings" id={format!("findings-{index}")}>
                { for breakdown.groups.iter().filter(|group| !group.findings.is_empty()).map(|group| html! {
                    <li>{ group.findings.join(" ") }</li>
                }) }
                { for breakdown.findings.iter().map(|finding| html! { <li>{ finding }</li> }) }
            </ul>
            { access_table(index, breakdown, confidence, access_charts(index, breakdown, confidence_level)) }
            { outcome_table(index, breakdown, confidence, job_rate_chart(index, breakdown, confidence_level)) }
            { tests(index, breakdown) }
            { excluded(index, breakdown) }
            { notes(index, breakdown) }
        </section>
    }
}

/// A scrolling wrapper that keyboard users can reach and screen readers
/// name after the table's caption. The caption is for screen readers: the
/// heading above the table says the same to the eye.
fn table_wrapper(id: &str, caption: &str, head: Html, body: Html) -> Html {
    let caption_id = format!("{id}-caption");
    html! {
        <div class="app-table-wrapper" tabindex="0" role="region" aria-labelledby={caption_id.clone()}>
            <table class="app-table" id={id.to_string()}>
                <caption class="app-table__caption app-visually-hidden" id={caption_id}>{ caption }</caption>
                <thead class="app-table__head">{ head }</thead>
                <tbody class="app-table__body">{ body }</tbody>
            </table>
        </div>
    }
}

fn access_table(index: usize, breakdown: &BreakdownReport, confidence: &str, charts: Html) -> Html {
    let counts = breakdown.population_kind == PopulationKind::Count;
    let head = html! {
        <tr>
            <th scope="col">{ "Group" }</th>
            <th scope="col" class="app-numeric">{ if counts { "Population" } else { "Population %" } }</th>
            <th scope="col" class="app-numeric">{ "People in IPS" }</th>
            <th scope="col" class="app-numeric">{ format!("Share of IPS ({confidence} CI)") }</th>
            <th scope="col" class="app-numeric">{ "Share of population" }</th>
            <th scope="col" class="app-numeric">{ format!("Representation ratio ({confidence} CI)") }</th>
            if counts {
                <th scope="col" class="app-numeric">{ format!("Uptake ratio to reference ({confidence} CI)") }</th>
            }
            <th scope="col" class="app-numeric">{ "p (binomial)" }</th>
            <th scope="col" class="app-numeric">{ "Holm-adjusted p" }</th>
        </tr>
    };
    let body = html! {
        { for breakdown.groups.iter().map(|group| {
            let access = &group.access;
            let population = match (group.population, group.population_percent) {
                (Some(people), _) => Some(count(people)),
                (None, Some(share)) => Some(format!("{}%", fixed(share, 1))),
                (None, None) => None,
            };
            html! {
                <tr>
                    { group_cell(group) }
                    <td class="app-numeric">{ figure(population) }</td>
                    <td class="app-numeric">{ count(group.ips) }</td>
                    <td class="app-numeric">{ estimate(Some(percent(access.ips_share)), range(access.ips_share_ci, percent), None) }</td>
                    <td class="app-numeric">{ percent(access.population_share) }</td>
                    <td class="app-numeric">{ estimate(
                        access.representation_ratio.map(ratio_text),
                        range(access.representation_ratio_ci, ratio_text),
                        access.flag,
                    ) }</td>
                    if counts {
                        <td class="app-numeric">{ estimate(
                            access.relative_access.map(ratio_text),
                            range(access.relative_access_ci, ratio_text),
                            None,
                        ) }</td>
                    }
                    <td class="app-numeric">{ figure(access.p_value.map(p_figure)) }</td>
                    <td class="app-numeric">{ figure(access.p_adjusted.map(p_figure)) }</td>
                </tr>
            }
        }) }
    };
    html! {
        <>
            <h4>{ "Access: does IPS reach each group in proportion?" }</h4>
            { charts }
            { table_wrapper(
                &format!("access-table-{index}"),
                &format!("Access to IPS by {}", breakdown.name.to_lowercase()),
                head,
                body,
            ) }
        </>
    }
}

fn outcome_table(index: usize, breakdown: &BreakdownReport, confidence: &str, chart: Html) -> Html {
    if breakdown.groups.iter().all(|group| group.outcome.is_none()) {
        return Html::default();
    }
    let head = html! {
        <tr>
            <th scope="col">{ "Group" }</th>
            <th scope="col" class="app-numeric">{ "People in IPS" }</th>
            <th scope="col" class="app-numeric">{ "Gained a job" }</th>
            <th scope="col" class="app-numeric">{ format!("Job rate ({confidence} CI)") }</th>
            <th scope="col" class="app-numeric">{ format!("Difference from reference, percentage points ({confidence} CI)") }</th>
            <th scope="col" class="app-numeric">{ format!("Ratio to reference ({confidence} CI)") }</th>
            <th scope="col" class="app-numeric">{ "p (Fisher exact)" }</th>
            <th scope="col" class="app-numeric">{ "Holm-adjusted p" }</th>
        </tr>
    };
    let body = html! {
        { for breakdown.groups.iter().map(|group| {
            let Some(outcome) = &group.outcome else {
                return Html::default();
            };
            html! {
                <tr>
                    { group_cell(group) }
                    <td class="app-numeric">{ count(group.ips) }</td>
                    <td class="app-numeric">{ figure(group.employed.map(count)) }</td>
                    <td class="app-numeric">{ estimate(outcome.rate.map(percent), range(outcome.rate_ci, percent), None) }</td>
                    <td class="app-numeric">{ estimate(
                        outcome.difference.map(signed_number),
                        range(outcome.difference_ci, signed_number),
                        None,
                    ) }</td>
                    <td class="app-numeric">{ estimate(
                        outcome.ratio.map(ratio_text),
                        range(outcome.ratio_ci, ratio_text),
                        outcome.flag,
                    ) }</td>
                    <td class="app-numeric">{ figure(outcome.p_value.map(p_figure)) }</td>
                    <td class="app-numeric">{ figure(outcome.p_adjusted.map(p_figure)) }</td>
                </tr>
            }
        }) }
    };
    html! {
        <>
            <h4>{ "Job outcomes: do job rates differ between groups?" }</h4>
            { chart }
            { table_wrapper(
                &format!("outcome-table-{index}"),
                &format!("Job outcomes by {}, compared with {}", breakdown.name.to_lowercase(), breakdown.reference_group),
                head,
                body,
            ) }
        </>
    }
}

fn tests(index: usize, breakdown: &BreakdownReport) -> Html {
    let counts = breakdown.population_kind == PopulationKind::Count;
    let head = html! {
        <tr>
            <th scope="col">{ "Test" }</th>
            <th scope="col">{ "What it asks" }</th>
            <th scope="col" class="app-numeric">{ "Chi-square" }</th>
            <th scope="col" class="app-numeric">{ "Degrees of freedom" }</th>
            <th scope="col" class="app-numeric">{ "p" }</th>
        </tr>
    };
    let outcome = breakdown.outcome_test.as_ref();
    let body = html! {
        <>
            { chi_square_row(
                "Goodness of fit",
                "Do the groups make up the same shares of IPS as of the population?",
                breakdown.access_test.as_ref(),
            ) }
            if counts {
                { chi_square_row(
                    "Uptake",
                    "Does the share of each group's population in IPS differ between groups?",
                    breakdown.uptake_test.as_ref(),
                ) }
                { chi_square_row(
                    "Two-sample chi-square: what published studies report",
                    "Do people in IPS and the population differ in make-up, taken as two separate samples?",
                    breakdown.two_sample_test.as_ref(),
                ) }
            }
            if let Some(test) = outcome {
                <tr>
                    <th scope="row">{ "Job outcomes: chi-square" }</th>
                    <td>{ "Do job rates differ between groups?" }</td>
                    <td class="app-numeric">{ figure(test.statistic.map(|statistic| fixed(statistic, 2))) }</td>
                    <td class="app-numeric">{ figure(test.df.map(count)) }</td>
                    <td class="app-numeric">{ figure(test.p_value.map(p_figure)) }</td>
                </tr>
                <tr>
                    <th scope="row">{ "Job outcomes: Freeman-Halton exact test" }</th>
                    <td>{ "Do job rates differ between groups? Exact, so right for small numbers." }</td>
                    <td class="app-numeric">{ missing() }</td>
                    <td class="app-numeric">{ missing() }</td>
                    <td class="app-numeric" aria-live="polite">
                        { test.exact_p_value.map_or_else(|| "Working out\u{2026}".to_string(), p_figure) }
                    </td>
                </tr>
            }
        </>
    };
    html! {
        <>
            <h4>{ "Tests across the groups" }</h4>
            { table_wrapper(
                &format!("tests-table-{index}"),
                &format!("Tests for {}", breakdown.name.to_lowercase()),
                head,
                body,
            ) }
            if counts && breakdown.two_sample_test.is_some() {
                <p class="app-body-s">
                    { "Published IPS equity studies report the two-sample chi-square, but it counts people in IPS twice, once as clients and again as part of the population they come from, so the goodness-of-fit and uptake tests are the ones to rely on." }
                </p>
            }
            if let Some(test) = outcome {
                <p class="app-body-s" id={format!("exact-method-{index}")}>
                    { match (test.exact_method, test.exact_p_value_se) {
                        (None, _) => "The Freeman-Halton p-value is being worked out; the other figures do not wait for it.".to_string(),
                        (Some(ExactMethod::Exact), _) => "The Freeman-Halton p-value was worked out exactly, over every table with the same totals.".to_string(),
                        (Some(ExactMethod::MonteCarlo), Some(se)) => format!(
                            "The Freeman-Halton p-value was estimated from random tables with the same totals (standard error {}).",
                            fixed(se, 5),
                        ),
                        (Some(ExactMethod::MonteCarlo), None) => "The Freeman-Halton p-value was estimated from random tables with the same totals.".to_string(),
                    } }
                </p>
            }
        </>
    }
}

fn chi_square_row(name: &str, question: &str, test: Option<&ChiSquareTest>) -> Html {
    html! {
        <tr>
            <th scope="row">{ name }</th>
            <td>{ question }</td>
            <td class="app-numeric">{ figure(test.map(|test| fixed(test.statistic, 2))) }</td>
            <td class="app-numeric">{ figure(test.map(|test| count(test.df))) }</td>
            <td class="app-numeric">{ figure(test.map(|test| p_figure(test.p_value))) }</td>
        </tr>
    }
}

fn excluded(index: usize, breakdown: &BreakdownReport) -> Html {
    if breakdown.excluded.is_empty() {
        return Html::default();
    }
    let head = html! {
        <tr>
            <th scope="col">{ "Group" }</th>
            <th scope="col" class="app-numeric">{ "Table row" }</th>
            <th scope="col" class="app-numeric">{ "People in IPS" }</th>
            <th scope="col" class="app-numeric">{ "Share of everyone in IPS" }</th>
            <th scope="col" class="app-numeric">{ "Population" }</th>
            <th scope="col" class="app-numeric">{ "Share of the population" }</th>
        </tr>
    };
    let body = html! {
        { for breakdown.excluded.iter().map(|row| {
            let population = match (row.population, row.population_percent) {
                (Some(people), _) => Some(count(people)),
                (None, Some(share)) => Some(format!("{}%", fixed(share, 1))),
                (None, None) => None,
            };
            html! {
                <tr>
                    <th scope="row">{ &row.group }</th>
                    <td class="app-numeric">{ row.row }</td>
                    <td class="app-numeric">{ count(row.ips) }</td>
                    <td class="app-numeric">{ figure(row.ips_share_of_total.map(percent)) }</td>
                    <td class="app-numeric">{ figure(population) }</td>
                    <td class="app-numeric">{ figure(row.population_share_of_total.map(percent)) }</td>
                </tr>
            }
        }) }
    };
    html! {
        <>
            <h4>{ "Left out of the comparisons" }</h4>
            { table_wrapper(
                &format!("excluded-table-{index}"),
                "Rows such as \u{201c}Not known\u{201d}, reported but not compared",
                head,
                body,
            ) }
        </>
    }
}

/// The breakdown's notes and each group's, except the small-numbers caution
/// that the group's findings already give.
fn notes(index: usize, breakdown: &BreakdownReport) -> Html {
    let mut lines: Vec<String> = breakdown.notes.iter().map(ToString::to_string).collect();
    if breakdown
        .outcome_test
        .is_some_and(|test| test.small_expected_counts)
    {
        lines.push(
            "Some groups are small enough that the chi-square test of job rates is unreliable: read the exact test's p-value."
                .to_string(),
        );
    }
    lines.extend(breakdown.groups.iter().flat_map(|group| {
        group
            .notes
            .iter()
            .filter(|note| !matches!(note, Note::SmallNumbers { .. }))
            .map(|note| format!("{}: {note}", group.group))
    }));
    if lines.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <h4>{ "Notes and cautions" }</h4>
            <ul class="app-list app-list--bullet" id={format!("notes-{index}")}>
                { for lines.iter().map(|line| html! { <li>{ line }</li> }) }
            </ul>
        </>
    }
}

fn group_cell(group: &GroupReport) -> Html {
    html! {
        <th scope="row">
            { &group.group }
            if group.is_reference {
                <span class="app-tag">{ "Reference" }</span>
            }
        </th>
    }
}

/// A figure, its interval beneath it and its flag beside the interval.
fn estimate(value: Option<String>, interval: Option<String>, flag: Option<Flag>) -> Html {
    let Some(value) = value else {
        return missing();
    };
    html! {
        <>
            <span class="app-estimate">{ value }</span>
            if interval.is_some() || flag.is_some() {
                <span class="app-interval">
                    if let Some(interval) = interval {
                        <span>{ interval }</span>
                    }
                    if let Some(flag) = flag {
                        { flag_tag(flag) }
                    }
                </span>
            }
        </>
    }
}

fn flag_tag(flag: Flag) -> Html {
    let text = match flag {
        Flag::Below => format!("Below {}", ratio_text(Flag::LOWER)),
        Flag::Above => format!("Above {}", ratio_text(Flag::UPPER)),
    };
    html! { <strong class="app-tag app-tag--flag">{ text }</strong> }
}

fn figure(value: Option<String>) -> Html {
    match value {
        Some(value) => html! { { value } },
        None => missing(),
    }
}

/// A dash for the eye and words for a screen reader.
fn missing() -> Html {
    html! {
        <>
            <span aria-hidden="true">{ "\u{2013}" }</span>
            <span class="app-visually-hidden">{ "not worked out" }</span>
        </>
    }
}

fn range(interval: Option<Interval>, show: fn(f64) -> String) -> Option<String> {
    interval.map(|interval| format!("{} to {}", show(interval.lower), show(interval.upper)))
}

/// A p-value for a column headed "p": "0.012", "< 0.001".
fn p_figure(p: f64) -> String {
    let text = p_value(p);
    match text.strip_prefix("p = ") {
        Some(number) => number.to_string(),
        None => text.trim_start_matches("p ").to_string(),
    }
}

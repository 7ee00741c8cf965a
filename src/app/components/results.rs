//! The results: for each breakdown, the findings in plain words, then the
//! charts, tables and tests behind them, each row with "How this was worked
//! out" beneath its table. Every table is the core's display model
//! (`crate::tables`), every chart the core's geometry, every sentence and
//! working the core's words; nothing is computed here.
//!
//! The results can be taken away: all of them as one CSV file, each table
//! or finding copied, each chart saved as SVG, or the whole printed with
//! the date and settings at the top and every explanation open (see
//! `tools`). With publish-safe figures on (`crate::disclosure`), the rules
//! are stated first, and the findings, tables, charts, workings and
//! exports are those the rules allow.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::disclosure::Disclosure;
use crate::export::{csv, html as table_html, tsv};
use crate::report::{BreakdownReport, Flag, IntervalMethod, Report};
use crate::tables::{
    breakdown_notes, breakdown_tables, Cell, Guard, Table, TableKind, Value, WITHHELD,
};
use crate::words::{confidence_label, count, ratio_text};
use crate::working::{breakdown_working, group_working, left_out_working, Figure, Working};

use super::charts::{access_charts, job_rate_chart};
use super::copy::{Copy, Look};
use super::show_working::{working_list, RowWorking};
use super::tools::{close_details_after_print, download, open_details_for_print, today};
use super::{items, markup};

/// The analysis to show and the breakdown chosen.
#[derive(Properties)]
pub struct ResultsProps {
    pub analysis: Rc<Analysis>,
    /// The publish-safe view of the analysis, when the switch is on.
    pub disclosure: Option<Rc<Disclosure>>,
    /// The selected breakdown; out of range means the first.
    pub tab: usize,
    pub on_tab: Callback<usize>,
    /// Whether the page is embedded in another site's (`?embed=1`): its
    /// sandbox has no `allow-modals`, so there is no print button.
    #[prop_or_default]
    pub embed: bool,
}

/// Compared by pointer: the same `Rc` is the same results. A new one may
/// hold equal results (the page rebuilds them on some renders), which then
/// costs a re-render that changes nothing in the page, where comparing
/// whole reports would cost the page a copy of the code that compares them.
impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        let same_disclosure = match (&self.disclosure, &other.disclosure) {
            (Some(this), Some(that)) => Rc::ptr_eq(this, that),
            (None, None) => true,
            _ => false,
        };
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && same_disclosure
            && self.tab == other.tab
            && self.on_tab == other.on_tab
            && self.embed == other.embed
    }
}

/// What every part of the results needs to know of the report and mode.
#[derive(Clone, Copy)]
struct Context {
    confidence: f64,
    interval: IntervalMethod,
    /// Publish-safe figures are on.
    safe: bool,
    tabbed: bool,
}

/// The warnings, the tools to take the results away, then each breakdown's
/// results, as tabs when there are several (all in the page, so that
/// printing shows every one).
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    // Printing from the browser's own menu must open the explanations too,
    // so the page listens for printing rather than only its own button.
    use_effect_with((), |()| {
        let window = web_sys::window();
        let before = Closure::<dyn Fn()>::new(open_details_for_print);
        let after = Closure::<dyn Fn()>::new(close_details_after_print);
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
            let _ = window
                .add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = &window {
                let _ = window.remove_event_listener_with_callback(
                    "beforeprint",
                    before.as_ref().unchecked_ref(),
                );
                let _ = window.remove_event_listener_with_callback(
                    "afterprint",
                    after.as_ref().unchecked_ref(),
                );
            }
        }
    });
    let report = &props.analysis.report;
    let breakdowns = &report.breakdowns;
    let selected = if props.tab < breakdowns.len() {
        props.tab
    } else {
        0
    };
    let context = Context {
        confidence: report.confidence,
        interval: report.interval_method,
        safe: props.disclosure.is_some(),
        tabbed: breakdowns.len() > 1,
    };
    let confidence = confidence_label(report.confidence);
    let interval = interval_name(report.interval_method);
    let (_, long_date) = today();
    let download_csv = {
        let analysis = props.analysis.clone();
        let disclosure = props.disclosure.clone();
        Callback::from(move |_: MouseEvent| {
            let (date, _) = today();
            let file = csv(
                &analysis.report,
                disclosure.as_deref(),
                &[("Date".to_string(), date.clone())],
            );
            download(
                &format!("ips-equity-results-{date}.csv"),
                "text/csv;charset=utf-8",
                &file,
            );
        })
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            // A browser that refuses to print leaves the page as it was.
            let _ = window.print();
        }
    });

    html! {
        <section class="app-results" id="results" aria-labelledby="results-title">
            <div class="app-print-only" id="print-header">
                <p>{ format!("Printed on {long_date} from the IPS Equity Calculator.") }</p>
                <ul class="app-list app-list--bullet">
                    { items(&settings_lines(report, props.disclosure.is_some())) }
                </ul>
            </div>
            { markup("<h2 id=\"results-title\">Results</h2>") }
            if let Some(disclosure) = &props.disclosure {
                { safe_rules(disclosure) }
            }
            if !report.warnings.is_empty() {
                <section class="app-warning" id="warnings" aria-labelledby="warnings-title">
                    { markup("<h3 id=\"warnings-title\">Please check</h3>") }
                    if props.disclosure.is_some() {
                        // The warnings quote the table's own counts.
                        { markup("<p>There are warnings about the table. They quote its counts, so they are hidden while publish-safe figures are on: turn them off to read them.</p>") }
                    } else {
                        <ul class="app-list app-list--bullet">
                            { items(&report.warnings) }
                        </ul>
                    }
                </section>
            }
            if breakdowns.is_empty() {
                { markup("<p id=\"no-results\">Results appear here once the table has at least two groups to compare.</p>") }
            } else {
                <p class="app-hint">
                    { format!(
                        "Intervals are {confidence} confidence intervals ({interval} for job rates). Ratios below {} or above {} are flagged, to be read beside their interval and test.",
                        ratio_text(Flag::LOWER),
                        ratio_text(Flag::UPPER),
                    ) }
                </p>
                <div class="app-results__tools app-button-group" id="results-tools">
                    <button type="button" class="app-button app-button--secondary" id="download-csv"
                        onclick={download_csv}>
                        { "Download all results (CSV)" }
                    </button>
                    if !props.embed {
                        <button type="button" class="app-button app-button--secondary" id="print-report"
                            onclick={print}>
                            { "Print report" }
                        </button>
                    }
                    // The one-file edition travels without the methods page.
                    if !crate::app::is_one_file_edition() {
                        { markup("<a class=\"app-link\" id=\"methods-link\" href=\"./methods.html\">How the calculator works out each figure (methods)</a>") }
                    }
                </div>
                <div class={classes!(context.tabbed.then_some("app-tabs"))}>
                    if context.tabbed {
                        { tab_list(breakdowns, selected, &props.on_tab) }
                    }
                    for (index, breakdown) in breakdowns.iter().enumerate() {
                        {{
                            let cells = match &props.disclosure {
                                None => Guard::Open,
                                Some(disclosure) => disclosure
                                    .breakdowns
                                    .get(index)
                                    .map_or(Guard::Missing, Guard::Rules),
                            };
                            panel(index, breakdown, context, cells, index == selected)
                        }}
                    }
                </div>
            }
        </section>
    }
}

fn interval_name(method: IntervalMethod) -> &'static str {
    match method {
        IntervalMethod::Wilson => "Wilson score",
        IntervalMethod::Exact => "exact (Clopper-Pearson)",
    }
}

/// The settings behind the figures, for the top of a printed report.
fn settings_lines(report: &Report, safe: bool) -> Vec<String> {
    let mut lines = vec![
        format!("Confidence level: {}.", confidence_label(report.confidence)),
        format!(
            "Intervals for job rates: {}.",
            interval_name(report.interval_method)
        ),
    ];
    lines.extend(report.breakdowns.iter().map(|breakdown| {
        format!(
            "Reference group for {}: {}.",
            breakdown.name, breakdown.reference_group
        )
    }));
    lines.push(if safe {
        "Publish-safe figures: on (the rules applied are listed under Results).".to_string()
    } else {
        "Publish-safe figures: off (every count is shown as it is).".to_string()
    });
    lines
}

/// The publish-safe rules in force, in the core's words, above every
/// figure they apply to.
fn safe_rules(disclosure: &Disclosure) -> Html {
    html! {
        <section class="app-inset app-results__rules" id="results-rules" aria-labelledby="results-rules-title">
            { markup("<h3 class=\"app-heading-m\" id=\"results-rules-title\">Publish-safe figures: the rules applied</h3>") }
            <ul class="app-list app-list--bullet">
                { items(&disclosure.rules.describe()) }
            </ul>
        </section>
    }
}

/// GOV.UK-style tabs: arrow keys, Home and End move between them.
fn tab_list(breakdowns: &[BreakdownReport], selected: usize, on_tab: &Callback<usize>) -> Html {
    let last = breakdowns.len().saturating_sub(1);
    html! {
        <ul class="app-tabs__list" role="tablist" aria-label="Breakdowns">
            for (index, breakdown) in breakdowns.iter().enumerate() {
                {{
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
                }}
            }
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
    context: Context,
    cells: Guard,
    selected: bool,
) -> Html {
    let tabbed = context.tabbed;
    let safe_cells = match cells {
        Guard::Open => None,
        Guard::Rules(cells) => Some(cells),
        // Publish-safe rules that say nothing of this breakdown: nothing of
        // it may be shown.
        Guard::Missing => {
            return html! {
                <section class={classes!("app-breakdown", tabbed.then_some("app-tabs__panel"))}
                    id={format!("breakdown-{index}")}
                    role={tabbed.then_some("tabpanel")}
                    aria-labelledby={format!("breakdown-{index}-title")}
                    hidden={tabbed && !selected}>
                    <h3 class="app-breakdown__title" id={format!("breakdown-{index}-title")}>{ &breakdown.name }</h3>
                    { markup("<p>The figures of this breakdown are withheld under the publish-safe rules.</p>") }
                </section>
            };
        }
    };
    let total_ips = safe_cells.map_or_else(
        || count(breakdown.total_ips),
        |cells| cells.total_ips.text(),
    );
    let (breakdown_findings, group_findings) = cells.findings(breakdown);
    let findings: Vec<String> = group_findings
        .iter()
        .filter(|findings| !findings.is_empty())
        .map(|findings| findings.join(" "))
        .chain(breakdown_findings.iter().cloned())
        .collect();
    let tables = breakdown_tables(breakdown, context.confidence, safe_cells);
    let groups = group_workings(breakdown, context);
    html! {
        <section class={classes!("app-breakdown", tabbed.then_some("app-tabs__panel"))}
            id={format!("breakdown-{index}")}
            role={tabbed.then_some("tabpanel")}
            aria-labelledby={format!("breakdown-{index}-title")}
            hidden={tabbed && !selected}>
            <h3 class="app-breakdown__title" id={format!("breakdown-{index}-title")}>{ &breakdown.name }</h3>
            <p>
                { format!(
                    "{total_ips} people in IPS across {} groups. Reference group: {}.",
                    breakdown.groups.len(),
                    breakdown.reference_group,
                ) }
            </p>
            { markup("<h4>What the figures show</h4>") }
            <ul class="app-list app-list--bullet app-findings" id={format!("findings-{index}")}>
                for (number, finding) in findings.iter().enumerate() {
                    <li>
                        { finding }
                        { " " }
                        <Copy id={format!("findings-{index}-copy-{number}")}
                            text={AttrValue::from(finding.clone())}
                            look={Look::Button {
                                label: "Copy".into(),
                                context: "this finding".into(),
                                html: None,
                                copied: "Finding copied".into(),
                                small: true,
                            }} />
                    </li>
                }
            </ul>
            for table in tables.iter() {
                {{
                    let charts = match table.kind {
                        TableKind::Access => access_charts(index, breakdown, context.confidence, cells),
                        TableKind::Outcome => job_rate_chart(index, breakdown, context.confidence, cells),
                        TableKind::Tests | TableKind::Excluded => Html::default(),
                    };
                    let workings = table_working(breakdown, table.kind, context, &groups);
                    results_table(index, table, charts, &workings, context.safe)
                }}
            }
            { notes(index, breakdown) }
        </section>
    }
}

/// How the figures of each row of one of the breakdown's tables were worked
/// out, row by row as the table lists them. `groups` holds each group's
/// workings ([`group_working`]), worked out once for both group tables.
fn table_working(
    breakdown: &BreakdownReport,
    kind: TableKind,
    context: Context,
    groups: &[Vec<Working>],
) -> Vec<RowWorking> {
    let group_rows = |outcome: bool| -> Vec<RowWorking> {
        breakdown
            .groups
            .iter()
            .zip(groups)
            .filter(|(group, _)| !outcome || group.outcome.is_some())
            .map(|(group, workings)| RowWorking {
                row: group.group.clone(),
                workings: workings
                    .iter()
                    .filter(|working| is_outcome(working.figure) == outcome)
                    .cloned()
                    .collect(),
            })
            .collect()
    };
    match kind {
        TableKind::Access => group_rows(false),
        TableKind::Outcome => group_rows(true),
        TableKind::Tests => breakdown_working(breakdown, context.confidence)
            .into_iter()
            .map(|working| RowWorking {
                row: working.title.clone(),
                workings: vec![working],
            })
            .collect(),
        TableKind::Excluded => breakdown
            .excluded
            .iter()
            .map(|row| RowWorking {
                row: row.group.clone(),
                workings: left_out_working(breakdown, row),
            })
            .collect(),
    }
}

/// Each group's workings, in the order of the breakdown's groups.
fn group_workings(breakdown: &BreakdownReport, context: Context) -> Vec<Vec<Working>> {
    breakdown
        .groups
        .iter()
        .map(|group| group_working(breakdown, group, context.confidence, context.interval))
        .collect()
}

/// Whether a group's figure belongs to the job outcomes table.
fn is_outcome(figure: Figure) -> bool {
    matches!(
        figure,
        Figure::JobRate
            | Figure::Difference
            | Figure::JobRateRatio
            | Figure::FisherP
            | Figure::OutcomeHolmP
    )
}

/// A table of the core's display model under its heading, after the
/// charts drawn from the same figures, with a button that copies it and,
/// beneath, how each row's figures were worked out. The table scrolls on
/// its own on a narrow screen, in a wrapper that keyboard users can reach
/// and screen readers name after the caption; the caption is for screen
/// readers, the heading above saying the same to the eye.
fn results_table(
    index: usize,
    table: &Table,
    charts: Html,
    workings: &[RowWorking],
    safe: bool,
) -> Html {
    let id = table.id(index);
    let caption_id = format!("{id}-caption");
    let numeric = |column: usize| {
        table
            .columns
            .get(column)
            .is_some_and(|column| column.numeric)
            .then_some("app-numeric")
    };
    html! {
        <>
            <h4>{ &table.title }</h4>
            { charts }
            <div class="app-table-wrapper" tabindex="0" role="region" aria-labelledby={caption_id.clone()}>
                <table class="app-table" id={id.clone()}>
                    <caption class="app-table__caption app-visually-hidden" id={caption_id}>{ &table.caption }</caption>
                    <thead class="app-table__head">
                        <tr>
                            for (column, heading) in table.columns.iter().enumerate() {
                                <th scope="col" class={numeric(column)}>{ heading.heading() }</th>
                            }
                        </tr>
                    </thead>
                    <tbody class="app-table__body">
                        for row in table.rows.iter() {
                            <tr>
                                for (column, cell) in row.iter().enumerate() {
                                    if column == 0 {
                                        <th scope="row">
                                            { cell.text.as_deref().unwrap_or_default() }
                                            if cell.reference {
                                                { markup("<span class=\"app-tag\">Reference</span>") }
                                            }
                                        </th>
                                    } else {
                                        <td class={numeric(column)}
                                            aria-live={cell.live.then_some("polite")}>
                                            { cell_content(cell) }
                                        </td>
                                    }
                                }
                            </tr>
                        }
                    </tbody>
                </table>
            </div>
            <div class="app-results__tools">
                <Copy id={format!("{id}-copy")} text={AttrValue::from(tsv(table))}
                    look={Look::Button {
                        label: "Copy table".into(),
                        context: AttrValue::from(table.caption.clone()),
                        html: Some(AttrValue::from(table_html(table))),
                        copied: "Table copied".into(),
                        small: false,
                    }} />
            </div>
            for note in table.notes.iter() {
                <p class="app-body-s" id={note.id_stem.map(|stem| format!("{stem}-{index}"))}>
                    { &note.text }
                </p>
            }
            { working_list(&id, workings, safe) }
        </>
    }
}

/// A cell: its figure, the interval beneath it and the flag beside the
/// interval; a withheld figure's mark, named for screen readers; a dash
/// for a figure not worked out.
fn cell_content(cell: &Cell) -> Html {
    if cell.value == Value::Withheld {
        return html! {
            <>
                <span aria-hidden="true">{ WITHHELD }</span>
                <span class="app-visually-hidden">{ "withheld" }</span>
            </>
        };
    }
    let Some(text) = &cell.text else {
        return missing();
    };
    if cell.interval.is_none() && cell.flag.is_none() {
        return html! { { text } };
    }
    html! {
        <>
            <span class="app-estimate">{ text }</span>
            <span class="app-interval">
                if let Some((lower, upper)) = &cell.interval {
                    <span>{ format!("{lower} to {upper}") }</span>
                }
                if let Some(flag) = cell.flag {
                    { flag_tag(flag) }
                }
            </span>
        </>
    }
}

/// The breakdown's notes and each group's, except the small-numbers caution
/// that the group's findings already give.
fn notes(index: usize, breakdown: &BreakdownReport) -> Html {
    let lines = breakdown_notes(breakdown);
    if lines.is_empty() {
        return Html::default();
    }
    html! {
        <>
            { markup("<h4>Notes and cautions</h4>") }
            <ul class="app-list app-list--bullet" id={format!("notes-{index}")}>
                { items(&lines) }
            </ul>
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

/// A dash for the eye and words for a screen reader.
fn missing() -> Html {
    markup(concat!(
        "<span aria-hidden=\"true\">\u{2013}</span>",
        "<span class=\"app-visually-hidden\">not worked out</span>",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse_text, Options};

    const EXAMPLE: &str = include_str!("../example.csv");

    fn context() -> Context {
        Context {
            confidence: 0.95,
            interval: IntervalMethod::Wilson,
            safe: false,
            tabbed: false,
        }
    }

    #[test]
    fn every_row_of_every_table_has_its_working() {
        let report = analyse_text(EXAMPLE, &Options::default()).report;
        let breakdown = &report.breakdowns[0];
        let groups = group_workings(breakdown, context());
        let rows = |kind: TableKind| table_working(breakdown, kind, context(), &groups);
        let access = rows(TableKind::Access);
        let names: Vec<&str> = access.iter().map(|row| row.row.as_str()).collect();
        assert_eq!(names, ["White", "Black", "Asian", "Mixed", "Other"]);
        // Shares, expected count, representation ratio, two p-values,
        // access rate and relative access.
        assert!(access.iter().all(|row| row.workings.len() == 8));
        assert!(access
            .iter()
            .flat_map(|row| &row.workings)
            .all(|working| !is_outcome(working.figure)));
        let outcome = rows(TableKind::Outcome);
        assert_eq!(outcome.len(), 5);
        assert!(outcome.iter().all(|row| row.workings.len() == 5
            && row
                .workings
                .iter()
                .all(|working| is_outcome(working.figure))));
        let tests = rows(TableKind::Tests);
        let names: Vec<&str> = tests.iter().map(|row| row.row.as_str()).collect();
        assert_eq!(names.len(), 5, "{names:?}");
        assert_eq!(tests[4].workings[0].figure, Figure::FreemanHalton);
        let excluded = rows(TableKind::Excluded);
        assert_eq!(excluded.len(), 1);
        assert_eq!(excluded[0].row, "Not known");
        assert_eq!(excluded[0].workings.len(), 2);
    }

    #[test]
    fn a_printed_report_starts_with_its_settings() {
        let report = analyse_text(EXAMPLE, &Options::default()).report;
        assert_eq!(
            settings_lines(&report, true),
            [
                "Confidence level: 95%.",
                "Intervals for job rates: Wilson score.",
                "Reference group for Ethnicity: White.",
                "Publish-safe figures: on (the rules applied are listed under Results).",
            ]
        );
        assert_eq!(
            settings_lines(&report, false).last().map(String::as_str),
            Some("Publish-safe figures: off (every count is shown as it is).")
        );
    }
}

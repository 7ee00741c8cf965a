//! The calculator's page (Yew). It holds the user's text, hands it to the
//! core on every change and renders what comes back: problems with the
//! table, warnings, and each breakdown's findings. It computes no statistic
//! itself.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::analysis::{analyse_text, Analysis, Options};
use crate::report::BreakdownReport;

/// What the page shows before the user types: one breakdown (Ethnicity) of
/// five groups, and a `Not known` row that the core reports but leaves out
/// of the comparisons. The shares echo a published London service, where
/// Black people were 11.5% of the population and 17.5% of IPS clients.
/// `tests/web_build.rs` checks that the core reads it without a problem.
pub const EXAMPLE_TABLE: &str = include_str!("example.csv");

/// The whole page: the figures as typed, and what the core finds in them.
#[component]
pub fn App() -> Html {
    let text = use_state(|| EXAMPLE_TABLE.to_owned());
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            text.set(area.value());
        })
    };
    let analysis = analyse_text(&text, &Options::default());

    html! {
        <>
            <header class="app-header">
                <div class="app-width-container">
                    <h1 class="app-header__title">{ "IPS Equity Calculator" }</h1>
                </div>
            </header>
            <main class="app-main app-width-container">
                <label class="app-label" for="figures">{ "Your figures" }</label>
                <p class="app-hint" id="figures-hint">
                    { "One row per group, with a header row. Paste from a spreadsheet or type values separated by commas. Nothing you enter leaves this page." }
                </p>
                <textarea
                    class="app-textarea"
                    id="figures"
                    aria-describedby="figures-hint"
                    spellcheck="false"
                    rows="10"
                    value={(*text).clone()}
                    {oninput}
                />
                { problems(&analysis) }
                { for analysis.report.breakdowns.iter().map(breakdown) }
            </main>
        </>
    }
}

/// The table's errors and the analysis's warnings, in the core's words.
fn problems(analysis: &Analysis) -> Html {
    let warnings = &analysis.report.warnings;
    html! {
        <>
            if !analysis.errors.is_empty() {
                <section class="app-error-summary" aria-labelledby="errors-title">
                    <h2 id="errors-title">{ "There is a problem with your figures" }</h2>
                    <ul>
                        { for analysis.errors.iter().map(|error| html! { <li>{ error.to_string() }</li> }) }
                    </ul>
                </section>
            }
            if !warnings.is_empty() {
                <section class="app-panel" aria-labelledby="warnings-title">
                    <h2 id="warnings-title">{ "Please check" }</h2>
                    <ul>
                        { for warnings.iter().map(|warning| html! { <li>{ warning }</li> }) }
                    </ul>
                </section>
            }
        </>
    }
}

/// One breakdown's findings, as the core words them.
fn breakdown(report: &BreakdownReport) -> Html {
    html! {
        <section class="app-panel">
            <h2>{ &report.name }</h2>
            <ul>
                { for report.findings.iter().map(|finding| html! { <li>{ finding }</li> }) }
            </ul>
        </section>
    }
}

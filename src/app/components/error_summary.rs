//! The GOV.UK error summary: at the top of the page, "There is a problem",
//! and one link for each problem to the field it concerns.

use yew::prelude::*;

/// One problem: its message and the row of the text box it is about
/// (`None` for the file picker).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub row: Option<usize>,
}

/// The problems, the summary's node and what following a link sends.
#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub problems: Vec<Problem>,
    /// The summary itself, which takes focus when problems arrive with a
    /// new table.
    pub summary: NodeRef,
    /// A link to the text box was followed: the row to show (1 is the header).
    pub on_row: Callback<usize>,
}

/// Nothing when all is well; otherwise the summary, which screen readers
/// announce as it appears.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    if props.problems.is_empty() {
        return Html::default();
    }
    html! {
        <div class="app-error-summary" id="error-summary" ref={props.summary.clone()}
            role="alert" tabindex="-1" aria-labelledby="error-summary-title">
            <h2 class="app-error-summary__title" id="error-summary-title">{ "There is a problem" }</h2>
            <ul class="app-error-summary__list">
                { for props.problems.iter().map(|problem| link(problem, &props.on_row)) }
            </ul>
        </div>
    }
}

fn link(problem: &Problem, on_row: &Callback<usize>) -> Html {
    match problem.row {
        Some(row) => {
            // The browser would only scroll to the box; this also puts the
            // caret on the row, as GOV.UK's script focuses the field.
            let onclick = on_row.reform(move |event: MouseEvent| {
                event.prevent_default();
                row
            });
            html! { <li><a href="#figures" {onclick}>{ &problem.message }</a></li> }
        }
        None => html! { <li><a href="#figures-file">{ &problem.message }</a></li> },
    }
}

//! "How this was worked out": for each row of a results table, an
//! expandable panel with every figure of the row as the core explains it
//! (`crate::working`): the method's name, its formula, the user's own
//! numbers put into it step by step, and the method's source.
//!
//! One panel per row, under the table rather than inside it: a panel in a
//! cell would stretch a table that already scrolls sideways on a phone,
//! and a screen reader reaches a list of panels named after their rows
//! ("How this was worked out: Black") more easily than controls inside
//! cells. Within a panel each figure has a heading of its own.
//!
//! Under the publish-safe rules the steps, which hold the real counts, are
//! left out; the method, formula and source are not the user's.

use yew::prelude::*;

use super::{items, markup};
use crate::working::Working;

/// One panel: the row it explains and the workings of its figures.
pub struct RowWorking {
    /// The row's name ("Black", "Goodness of fit").
    pub row: String,
    pub workings: Vec<Working>,
}

/// The panels of one table, whose id (`access-table-0`) names theirs
/// (`access-table-0-working-<row>`).
pub fn working_list(table_id: &str, rows: &[RowWorking], safe: bool) -> Html {
    if rows.iter().all(|row| row.workings.is_empty()) {
        return Html::default();
    }
    html! {
        <div class="app-working-list" id={format!("{table_id}-working")}>
            for (index, row) in rows.iter().enumerate().filter(|(_, row)| !row.workings.is_empty()) {
                {{
                    let id = format!("{table_id}-working-{index}");
                    html! {
                        <details class="app-details app-working" id={id.clone()}>
                            <summary class="app-details__summary">
                                <span class="app-details__summary-text">
                                    { format!("How this was worked out: {}", row.row) }
                                </span>
                            </summary>
                            <div class="app-details__text">
                                if safe {
                                    { markup("<p class=\"app-body-s\">The steps are not shown while publish-safe figures are on, because they use the real counts.</p>") }
                                }
                                for working in row.workings.iter() { { figure(&id, working, safe) } }
                            </div>
                        </details>
                    }
                }}
            }
        </div>
    }
}

/// One figure's working: its title as a heading, then method, formula,
/// steps and source as a description list.
fn figure(panel_id: &str, working: &Working, safe: bool) -> Html {
    let id = format!("{panel_id}-{}", working.figure.id());
    html! {
        <section class="app-working__figure" id={id.clone()} aria-labelledby={format!("{id}-title")}>
            <h5 class="app-working__title" id={format!("{id}-title")}>{ &working.title }</h5>
            <dl class="app-working__parts">
                { markup("<dt>Method</dt>") }
                <dd>{ working.method }</dd>
                { markup("<dt>Formula</dt>") }
                <dd class="app-working__formula">{ working.formula }</dd>
                if !safe && !working.steps.is_empty() {
                    { markup("<dt>Your numbers</dt>") }
                    <dd>
                        <ol class="app-list app-list--number app-working__steps">
                            { items(&working.steps) }
                        </ol>
                    </dd>
                }
                { markup("<dt>Source</dt>") }
                <dd>{ working.source }</dd>
            </dl>
        </section>
    }
}

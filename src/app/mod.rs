//! The calculator's page (Yew). One [`State`] holds what the user typed and
//! chose; on every render the core analyses the text and the components
//! show what comes back: problems with the table, the choices, and each
//! breakdown's findings, tables and tests. The page computes no statistic.

mod components;
mod state;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::analysis::{analyse_text, Analysis};
use components::{Choices, ErrorSummary, Figures, GroupList, Problem, Results};
pub use state::{Action, Edit, LoadedFile, State};

/// What the page shows before the user types: one breakdown (Ethnicity) of
/// five groups, and a `Not known` row that the core reports but leaves out
/// of the comparisons. The shares echo a published London service, where
/// Black people were 11.5% of the population and 17.5% of IPS clients.
/// `tests/web_build.rs` checks that the core reads it without a problem.
pub const EXAMPLE_TABLE: &str = include_str!("example.csv");

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let analysis = use_memo(
        (state.text.clone(), state.options.clone()),
        |(text, options)| analyse_text(text, options),
    );
    let area = use_node_ref();
    let summary = use_node_ref();

    let problems = problems(&analysis, state.file_problem.as_deref());
    {
        // The summary takes focus when problems arrive with a new table, as
        // after a GOV.UK form is sent; never while the user types.
        let summary = summary.clone();
        let focus = !problems.is_empty() && !state.typed_since_replacement;
        use_effect_with(
            (
                !problems.is_empty(),
                state.replacements,
                state.file_problem.clone(),
            ),
            move |_| {
                if focus {
                    if let Some(element) = summary.cast::<web_sys::HtmlElement>() {
                        // Focus that cannot move leaves the page as it was.
                        let _ = element.focus();
                    }
                }
            },
        );
    }

    let dispatcher = state.dispatcher();
    let on_edit = send(&dispatcher, |(text, edit)| Action::Edit { text, edit });
    let on_row = {
        let area = area.clone();
        Callback::from(move |row: usize| show_row(&area, row))
    };
    let errors: Vec<String> = analysis.errors.iter().map(ToString::to_string).collect();
    let groups: Vec<GroupList> = analysis
        .report
        .breakdowns
        .iter()
        .map(|breakdown| GroupList {
            breakdown: breakdown.name.clone(),
            groups: breakdown
                .groups
                .iter()
                .map(|group| group.group.clone())
                .collect(),
        })
        .collect();

    html! {
        <>
            <a class="app-skip-link" href="#main-content">{ "Skip to main content" }</a>
            <header class="app-header">
                <div class="app-width-container">
                    <p class="app-header__service">{ "IPS Equity Calculator" }</p>
                </div>
            </header>
            <div class="app-width-container">
                <main class="app-main" id="main-content" tabindex="-1">
                    <ErrorSummary problems={problems} summary={summary} on_row={on_row} />
                    <h1 class="app-heading-xl">{ "Check equity in IPS: access and job outcomes" }</h1>
                    <p class="app-lede">
                        { "Find out whether Individual Placement and Support reaches every group in proportion to the population it serves, and whether job outcomes differ between groups." }
                    </p>
                    <p class="app-privacy" id="privacy">
                        { "Everything is calculated on this device: nothing you enter leaves it." }
                    </p>
                    <div class="app-grid">
                        <div class="app-grid__input">
                            <Figures
                                text={AttrValue::from(state.text.clone())}
                                errors={errors}
                                pending_file={state.pending_file.clone()}
                                file_problem={state.file_problem.clone()}
                                area={area}
                                on_edit={on_edit}
                                on_file={send(&dispatcher, Action::FileRead)}
                                on_file_failed={send(&dispatcher, Action::FileFailed)}
                                on_confirm_file={send(&dispatcher, |()| Action::ConfirmFile)}
                                on_keep_figures={send(&dispatcher, |()| Action::KeepFigures)}
                            />
                        </div>
                        <div class="app-grid__choices">
                            <Choices
                                options={state.options.clone()}
                                groups={groups}
                                on_reference={send(&dispatcher, Action::Reference)}
                                on_confidence={send(&dispatcher, Action::Confidence)}
                                on_interval={send(&dispatcher, Action::Interval)}
                            />
                        </div>
                    </div>
                    <Results
                        analysis={analysis.clone()}
                        tab={state.tab}
                        on_tab={send(&dispatcher, Action::SelectTab)}
                    />
                </main>
            </div>
        </>
    }
}

/// A callback that turns what a component reports into an action.
fn send<T: 'static>(
    dispatcher: &UseReducerDispatcher<State>,
    action: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |value| dispatcher.dispatch(action(value)))
}

/// The table's problems in the core's words, and the file picker's.
fn problems(analysis: &Analysis, file_problem: Option<&str>) -> Vec<Problem> {
    let file = file_problem.map(|message| Problem {
        message: message.to_string(),
        row: None,
    });
    file.into_iter()
        .chain(analysis.errors.iter().map(|error| Problem {
            message: error.to_string(),
            row: Some(error.row),
        }))
        .collect()
}

/// Focuses the text box with the row selected (rows count lines from 1, as
/// the core numbers them), so the user lands on the problem.
fn show_row(area: &NodeRef, row: usize) {
    let Some(area) = area.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let _ = area.focus();
    let value = area.value();
    let Some(line) = value.split('\n').nth(row.saturating_sub(1)) else {
        return;
    };
    // The box counts its selection in UTF-16 code units.
    let start: usize = value
        .split('\n')
        .take(row.saturating_sub(1))
        .map(|line| line.encode_utf16().count() + 1)
        .sum();
    let end = start + line.encode_utf16().count();
    if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) {
        let _ = area.set_selection_range(start, end);
    }
}

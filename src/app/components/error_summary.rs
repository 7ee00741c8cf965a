//! The GOV.UK error summary: at the top of the page, "There is a problem",
//! and one link for each problem to the field it concerns. A problem with
//! a cell the table editor shows links to that cell's field; any other
//! problem with the figures links to the text box, on its row.

use yew::prelude::*;

use super::grid::error_cell_ids;
use super::markup;
use crate::input::InputError;

/// One problem: its message and where its link goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    /// The row of the text box it is about (`None` for the file picker).
    pub row: Option<usize>,
    /// The id of the table editor's field it is shown beside, if any.
    pub cell: Option<String>,
}

impl Problem {
    /// A problem with the file the user chose.
    pub fn file(message: &str) -> Problem {
        Problem {
            message: message.to_owned(),
            row: None,
            cell: None,
        }
    }

    /// The problems with the figures in `text`, in the core's words, each
    /// linked to the field the table editor shows it beside.
    pub fn of_table(text: &str, errors: &[InputError]) -> Vec<Problem> {
        errors
            .iter()
            .zip(error_cell_ids(text, errors))
            .map(|(error, cell)| Problem {
                message: error.to_string(),
                row: Some(error.row),
                cell,
            })
            .collect()
    }
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
    /// A link to a field of the table editor was followed: the field's id.
    pub on_cell: Callback<String>,
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
            { markup("<h2 class=\"app-error-summary__title\" id=\"error-summary-title\">There is a problem</h2>") }
            <ul class="app-error-summary__list">
                for problem in props.problems.iter() { { link(problem, props) } }
            </ul>
        </div>
    }
}

fn link(problem: &Problem, props: &ErrorSummaryProps) -> Html {
    // The browser would only scroll to the field; these also focus it, as
    // GOV.UK's script does.
    let (href, onclick) = match (&problem.cell, problem.row) {
        (Some(cell), _) => {
            let href = AttrValue::from(format!("#{cell}"));
            let cell = cell.clone();
            let onclick = props.on_cell.reform(move |event: MouseEvent| {
                event.prevent_default();
                cell.clone()
            });
            (href, Some(onclick))
        }
        (None, Some(row)) => {
            let onclick = props.on_row.reform(move |event: MouseEvent| {
                event.prevent_default();
                row
            });
            (AttrValue::Static("#figures"), Some(onclick))
        }
        (None, None) => (AttrValue::Static("#figures-file"), None),
    };
    html! { <li><a {href} {onclick}>{ &problem.message }</a></li> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse_text, Options};

    fn problems(text: &str) -> Vec<Problem> {
        Problem::of_table(text, &analyse_text(text, &Options::default()).errors)
    }

    #[test]
    fn a_bad_cell_links_to_its_field() {
        let problems =
            problems("Ethnicity,Population,IPS,Employed\nWhite,100,40,52\nBlack,100,20,5");
        assert_eq!(
            problems,
            [Problem {
                message: "Row 2, Employed: 52 is more than the 40 people in IPS".to_owned(),
                row: Some(2),
                cell: Some("grid-2-4".to_owned()),
            }]
        );
    }

    #[test]
    fn the_field_is_named_by_the_parser_row_past_blank_lines_and_by_its_column() {
        // The bad row is the table's second row but the text's fourth line;
        // its column is found by header, wherever it stands.
        let problems =
            problems("Employed,Ethnicity,Population,IPS\n\n20,White,100,40\nx,Black,100,20\n");
        let cells: Vec<(Option<usize>, Option<&str>)> = problems
            .iter()
            .map(|problem| (problem.row, problem.cell.as_deref()))
            .collect();
        assert_eq!(cells, [(Some(4), Some("grid-4-1"))], "{problems:?}");
    }

    #[test]
    fn problems_without_a_cell_link_to_the_text_box() {
        let links = |text| {
            problems(text)
                .into_iter()
                .map(|problem| (problem.row, problem.cell))
                .collect::<Vec<_>>()
        };
        // A missing column has no field; the header row's fields show no
        // problem, the table's included.
        assert_eq!(
            links("Ethnicity,IPS\nWhite,40\nBlack,20\n"),
            [(Some(1), None)]
        );
        assert_eq!(links("\n\n"), [(Some(1), None)]);
    }

    #[test]
    fn a_breakdown_problem_links_to_the_field_it_is_shown_beside() {
        // The core pins a breakdown's problem to its first row and the
        // column at fault, and the editor shows it there.
        let one_group = problems("Ethnicity,Population,IPS,Employed\nWhite,100,40,20\n");
        assert_eq!(
            one_group
                .iter()
                .map(|problem| (problem.row, problem.cell.as_deref()))
                .collect::<Vec<_>>(),
            [(Some(2), Some("grid-2-1"))],
            "{one_group:?}"
        );
    }

    /// A table of four columns: a header, a bad row, then good rows up
    /// to `lines` lines in all.
    fn table_of(lines: usize) -> String {
        let mut text = String::from("Ethnicity,Population,IPS,Employed\nBad,100,40,52\n");
        for group in 2..lines {
            text.push_str(&format!("G{group},100,40,20\n"));
        }
        text
    }

    #[test]
    fn a_table_too_large_for_the_editor_links_to_the_text_box() {
        let cells = |lines| {
            problems(&table_of(lines))
                .into_iter()
                .map(|problem| (problem.row, problem.cell))
                .collect::<Vec<_>>()
        };
        // 500 rows of 4 cells are the editor's 2,000; one row more and it
        // leaves the table to the box.
        assert_eq!(cells(500), [(Some(2), Some("grid-2-4".to_owned()))]);
        assert_eq!(cells(501), [(Some(2), None)]);
    }

    #[test]
    fn the_file_problem_links_to_the_picker() {
        assert_eq!(
            Problem::file("The file is not text"),
            Problem {
                message: "The file is not text".to_owned(),
                row: None,
                cell: None,
            }
        );
    }
}

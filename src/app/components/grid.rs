//! The figures as an editable table, under the text box: one field per
//! cell, a button to add a row and one to remove each row.
//!
//! The text stays the one source of truth. The table is read from it on
//! every render (`input::grid`), and every edit here writes the whole table
//! back as text in the user's delimiter, so the box and the table always
//! agree and the core analyses what both show.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{error_prefix, markup};
use crate::input::grid::{Grid, NumberedGrid};
use crate::input::InputError;

/// Tables larger than this are left to the text box: a table of counts per
/// group has a few dozen cells, and thousands of fields would slow every
/// keystroke.
const LARGEST_CELLS: usize = 2_000;

/// The figures, their problems and where an edited table goes.
#[derive(Properties, PartialEq)]
pub struct GridEditorProps {
    pub text: AttrValue,
    pub errors: Vec<InputError>,
    /// The whole table as text, after an edit.
    pub on_text: Callback<String>,
}

/// The table, each problem beside its cell, and the row buttons.
#[component]
pub fn GridEditor(props: &GridEditorProps) -> Html {
    let NumberedGrid { grid, row_numbers } = Grid::numbered(&props.text);
    let width = grid.width();
    if !fits(&grid) {
        return html! {
            <div class="app-sheet">
                { markup(concat!(
                    "<h3 class=\"app-label\" id=\"grid-title\">Edit the figures as a table</h3>",
                    "<p class=\"app-hint\">The table is too large to edit here: edit it in the box above.</p>",
                )) }
            </div>
        };
    }
    let grid = Rc::new(grid);
    let headers: Vec<String> = (0..width)
        .map(|column| column_name(&grid, column))
        .collect();
    let add = {
        let grid = grid.clone();
        props.on_text.reform(move |_: MouseEvent| {
            let mut grid = (*grid).clone();
            grid.insert_row_after(grid.rows.len());
            grid.to_text()
        })
    };
    let rows = (0..grid.rows.len()).map(|index| {
        let number = row_numbers.get(index).copied().unwrap_or(index + 1);
        let cells = (0..width).map(|column| {
            cell(
                &grid,
                index,
                column,
                number,
                &headers,
                &props.errors,
                &props.on_text,
            )
        });
        let remove = {
            let grid = grid.clone();
            props.on_text.reform(move |_: MouseEvent| {
                let mut grid = (*grid).clone();
                grid.remove_row(index);
                grid.to_text()
            })
        };
        html! {
            <tr>
                <th scope="row" class="app-sheet__row">{ number }</th>
                for cell in cells { { cell } }
                <td class="app-sheet__action">
                    <button type="button" class="app-sheet__remove" id={format!("grid-remove-{number}")} onclick={remove}>
                        { "Remove" }<span class="app-visually-hidden">{ format!(" row {number}") }</span>
                    </button>
                </td>
            </tr>
        }
    });

    html! {
        <div class="app-sheet">
            { markup(concat!(
                "<h3 class=\"app-label\" id=\"grid-title\">Edit the figures as a table</h3>",
                "<p class=\"app-hint\" id=\"grid-hint\">The table and the box show the same figures: a change in one is made in the other.</p>",
            )) }
            if !grid.rows.is_empty() {
                <div class="app-table-wrapper">
                    <table class="app-sheet__table" id="grid" aria-labelledby="grid-title" aria-describedby="grid-hint">
                        <thead>
                            <tr>
                                <th scope="col">{ "Row" }</th>
                                for column in 0..width { <th scope="col">{ column_letter(column) }</th> }
                                <th scope="col">{ markup("<span class=\"app-visually-hidden\">Remove</span>") }</th>
                            </tr>
                        </thead>
                        <tbody>for row in rows { { row } }</tbody>
                    </table>
                </div>
            }
            <button type="button" class="app-button app-button--secondary" id="grid-add" onclick={add}>
                { "Add a row" }
            </button>
        </div>
    }
}

/// One cell's field, with its problems (if any) above it.
fn cell(
    grid: &Rc<Grid>,
    row: usize,
    column: usize,
    number: usize,
    headers: &[String],
    errors: &[InputError],
    on_text: &Callback<String>,
) -> Html {
    let header = headers.get(column).map_or("", String::as_str);
    let label = if row == 0 {
        format!("Header of column {}", column_letter(column))
    } else {
        format!("{header}, row {number}")
    };
    let messages: Vec<String> = errors
        .iter()
        .filter(|error| beside(error, row, number, header))
        .map(ToString::to_string)
        .collect();
    let invalid = !messages.is_empty();
    let id = cell_id(number, column);
    let error_id = format!("grid-error-{number}-{}", column + 1);
    let oninput = {
        let grid = grid.clone();
        on_text.reform(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let mut grid = (*grid).clone();
            grid.set_cell(row, column, &input.value());
            grid.to_text()
        })
    };
    html! {
        <td class={classes!("app-sheet__cell", invalid.then_some("app-sheet__cell--error"))}>
            if invalid {
                <div class="app-error-message" id={error_id.clone()}>
                    for message in messages.iter() {
                        <p>{ error_prefix() }{ message }</p>
                    }
                </div>
            }
            <input
                class={classes!("app-sheet__input", invalid.then_some("app-sheet__input--error"))}
                type="text"
                id={id}
                aria-label={label}
                aria-invalid={invalid.then_some("true")}
                aria-describedby={invalid.then_some(error_id)}
                spellcheck="false"
                autocomplete="off"
                value={grid.cell(row, column).to_owned()}
                {oninput}
            />
        </td>
    }
}

/// For each error, the id of the grid's field it is shown beside, or
/// `None` when the grid shows it beside no field: a missing column, a
/// problem with the header or the whole table, or a table too large for
/// the grid. A breakdown's problem, which the core pins to the breakdown's
/// first row, has that row's field. The same rule as the grid's own, so a
/// link never names a field the page lacks.
pub fn error_cell_ids(text: &str, errors: &[InputError]) -> Vec<Option<String>> {
    let NumberedGrid { grid, row_numbers } = Grid::numbered(text);
    let shown = fits(&grid);
    let headers: Vec<String> = (0..grid.width())
        .map(|column| column_name(&grid, column))
        .collect();
    errors
        .iter()
        .map(|error| {
            if !shown {
                return None;
            }
            row_numbers.iter().enumerate().find_map(|(row, &number)| {
                headers
                    .iter()
                    .position(|header| beside(error, row, number, header))
                    .map(|column| cell_id(number, column))
            })
        })
        .collect()
}

/// Whether the grid is small enough to draw as fields.
fn fits(grid: &Grid) -> bool {
    grid.rows.len().saturating_mul(grid.width().max(1)) <= LARGEST_CELLS
}

/// Whether the error is shown beside the field of this grid row (counted
/// from 0, the header), parser row number and column header. The header
/// row's fields show none: its problems are the table's.
fn beside(error: &InputError, row: usize, number: usize, header: &str) -> bool {
    row > 0 && error.row == number && error.column == header
}

/// The id of a field: its parser row number and its column counted from 1,
/// as a spreadsheet user would name them.
fn cell_id(number: usize, column: usize) -> String {
    format!("grid-{number}-{}", column + 1)
}

/// The column's header as the core matches it (spaces trimmed), or its
/// letter when the header is blank.
fn column_name(grid: &Grid, column: usize) -> String {
    match grid.cell(0, column).trim() {
        "" => format!("Column {}", column_letter(column)),
        header => header.to_owned(),
    }
}

/// A spreadsheet's letter for a column counted from 0: A to Z, then AA.
fn column_letter(column: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

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
    if grid.rows.len().saturating_mul(width.max(1)) > LARGEST_CELLS {
        return html! {
            <div class="app-sheet">
                <h3 class="app-label" id="grid-title">{ "Edit the figures as a table" }</h3>
                <p class="app-hint">{ "The table is too large to edit here: edit it in the box above." }</p>
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
                { for cells }
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
            <h3 class="app-label" id="grid-title">{ "Edit the figures as a table" }</h3>
            <p class="app-hint" id="grid-hint">{ "The table and the box show the same figures: a change in one is made in the other." }</p>
            if !grid.rows.is_empty() {
                <div class="app-table-wrapper">
                    <table class="app-sheet__table" id="grid" aria-labelledby="grid-title" aria-describedby="grid-hint">
                        <thead>
                            <tr>
                                <th scope="col">{ "Row" }</th>
                                { for (0..width).map(|column| html! { <th scope="col">{ column_letter(column) }</th> }) }
                                <th scope="col"><span class="app-visually-hidden">{ "Remove" }</span></th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
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
        .filter(|error| error.row == number && row > 0 && error.column == header)
        .map(ToString::to_string)
        .collect();
    let invalid = !messages.is_empty();
    let id = format!("grid-{number}-{}", column + 1);
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
                    { for messages.iter().map(|message| html! {
                        <p><span class="app-visually-hidden">{ "Error: " }</span>{ message }</p>
                    }) }
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

//! The figures: a large text box for what a spreadsheet puts on the
//! clipboard, a file picker and drag-and-drop onto the box. Files are read
//! on this device with the browser's `FileReader`; nothing is sent anywhere.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    js_sys::Function, DragEvent, File, FileReader, HtmlInputElement, HtmlTextAreaElement,
};
use yew::prelude::*;

use super::{error_prefix, markup};
use crate::app::state::{Edit, LoadedFile, LARGEST_FILE_BYTES};

/// The file types the picker offers and a drop accepts.
const FILE_TYPES: [&str; 3] = [".csv", ".tsv", ".txt"];

/// The figures as typed, their problems, any file waiting for the user's
/// word, and what each control sends.
#[derive(Properties, PartialEq)]
pub struct FiguresProps {
    pub text: AttrValue,
    /// The core's messages for the table's problems.
    pub errors: Vec<String>,
    pub pending_file: Option<LoadedFile>,
    pub file_problem: Option<String>,
    /// The text box, so that the error summary's links can focus it.
    pub area: NodeRef,
    pub on_edit: Callback<(String, Edit)>,
    pub on_file: Callback<LoadedFile>,
    pub on_file_failed: Callback<String>,
    pub on_confirm_file: Callback<()>,
    pub on_keep_figures: Callback<()>,
}

/// The text box, the file picker and, when a file waits to replace the
/// user's own figures, the question whether it may.
#[component]
pub fn Figures(props: &FiguresProps) -> Html {
    {
        // The question takes focus as it appears, which brings it into view
        // wherever the file or example was chosen (the examples sit lower
        // on the page).
        let question = props.pending_file.as_ref().map(|file| file.name.clone());
        use_effect_with(question, |question| {
            if question.is_some() {
                focus_question();
            }
        });
    }
    let oninput = props.on_edit.reform(|event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        // A paste or a drop brings a whole table; typing changes a character.
        let edit = match event.input_type().as_str() {
            "insertFromPaste" | "insertFromDrop" => Edit::Replaced,
            _ => Edit::Typed,
        };
        (area.value(), edit)
    });
    let onchange = {
        let on_file = props.on_file.clone();
        let on_failed = props.on_file_failed.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_file(file, on_file.clone(), on_failed.clone());
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        })
    };
    // Cancelling `dragover` is what lets a file be dropped on the box.
    let ondragover = Callback::from(|event: DragEvent| event.prevent_default());
    let ondrop = {
        let on_file = props.on_file.clone();
        let on_failed = props.on_file_failed.clone();
        Callback::from(move |event: DragEvent| {
            let file = event
                .data_transfer()
                .and_then(|data| data.files())
                .and_then(|files| files.get(0));
            // Dropped text falls through to the box's own handling.
            if let Some(file) = file {
                event.prevent_default();
                read_file(file, on_file.clone(), on_failed.clone());
            }
        })
    };

    let has_errors = !props.errors.is_empty();
    let described_by = if has_errors {
        "figures-hint figures-error"
    } else {
        "figures-hint"
    };
    html! {
        <div class="app-figures">
            <div class={classes!("app-form-group", has_errors.then_some("app-form-group--error"))}>
                { markup(concat!(
                    "<h2 class=\"app-label-wrapper\">",
                    "<label class=\"app-label app-label--l\" for=\"figures\">Your figures</label>",
                    "</h2>",
                    "<div class=\"app-hint\" id=\"figures-hint\">",
                    "<p>One row for each group, with a header row such as Ethnicity, Population, IPS, Employed. Copy the cells from a spreadsheet and paste them here, type figures separated by commas, or drop a file on the box.</p>",
                    "<p>New to the calculator? <a href=\"#examples\">Load a worked example</a>.</p>",
                    "</div>",
                )) }
                if has_errors {
                    <div class="app-error-message" id="figures-error">
                        for message in props.errors.iter() {
                            <p>{ error_prefix() }{ message }</p>
                        }
                    </div>
                }
                <textarea
                    class={classes!("app-textarea", has_errors.then_some("app-textarea--error"))}
                    id="figures"
                    name="figures"
                    ref={props.area.clone()}
                    aria-describedby={described_by}
                    spellcheck="false"
                    autocomplete="off"
                    wrap="off"
                    rows="12"
                    value={props.text.clone()}
                    {oninput}
                    {ondragover}
                    {ondrop}
                />
            </div>
            <div class={classes!("app-form-group", props.file_problem.is_some().then_some("app-form-group--error"))}>
                { markup(concat!(
                    "<label class=\"app-label\" for=\"figures-file\">Or open a file</label>",
                    "<div class=\"app-hint\" id=\"figures-file-hint\">",
                    "A .csv, .tsv or .txt file. It is read on this device, not uploaded.",
                    "</div>",
                )) }
                if let Some(problem) = &props.file_problem {
                    <p class="app-error-message" id="figures-file-error">
                        { error_prefix() }{ problem }
                    </p>
                }
                <input
                    class="app-file-upload"
                    id="figures-file"
                    name="figures-file"
                    type="file"
                    accept={FILE_TYPES.join(",")}
                    aria-describedby={if props.file_problem.is_some() { "figures-file-hint figures-file-error" } else { "figures-file-hint" }}
                    {onchange}
                />
            </div>
            <div aria-live="polite">
                if let Some(file) = &props.pending_file {
                    { replace_question(file, &props.on_confirm_file, &props.on_keep_figures) }
                }
            </div>
        </div>
    }
}

/// Asked before a file replaces figures the user typed.
fn replace_question(file: &LoadedFile, confirm: &Callback<()>, keep: &Callback<()>) -> Html {
    html! {
        <div class="app-inset" id="replace-figures" tabindex="-1">
            <p class="app-inset__question">
                { format!("Replace the figures in the box with the figures in {}?", file.name) }
            </p>
            { markup("<p>The figures you typed will be lost.</p>") }
            <div class="app-button-group">
                <button type="button" class="app-button app-button--warning" id="replace-figures-confirm"
                    onclick={confirm.reform(|_| ())}>
                    { "Replace my figures" }
                </button>
                <button type="button" class="app-button app-button--secondary" id="replace-figures-keep"
                    onclick={keep.reform(|_| ())}>
                    { "Keep my figures" }
                </button>
            </div>
        </div>
    }
}

fn focus_question() {
    let question = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("replace-figures"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(question) = question {
        // A question that cannot take focus is still announced.
        let _ = question.focus();
    }
}

/// Reads a file as text and hands it on, or says in plain words why not.
fn read_file(file: File, on_file: Callback<LoadedFile>, on_failed: Callback<String>) {
    let name = file.name();
    let lower = name.to_lowercase();
    if !FILE_TYPES.iter().any(|ending| lower.ends_with(ending)) {
        on_failed.emit(format!(
            "{name} is not a .csv, .tsv or .txt file: save the sheet as CSV, or copy its cells and paste them into the box"
        ));
        return;
    }
    if file.size() > LARGEST_FILE_BYTES {
        on_failed.emit(format!(
            "{name} is larger than {} MB, far larger than a table of figures per group: check it is the right file",
            LARGEST_FILE_BYTES / 1_000_000.0
        ));
        return;
    }
    let Ok(reader) = FileReader::new() else {
        on_failed.emit(unreadable(&name));
        return;
    };
    // One-shot closures free themselves when called; the one of the pair
    // that never runs (onerror after a good read) is a few bytes left to
    // the page's lifetime.
    let onload = {
        let reader = reader.clone();
        let name = name.clone();
        let on_failed = on_failed.clone();
        Closure::once_into_js(move || {
            match reader.result().ok().and_then(|result| result.as_string()) {
                Some(text) => on_file.emit(LoadedFile {
                    name,
                    text,
                    example: None,
                }),
                None => on_failed.emit(unreadable(&name)),
            }
        })
    };
    let onerror = {
        let name = name.clone();
        let on_failed = on_failed.clone();
        Closure::once_into_js(move || on_failed.emit(unreadable(&name)))
    };
    reader.set_onload(Some(onload.unchecked_ref::<Function>()));
    reader.set_onerror(Some(onerror.unchecked_ref::<Function>()));
    if reader.read_as_text(&file).is_err() {
        on_failed.emit(unreadable(&name));
    }
}

fn unreadable(name: &str) -> String {
    format!("{name} could not be read: try again, or open it and paste its figures into the box")
}

//! Copying to the clipboard: a table or a finding with a small button
//! beside it, or text to take away (a share link, the code to embed the
//! calculator) in a read-only box with its button. One component for both,
//! as each component costs the page a copy of Yew's machinery.
//!
//! Browsers refuse the clipboard to a page in an iframe that was not given
//! it, and to one served over plain HTTP: a button then says how to copy
//! by hand (a box's first selects its text), so it never fails in silence.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::tools::copy;

/// What a box's status line says after a click.
const COPIED: &str = "Copied.";
const COPY_BY_HAND: &str =
    "This browser did not let the page copy it. The text is selected: press Ctrl and C (on a Mac, Command and C) to copy it.";
/// What a button beside a table or finding says when the browser refuses.
const COPY_REFUSED: &str =
    "This browser did not let the page copy it: select it and press Ctrl and C (on a Mac, Command and C).";

/// How the text to copy is shown.
#[derive(Clone, PartialEq)]
pub enum Look {
    /// A button beside what it copies, which is on the page already.
    Button {
        /// What the button shows ("Copy table").
        label: AttrValue,
        /// Words that finish the button's name for screen readers, where
        /// the page holds several ("Copy table: access to IPS by ethnicity").
        context: AttrValue,
        /// The text as HTML too, for a table.
        html: Option<AttrValue>,
        /// The confirmation ("Table copied").
        copied: AttrValue,
        /// A small, quiet button, as beside each finding.
        small: bool,
    },
    /// A labelled read-only box holding the text, then the button.
    Field {
        label: AttrValue,
        hint: Option<AttrValue>,
        /// What the button says, naming what it copies ("Copy the link"),
        /// as a page may hold several of these.
        button: AttrValue,
        rows: u32,
    },
}

/// The text to copy, the id of its button (or box) and how it is shown.
#[derive(Properties, PartialEq)]
pub struct CopyProps {
    /// The button's id, or the box's (whose button's is `<id>-copy`); the
    /// status line's is `<id>-status`.
    pub id: AttrValue,
    /// Tab-separated text, a sentence, a link or code.
    pub text: AttrValue,
    pub look: Look,
}

/// The button (with its box, if any) and a status line that screen
/// readers announce.
#[component]
pub fn Copy(props: &CopyProps) -> Html {
    let status = use_state(|| None::<AttrValue>);
    {
        // A confirmation is about the text it copied, not a newer one.
        let status = status.clone();
        use_effect_with(props.text.clone(), move |_| status.set(None));
    }
    let field = use_node_ref();
    let onclick = {
        let text = props.text.clone();
        let look = props.look.clone();
        let field = field.clone();
        let status = status.setter();
        Callback::from(move |_: MouseEvent| {
            let field = field.clone();
            let status = status.clone();
            let (html, copied) = match &look {
                Look::Button { html, copied, .. } => (html.as_deref(), Some(copied.clone())),
                Look::Field { .. } => (None, None),
            };
            copy(&text, html, move |worked| {
                let said = match (worked, copied) {
                    (true, Some(copied)) => copied,
                    (true, None) => AttrValue::Static(COPIED),
                    (false, Some(_)) => AttrValue::Static(COPY_REFUSED),
                    (false, None) => {
                        // Selected, the text is ready for the user to copy.
                        if let Some(area) = field.cast::<HtmlTextAreaElement>() {
                            let _ = area.focus();
                            area.select();
                        }
                        AttrValue::Static(COPY_BY_HAND)
                    }
                };
                status.set(Some(said));
            });
        })
    };
    let id = &props.id;
    let said = status.as_deref().unwrap_or_default();
    match &props.look {
        Look::Button {
            label,
            context,
            small,
            ..
        } => html! {
            <span class="app-tool">
                <button type="button" id={id.clone()} {onclick}
                    class={classes!("app-button", "app-button--secondary", small.then_some("app-button--small"))}>
                    { label }
                    <span class="app-visually-hidden">{ format!(": {context}") }</span>
                </button>
                <span class="app-tool__status" id={format!("{id}-status")} role="status">
                    { said }
                </span>
            </span>
        },
        Look::Field {
            label,
            hint,
            button,
            rows,
        } => {
            let hint_id = format!("{id}-hint");
            html! {
                <div class="app-form-group app-copy">
                    <label class="app-label" for={id.clone()}>{ label }</label>
                    if let Some(hint) = hint {
                        <div class="app-hint" id={hint_id.clone()}>{ hint }</div>
                    }
                    <textarea class="app-textarea app-textarea--code" id={id.clone()}
                        readonly=true rows={rows.to_string()} spellcheck="false"
                        aria-describedby={hint.as_ref().map(|_| hint_id)}
                        value={props.text.clone()} ref={field} />
                    <div class="app-button-group">
                        <button type="button" class="app-button app-button--secondary"
                            id={format!("{id}-copy")} {onclick}>
                            { button }
                        </button>
                        <p class="app-copy__status" id={format!("{id}-status")} aria-live="polite">
                            { said }
                        </p>
                    </div>
                </div>
            }
        }
    }
}

//! Text to take away (a share link, the code to embed the calculator) in a
//! read-only box, with a button that puts it on the clipboard.
//!
//! Browsers refuse the clipboard to a page in an iframe that was not given
//! it, and to one served over plain HTTP; the button then selects the text
//! and says how to copy it by hand, so it never fails in silence.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Function, Reflect};
use web_sys::{Clipboard, HtmlTextAreaElement};
use yew::prelude::*;

/// What the status line says after a click.
const COPIED: &str = "Copied.";
const COPY_BY_HAND: &str =
    "This browser did not let the page copy it. The text is selected: press Ctrl and C (on a Mac, Command and C) to copy it.";

/// The text, its box's id, label and hint, and the button's words.
#[derive(Properties, PartialEq)]
pub struct CopyFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub text: AttrValue,
    /// What the button says, naming what it copies ("Copy the link"), as
    /// a page may hold several of these.
    pub button: AttrValue,
    #[prop_or(3)]
    pub rows: u32,
}

/// A labelled read-only box, the copy button and a status line that screen
/// readers announce.
#[component]
pub fn CopyField(props: &CopyFieldProps) -> Html {
    let status = use_state(|| None::<&'static str>);
    let field = use_node_ref();
    {
        // A status is about the text it copied, not a newer one.
        let status = status.clone();
        use_effect_with(props.text.clone(), move |_| status.set(None));
    }
    let onclick = {
        let text = props.text.clone();
        let field = field.clone();
        let status = status.setter();
        Callback::from(move |_: MouseEvent| copy(&text, &field, &status))
    };
    let hint_id = format!("{}-hint", props.id);
    let status_id = format!("{}-status", props.id);
    html! {
        <div class="app-form-group app-copy">
            <label class="app-label" for={props.id.clone()}>{ &props.label }</label>
            if let Some(hint) = &props.hint {
                <div class="app-hint" id={hint_id.clone()}>{ hint }</div>
            }
            <textarea class="app-textarea app-textarea--code" id={props.id.clone()}
                readonly=true rows={props.rows.to_string()} spellcheck="false"
                aria-describedby={props.hint.as_ref().map(|_| hint_id)}
                value={props.text.clone()} ref={field} />
            <div class="app-button-group">
                <button type="button" class="app-button app-button--secondary"
                    id={format!("{}-copy", props.id)} {onclick}>
                    { &props.button }
                </button>
                <p class="app-copy__status" id={status_id} aria-live="polite">
                    { status.unwrap_or_default() }
                </p>
            </div>
        </div>
    }
}

/// Puts `text` on the clipboard, or selects it in `field` for the user to
/// copy, and says which through `status`.
fn copy(text: &str, field: &NodeRef, status: &UseStateSetter<Option<&'static str>>) {
    let by_hand = {
        let field = field.clone();
        let status = status.clone();
        move || {
            if let Some(area) = field.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
                area.select();
            }
            status.set(Some(COPY_BY_HAND));
        }
    };
    // `navigator.clipboard` is undefined outside secure contexts: calling
    // it then would throw, so it is looked up rather than assumed.
    let clipboard = web_sys::window()
        .map(|window| window.navigator())
        .and_then(|navigator| Reflect::get(&navigator, &"clipboard".into()).ok())
        .filter(|clipboard| clipboard.is_object())
        .map(JsCast::unchecked_into::<Clipboard>);
    let Some(clipboard) = clipboard else {
        by_hand();
        return;
    };
    let copied = {
        let status = status.clone();
        Closure::once_into_js(move |_: JsValue| status.set(Some(COPIED)))
    };
    let refused = Closure::once_into_js(move |_: JsValue| by_hand());
    // `then` called with one-shot closures, which free themselves when
    // called; the one of the pair that never runs is a few bytes left to
    // the page's lifetime.
    let promise = clipboard.write_text(text);
    let then = Reflect::get(&promise, &"then".into())
        .ok()
        .and_then(|then| then.dyn_into::<Function>().ok());
    if let Some(then) = then {
        let _ = then.call2(&promise, &copied, &refused);
    }
}

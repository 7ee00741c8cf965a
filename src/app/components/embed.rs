//! Embedding the calculator in another site's page (`?embed=1`), and the
//! panel that gives a site the code to do it.
//!
//! In embed mode the page tells the page around it its height, so that the
//! host can size the iframe to fit with no scroll bar of its own. The
//! message holds that one number and nothing else, never a figure, so it is
//! posted with the target origin `"*"`: the calculator cannot know where it
//! is embedded, and a page of any origin that receives the message learns
//! only how tall the calculator is. The host's script checks the message's
//! origin before it believes it (see the panel's code). Where a host strips
//! scripts, the iframe keeps the height its `height` attribute gives and
//! the calculator scrolls inside it.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Object, Reflect};
use web_sys::ResizeObserver;
use yew::prelude::*;

use super::copy::{Copy, Look};
use super::markup;
use crate::settings::HEIGHT_MESSAGE_TYPE;

/// Starts telling the parent page the calculator's height whenever it
/// changes, if the page is in a frame; does nothing otherwise. Called once:
/// the observer lives as long as the page.
pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let parent = match window.parent() {
        Ok(Some(parent)) if parent != window => parent,
        _ => return,
    };
    let Some(body) = window.document().and_then(|document| document.body()) else {
        return;
    };
    let measured = body.clone();
    let on_resize = Closure::<dyn Fn()>::new(move || {
        // The body's height in whole pixels; the page's own margins stay
        // inside it (`.app-embed` in www/style.css), so that the host never
        // shows a scroll bar for them.
        let height = measured.offset_height();
        if let Some(message) = height_message(height) {
            // A parent gone away cannot be told.
            let _ = parent.post_message(&message, "*");
        }
    });
    if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
        on_resize.forget();
    }
}

/// `{ type: "ips-equity:height", height }` (the format `crate::settings`
/// documents, which its host script reads), a plain object that the
/// structured clone of `postMessage` carries as it is.
fn height_message(height: i32) -> Option<JsValue> {
    let message = Object::new();
    Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE_TYPE.into()).ok()?;
    Reflect::set(&message, &"height".into(), &height.into()).ok()?;
    Some(message.into())
}

/// The code a site needs to embed the calculator.
#[derive(Properties, PartialEq)]
pub struct EmbedPanelProps {
    /// The iframe element to paste into the host page.
    pub snippet: AttrValue,
    /// The host page's script that sizes the iframe from the height
    /// messages, checking their origin.
    pub host_script: AttrValue,
}

/// "Embed this calculator": the iframe code and the host's script, each
/// with a copy button.
#[component]
pub fn EmbedPanel(props: &EmbedPanelProps) -> Html {
    html! {
        <details class="app-details" id="embed-panel">
            { markup(concat!(
                "<summary class=\"app-details__summary\">",
                "<span class=\"app-details__summary-text\">Embed this calculator</span>",
                "</summary>",
            )) }
            <div class="app-details__text">
                { markup(concat!(
                    "<p>Put the calculator on your own site, for example a page of a collaboration platform, by pasting this code into the page. It shows the calculator without this page\u{2019}s heading and introduction, in a frame 600 pixels wide.</p>",
                    "<p>Figures typed into the embedded calculator stay on the visitor\u{2019}s device, as they do here.</p>",
                )) }
                <Copy id="embed-snippet" text={props.snippet.clone()}
                    look={Look::Field {
                        label: "Code for the frame".into(),
                        hint: Some("Paste it where the calculator should appear. Without the script below, the frame keeps its height and the calculator scrolls inside it.".into()),
                        button: "Copy the code for the frame".into(),
                        rows: 4,
                    }} />
                <Copy id="embed-script" text={props.host_script.clone()}
                    look={Look::Field {
                        label: "Script that fits the frame to the calculator".into(),
                        hint: Some("Optional. Paste it after the frame. The calculator tells the page only its height; the script believes that message only when it comes from the calculator\u{2019}s own site.".into()),
                        button: "Copy the script".into(),
                        rows: 8,
                    }} />
            </div>
        </details>
    }
}

//! Presenter mode: the findings one at a time, in large type and high
//! contrast for a projector, stepped through with the keyboard or buttons.
//!
//! Keys work wherever focus is while the mode is on: Right, Space and Page
//! Down (what a presentation clicker sends) go forward; Left and Page Up go
//! back; Home and End go to the first and last; Escape leaves. Each new
//! finding is announced by screen readers (a polite live region), and its
//! position is both shown and announced ("3 of 12").

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::markup;

/// One finding to show: the breakdown it belongs to and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    pub breakdown: String,
    pub text: String,
}

/// The findings, the one shown, and where stepping and leaving go.
#[derive(Properties, PartialEq)]
pub struct PresenterProps {
    pub slides: Vec<Slide>,
    /// The finding shown; past the last means the last.
    pub slide: usize,
    /// Whether the findings are the publish-safe ones.
    pub safe: bool,
    pub on_slide: Callback<usize>,
    pub on_leave: Callback<()>,
}

/// Where a key sends presenter mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    To(usize),
    Leave,
}

/// The step a key asks for from `shown` of `count` findings, or `None` for
/// a key presenter mode leaves alone. Space on a button is the button's.
fn step_for(key: &str, on_button: bool, shown: usize, count: usize) -> Option<Step> {
    let last = count.saturating_sub(1);
    match key {
        "ArrowRight" | "PageDown" => Some(Step::To((shown + 1).min(last))),
        " " | "Spacebar" if !on_button => Some(Step::To((shown + 1).min(last))),
        "ArrowLeft" | "PageUp" => Some(Step::To(shown.saturating_sub(1))),
        "Home" => Some(Step::To(0)),
        "End" => Some(Step::To(last)),
        "Escape" => Some(Step::Leave),
        _ => None,
    }
}

/// The finding shown, its position, and the buttons to step and leave.
#[component]
pub fn Presenter(props: &PresenterProps) -> Html {
    let count = props.slides.len();
    let shown = props.slide.min(count.saturating_sub(1));
    {
        // One listener on the document for as long as the mode is on, with
        // the position it was set up for: a step re-renders with a new one.
        let on_slide = props.on_slide.clone();
        let on_leave = props.on_leave.clone();
        use_effect_with((shown, count), move |&(shown, count)| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                if event.alt_key() || event.ctrl_key() || event.meta_key() {
                    return;
                }
                let on_button = event
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|element| element.tag_name().eq_ignore_ascii_case("button"));
                match step_for(&event.key(), on_button, shown, count) {
                    Some(Step::To(slide)) => {
                        event.prevent_default();
                        on_slide.emit(slide);
                    }
                    Some(Step::Leave) => {
                        event.prevent_default();
                        on_leave.emit(());
                    }
                    None => {}
                }
            });
            let document = web_sys::window().and_then(|window| window.document());
            if let Some(document) = &document {
                let _ = document
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = document {
                    let _ = document.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }
    let previous = props
        .on_slide
        .reform(move |_: MouseEvent| shown.saturating_sub(1));
    let next = {
        let last = count.saturating_sub(1);
        props
            .on_slide
            .reform(move |_: MouseEvent| (shown + 1).min(last))
    };
    let leave = props.on_leave.reform(|_: MouseEvent| ());
    let at_start = shown == 0;
    let at_end = shown + 1 >= count;

    html! {
        <main class="app-presenter" id="main-content" tabindex="-1" aria-labelledby="presenter-title">
            <div class="app-presenter__bar">
                { markup("<h1 class=\"app-presenter__title\" id=\"presenter-title\">Findings</h1>") }
                if props.safe {
                    { markup("<strong class=\"app-tag app-presenter__tag\">Publish-safe figures</strong>") }
                }
            </div>
            <section class="app-presenter__slide" id="presenter-slide" tabindex="-1"
                aria-live="polite" aria-atomic="true" aria-labelledby="presenter-position">
                if let Some(slide) = props.slides.get(shown) {
                    <p class="app-presenter__position" id="presenter-position">
                        { format!("{} of {}", shown + 1, count) }
                    </p>
                    <h2 class="app-presenter__breakdown">{ &slide.breakdown }</h2>
                    <p class="app-presenter__finding" id="presenter-finding">{ &slide.text }</p>
                } else {
                    { markup(concat!(
                        "<p class=\"app-presenter__position\" id=\"presenter-position\">No findings</p>",
                        "<p class=\"app-presenter__finding\" id=\"presenter-finding\">",
                        "There are no findings to present yet. Leave presenter mode and enter a table with at least two groups.",
                        "</p>",
                    )) }
                }
            </section>
            <div class="app-button-group app-presenter__controls">
                // Buttons at either end stay focusable (aria-disabled, not
                // disabled), so that focus never drops to the page's body.
                <button type="button" class="app-button app-button--secondary" id="presenter-previous"
                    aria-disabled={at_start.then_some("true")} onclick={previous}>
                    { "Previous finding" }
                </button>
                <button type="button" class="app-button" id="presenter-next"
                    aria-disabled={at_end.then_some("true")} onclick={next}>
                    { "Next finding" }
                </button>
                <button type="button" class="app-button app-button--secondary" id="presenter-leave" onclick={leave}>
                    { "Leave presenter mode" }
                </button>
            </div>
            { markup(concat!(
                "<p class=\"app-presenter__keys\" id=\"presenter-keys\">",
                "Keys: Right arrow, Space or Page Down for the next finding; Left arrow or Page Up for the one before; Escape to leave.",
                "</p>",
            )) }
        </main>
    }
}

/// The button that starts presenter mode, beside the results.
pub fn start_button(on_present: &Callback<bool>) -> Html {
    html! {
        <div class="app-presenter-start">
            <button type="button" class="app-button app-button--secondary" id="presenter-start"
                aria-describedby="presenter-start-hint" onclick={on_present.reform(|_: MouseEvent| true)}>
                { "Present the findings" }
            </button>
            { markup("<p class=\"app-hint\" id=\"presenter-start-hint\">One finding at a time, in large type for a projector.</p>") }
        </div>
    }
}

/// Focuses the element with this id, if it is there and can take focus.
pub fn focus_id(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_step_within_the_findings() {
        assert_eq!(step_for("ArrowRight", false, 0, 3), Some(Step::To(1)));
        assert_eq!(step_for("PageDown", true, 2, 3), Some(Step::To(2)));
        assert_eq!(step_for(" ", false, 1, 3), Some(Step::To(2)));
        assert_eq!(step_for("ArrowLeft", false, 0, 3), Some(Step::To(0)));
        assert_eq!(step_for("PageUp", false, 2, 3), Some(Step::To(1)));
        assert_eq!(step_for("End", false, 0, 3), Some(Step::To(2)));
        assert_eq!(step_for("Home", false, 2, 3), Some(Step::To(0)));
        assert_eq!(step_for("Escape", true, 1, 3), Some(Step::Leave));
        assert_eq!(step_for("a", false, 1, 3), None);
        assert_eq!(step_for("ArrowRight", false, 0, 0), Some(Step::To(0)));
    }

    #[test]
    fn space_on_a_button_is_left_to_the_button() {
        assert_eq!(step_for(" ", true, 0, 3), None);
    }
}

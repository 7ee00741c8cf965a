//! The worked examples (`crate::examples`), one button each: what it
//! teaches and where its numbers come from beside it. Loading one goes the
//! way a file does, so it never replaces the user's own figures without
//! asking.

use yew::prelude::*;

use super::markup;
use crate::examples::{examples, Example};

/// The figures shown now, and where a chosen example goes.
#[derive(Properties, PartialEq)]
pub struct ExamplesProps {
    /// The figures in the box, to mark the example they are.
    pub text: AttrValue,
    pub on_example: Callback<&'static Example>,
}

/// The list of worked examples.
#[component]
pub fn Examples(props: &ExamplesProps) -> Html {
    html! {
        <section class="app-examples" id="examples" aria-labelledby="examples-title">
            { markup(concat!(
                "<h2 class=\"app-heading-m\" id=\"examples-title\">Worked examples</h2>",
                "<p class=\"app-hint\">Load a table to see how the calculator reads it. If the box holds figures of your own, you will be asked first.</p>",
            )) }
            <ul class="app-examples__list">
                for example in examples().iter() { { item(example, props) } }
            </ul>
        </section>
    }
}

fn item(example: &'static Example, props: &ExamplesProps) -> Html {
    let id = format!("example-{}", example.id);
    let about = format!("{id}-about");
    let shown = props.text.as_str() == example.text;
    html! {
        <li class="app-examples__item">
            <button type="button" class="app-button app-button--secondary app-examples__button"
                {id} aria-describedby={about.clone()}
                onclick={props.on_example.reform(move |_: MouseEvent| example)}>
                { example.title }
            </button>
            if shown {
                { markup("<strong class=\"app-tag\">Shown now</strong>") }
            }
            <div class="app-hint" id={about}>
                <p>{ example.summary }</p>
                <p>{ markup("<strong>Where the numbers come from: </strong>") }{ example.source }</p>
            </div>
        </li>
    }
}

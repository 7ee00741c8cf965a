//! The page's parts. Each gets its data and callbacks as props and owns no
//! application state; none computes a statistic.

use yew::virtual_dom::{VTag, VText};
use yew::{AttrValue, Html};

mod charts;
mod choices;
mod copy;
mod embed;
mod error_summary;
mod examples;
mod figures;
mod grid;
mod presenter;
mod results;
mod share;
mod show_working;
mod tools;

pub use choices::{Choices, GroupList};
pub use embed::{report_height, EmbedPanel};
pub use error_summary::{ErrorSummary, Problem};
pub use examples::Examples;
pub use figures::Figures;
pub use grid::GridEditor;
pub use presenter::{focus_id, start_button, Presenter, Slide};
pub use results::Results;
pub use share::SharePanel;

/// Markup that never changes, written as HTML: the browser builds it from
/// the one string, where `html!` would put code that builds each of its
/// elements into the page's download. Only ever our own literal markup,
/// written without spaces between tags (which `html!` would drop) and with
/// `&`, `<` and `>` escaped; never anything the user typed.
fn markup(html: &'static str) -> Html {
    Html::from_html_unchecked(AttrValue::Static(html))
}

/// A list item for each line: one copy of the code for every list of
/// sentences on the page (settings, warnings, rules, notes, steps).
fn items(lines: &[String]) -> Html {
    lines
        .iter()
        .map(|line| element("li", &[], vec![text(line)]))
        .collect()
}

/// What screen readers hear before an error message.
fn error_prefix() -> Html {
    markup("<span class=\"app-visually-hidden\">Error: </span>")
}

/// An element built from its name, its attributes (those whose value is
/// empty left out, as no attribute drawn this way may be empty) and its
/// children: the node `html!` would build, from one copy of the code.
/// `html!` writes out the code that builds each element where it stands,
/// which for the many marks of the charts made much of the page's
/// download.
fn element(name: &'static str, attributes: &[(&'static str, &str)], children: Vec<Html>) -> Html {
    let mut tag = VTag::new(name);
    for &(key, value) in attributes {
        if !value.is_empty() {
            tag.add_attribute(key, value.to_owned());
        }
    }
    tag.add_children(children);
    tag.into()
}

/// A text node.
fn text(text: &str) -> Html {
    VText::new(text.to_owned()).into()
}

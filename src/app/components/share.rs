//! "Share these settings": a link that opens the calculator with the same
//! choices, and with the same figures only when the user ticks a box that
//! warns them what that means.
//!
//! The settings travel after the link's `#` (its fragment), which browsers
//! never send to a server: the link's host sees a request for the page and
//! nothing else, whether the figures are in it or not.

use yew::prelude::*;

use super::copy::{Copy, Look};
use super::{error_prefix, markup};

/// The link as the core wrote it (or why it could not), whether it holds
/// the figures, and where ticking the box goes.
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The share link, or the core's reason it cannot be written (a table
    /// too long for a link).
    pub link: Result<AttrValue, AttrValue>,
    pub share_figures: bool,
    pub on_share_figures: Callback<bool>,
}

/// The panel: what the link carries, the box for the figures, the
/// warning once it is ticked, and the link to copy.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let onchange = props.on_share_figures.reform(|event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        input.checked()
    });
    html! {
        <details class="app-details" id="share-panel">
            { markup(concat!(
                "<summary class=\"app-details__summary\">",
                "<span class=\"app-details__summary-text\">Share these settings</span>",
                "</summary>",
            )) }
            <div class="app-details__text">
                { markup(concat!(
                    "<p>Copy a link that opens this calculator with the same choices: the confidence level, the interval method, how the population is read, the reference groups, publish-safe figures and the worked example shown.</p>",
                    "<p>The choices go after the # in the link, a part that browsers never send to a server.</p>",
                )) }
                <div class="app-form-group">
                    <div class="app-checkboxes">
                        <div class="app-checkboxes__item">
                            <input class="app-checkboxes__input" type="checkbox" id="share-figures" name="share-figures"
                                checked={props.share_figures} {onchange} aria-describedby="share-figures-hint" />
                            { markup(concat!(
                                "<label class=\"app-checkboxes__label\" for=\"share-figures\">Put my figures in the link too</label>",
                                "<div class=\"app-hint app-checkboxes__hint\" id=\"share-figures-hint\">",
                                "Without your figures, the link opens on the calculator\u{2019}s example table, or on the worked example shown here, with your choices.",
                                "</div>",
                            )) }
                        </div>
                    </div>
                    if props.share_figures {
                        { markup(concat!(
                            "<div class=\"app-warning-text\" id=\"share-figures-warning\">",
                            "<span class=\"app-warning-text__icon\" aria-hidden=\"true\">!</span>",
                            "<strong class=\"app-warning-text__text\">",
                            "<span class=\"app-visually-hidden\">Warning: </span>",
                            "The link now holds your figures as you typed them, before any publish-safe rounding. Anyone who gets it can see them, and it may be kept wherever it is sent. Send it only to people allowed to see these figures.",
                            "</strong></div>",
                        )) }
                    }
                </div>
                { match &props.link {
                    Ok(link) => html! {
                        <Copy id="share-link" text={link.clone()}
                            look={Look::Field {
                                label: "Link to share".into(),
                                hint: None,
                                button: "Copy the link".into(),
                                rows: 3,
                            }} />
                    },
                    Err(problem) => html! {
                        <p class="app-error-message" id="share-link-error">
                            { error_prefix() }{ problem }
                        </p>
                    },
                } }
            </div>
        </details>
    }
}

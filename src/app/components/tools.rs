//! Taking the results away: a file to download (the CSV of every result, a
//! chart as SVG), a table or a sentence on the clipboard, and a printed
//! report with every explanation open. What goes into a file or onto the
//! clipboard is the core's (`crate::export`); this module only hands it to
//! the browser.
//!
//! The clipboard, `ClipboardItem` and `XMLSerializer` are looked up rather
//! than assumed: a page served over plain HTTP, or framed without the
//! clipboard permission, has no `navigator.clipboard`, and older browsers
//! lack `ClipboardItem`. Each then degrades (plain text only, or a message
//! saying how to copy by hand), never fails in silence.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, Date, Function, Object, Reflect};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlDetailsElement, Url};

/// Today's date in the visitor's time zone: ISO 8601 for file names and
/// the CSV ("2026-11-25"), and as GOV.UK writes dates for the printed
/// report ("25 November 2026").
pub fn today() -> (String, String) {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let now = Date::new_0();
    let (year, month, day) = (now.get_full_year(), now.get_month(), now.get_date());
    let month_name = usize::try_from(month)
        .ok()
        .and_then(|month| MONTHS.get(month))
        .copied()
        .unwrap_or_default();
    (
        format!("{year:04}-{:02}-{day:02}", month + 1),
        format!("{day} {month_name} {year}"),
    )
}

/// Offers `text` as a file called `file_name` of media type `mime`: a
/// Blob behind a link with `download`, clicked. Returns whether the
/// browser took it.
pub fn download(file_name: &str, mime: &str, text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return false;
    };
    let Some(blob) = blob(text, mime) else {
        return false;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let anchor = document
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<HtmlAnchorElement>().ok());
    let (Some(anchor), Some(body)) = (anchor, document.body()) else {
        let _ = Url::revoke_object_url(&url);
        return false;
    };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    // Firefox follows a download link only from inside the document.
    let added = body.append_child(&anchor).is_ok();
    anchor.click();
    if added {
        let _ = body.remove_child(&anchor);
    }
    // Revoking at once can cancel the download in some browsers: the URL
    // is let go once the click has been handled.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1_000);
    }
    true
}

fn blob(text: &str, mime: &str) -> Option<Blob> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = Array::of1(&JsValue::from_str(text));
    Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// The SVG element with this id as a standalone SVG file: the XML
/// declaration, then the element serialised with its namespace, title and
/// description.
pub fn svg_file(id: &str) -> Option<String> {
    let window = web_sys::window()?;
    let element = window.document()?.get_element_by_id(id)?;
    let constructor = Reflect::get(&window, &"XMLSerializer".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let serializer = Reflect::construct(&constructor, &Array::new()).ok()?;
    let serialize = Reflect::get(&serializer, &"serializeToString".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let text = serialize.call1(&serializer, &element).ok()?.as_string()?;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}\n"
    ))
}

/// Puts `plain` on the clipboard, and `html` beside it when given and the
/// browser has `ClipboardItem` (Word pastes the HTML as a table, Excel the
/// tab-separated text); then calls `done` with whether it worked.
pub fn copy(plain: &str, html: Option<&str>, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let clipboard = Reflect::get(&window.navigator(), &"clipboard".into())
        .ok()
        .filter(JsValue::is_object);
    let Some(clipboard) = clipboard else {
        done(false);
        return;
    };
    let item = html.and_then(|html| clipboard_item(&window, plain, html));
    let promise = match item {
        Some(item) => call(&clipboard, "write", &Array::of1(&item)),
        None => call(&clipboard, "writeText", &JsValue::from_str(plain)),
    };
    let Some(promise) = promise else {
        done(false);
        return;
    };
    let then = Reflect::get(&promise, &"then".into())
        .ok()
        .and_then(|then| then.dyn_into::<Function>().ok());
    let Some(then) = then else {
        done(false);
        return;
    };
    // Only one of the two closures runs; they share `done` through a cell.
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let finish = |worked: bool| {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| {
            if let Some(done) = done.take() {
                done(worked);
            }
        })
    };
    let _ = then.call2(&promise, &finish(true), &finish(false));
}

/// A `ClipboardItem` of both formats, `None` where the browser has none.
fn clipboard_item(window: &web_sys::Window, plain: &str, html: &str) -> Option<JsValue> {
    let constructor = Reflect::get(window, &"ClipboardItem".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let formats = Object::new();
    let html: JsValue = blob(html, "text/html")?.into();
    let plain: JsValue = blob(plain, "text/plain")?.into();
    Reflect::set(&formats, &"text/html".into(), &html).ok()?;
    Reflect::set(&formats, &"text/plain".into(), &plain).ok()?;
    Reflect::construct(&constructor, &Array::of1(&formats)).ok()
}

/// Calls `object[method](argument)`; `None` if it throws or is missing.
fn call(object: &JsValue, method: &str, argument: &JsValue) -> Option<JsValue> {
    Reflect::get(object, &method.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?
        .call1(object, argument)
        .ok()
}

/// Opens every closed `<details>` before printing, marking those it
/// opened, so that a printed report holds every explanation.
pub fn open_details_for_print() {
    for details in details("details:not([open])") {
        details.set_open(true);
        let _ = details.set_attribute("data-print-opened", "");
    }
}

/// Closes again the `<details>` opened for printing.
pub fn close_details_after_print() {
    for details in details("details[data-print-opened]") {
        details.set_open(false);
        let _ = details.remove_attribute("data-print-opened");
    }
}

fn details(selector: &str) -> Vec<HtmlDetailsElement> {
    let Some(found) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector_all(selector).ok())
    else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|index| found.item(index))
        .filter_map(|node| node.dyn_into::<HtmlDetailsElement>().ok())
        .collect()
}

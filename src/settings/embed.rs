//! Embedding the calculator in another site's page: the `<iframe>` snippet
//! the "Embed this calculator" panel writes, and the host page's script
//! that lets the frame grow to its content.
//!
//! # The height message
//!
//! In embed mode the calculator tells its parent page how tall it is, and
//! nothing else, by posting this object whenever its height changes:
//!
//! ```text
//! { type: "ips-equity:height", height: <CSS pixels, a number> }
//! ```
//!
//! `type` is [`HEIGHT_MESSAGE_TYPE`]; `height` is the document's height in
//! CSS pixels. The calculator posts it with target origin `"*"`: it cannot
//! know the host's origin, and the height reveals nothing about the user's
//! figures. The host script ([`host_script`]) accepts it only from the
//! calculator's origin, only in this shape, and only with a height from
//! [`MIN_EMBED_HEIGHT_PX`] to [`MAX_EMBED_HEIGHT_PX`], and resizes only the
//! iframe whose window sent it. Hosts that strip scripts keep the snippet's
//! fixed height, and the calculator scrolls within it.

use super::Settings;

/// The `type` of the calculator's height message (see the module's notes).
pub const HEIGHT_MESSAGE_TYPE: &str = "ips-equity:height";

/// The lowest height the host script accepts, and the snippet writes, in
/// CSS pixels.
pub const MIN_EMBED_HEIGHT_PX: u32 = 200;

/// The greatest height the host script accepts, and the snippet writes, in
/// CSS pixels: a bound on what a message can do to the host's page.
pub const MAX_EMBED_HEIGHT_PX: u32 = 20_000;

/// The calculator's name, as the frame's accessible name.
const TITLE: &str = "IPS Equity Calculator";

/// The sandbox tokens the calculator needs in a frame, and no others:
///
/// - `allow-scripts`: the calculator is a WebAssembly program started by
///   script.
/// - `allow-same-origin`: it fetches its own script, WebAssembly and
///   worker under a Content-Security-Policy of `'self'`; without this token
///   the frame's origin is opaque, `'self'` matches nothing and those
///   fetches fail. Beside `allow-scripts` this token would let a frame of
///   the host's own origin lift its sandbox, but the calculator is served
///   from its own origin, so it gains no reach into the host's page.
/// - `allow-downloads`: the CSV and SVG exports and the one-file edition
///   are downloads.
/// - `allow-popups`: the methods page opens in a new tab.
/// - `allow-popups-to-escape-sandbox`: that tab is an ordinary page, not a
///   sandboxed one that could not run its own script or downloads.
///
/// Left out: `allow-forms` (the calculator submits no form),
/// `allow-modals` (it opens no dialog; printing is for the full page, so
/// embed mode offers no print button), `allow-top-navigation*` (it never
/// navigates the host's page) and `allow-storage-access-by-user-activation`
/// (it keeps nothing in the host's storage).
const SANDBOX: &str =
    "allow-scripts allow-same-origin allow-downloads allow-popups allow-popups-to-escape-sandbox";

/// The snippet's permissions policy: copying a table or a finding uses the
/// asynchronous clipboard, which a cross-origin frame may only write to when
/// its host grants `clipboard-write`.
const PERMISSIONS: &str = "clipboard-write";

/// The `<iframe>` element that embeds the calculator at `page_url` (the
/// calculator's own address; any query or fragment in it is replaced) with
/// `settings` preset and embed mode on. It is 100% wide up to 600 px, and
/// `height_px` tall (held to [`MIN_EMBED_HEIGHT_PX`] to
/// [`MAX_EMBED_HEIGHT_PX`]) until the host script resizes it, so it works
/// where the host strips scripts. It loads lazily, with only the sandbox
/// tokens the calculator needs. Every value is escaped for its attribute.
///
/// ```
/// use ips_equity::settings::{iframe_snippet, Settings};
/// let snippet = iframe_snippet("https://example.org/ips/", &Settings::default(), 900);
/// assert!(snippet.starts_with(r#"<iframe src="https://example.org/ips/?embed=1" title="IPS Equity Calculator""#));
/// ```
pub fn iframe_snippet(page_url: &str, settings: &Settings, height_px: u32) -> String {
    let page = page_url.split(['?', '#']).next().unwrap_or_default().trim();
    let preset = Settings {
        embed: true,
        ..settings.clone()
    };
    let source = format!("{page}?{}", preset.to_query());
    let height = height_px.clamp(MIN_EMBED_HEIGHT_PX, MAX_EMBED_HEIGHT_PX);
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" style=\"width:100%;max-width:600px;height:{height}px;border:0\" loading=\"lazy\" sandbox=\"{SANDBOX}\" allow=\"{PERMISSIONS}\"></iframe>",
        escape_attribute(&source),
        escape_attribute(TITLE),
    )
}

/// The host page's script (a whole `<script>` element, to paste after the
/// iframe) that sets each calculator frame's height from its height
/// messages. `page_origin` is the calculator's origin (`https://host[:port]`);
/// a full address is cut to its origin, written as browsers report it in
/// `event.origin` (lower case, default port left out).
///
/// ```
/// use ips_equity::settings::host_script;
/// let script = host_script("https://Example.org:443/ips/?embed=1");
/// assert!(script.contains(r#"var calculatorOrigin = "https://example.org";"#));
/// ```
pub fn host_script(page_origin: &str) -> String {
    let origin = javascript_string(&origin_of(page_origin));
    let kind = javascript_string(HEIGHT_MESSAGE_TYPE);
    format!(
        r#"<script>
(function () {{
  var calculatorOrigin = {origin};
  window.addEventListener("message", function (event) {{
    if (event.origin !== calculatorOrigin) return;
    var message = event.data;
    if (!message || typeof message !== "object" || message.type !== {kind}) return;
    var height = message.height;
    if (typeof height !== "number" || !(height >= {MIN_EMBED_HEIGHT_PX} && height <= {MAX_EMBED_HEIGHT_PX})) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {{
      if (frames[i].contentWindow === event.source) {{
        frames[i].style.height = Math.ceil(height) + "px";
      }}
    }}
  }});
}})();
</script>"#
    )
}

/// `url`'s origin as `event.origin` gives it: `scheme://host[:port]`, in
/// lower case, without a default port (80 for http, 443 for https). Text
/// without `://` is kept as it is (trimmed), and then matches no sender.
fn origin_of(url: &str) -> String {
    let url = url.trim();
    // A byte search rather than `split_once("://")`, whose substring
    // searcher would add to the page's wasm for this one use.
    let at = url
        .as_bytes()
        .windows(3)
        .position(|window| window == b"://");
    let Some((scheme, rest)) = at.and_then(|at| Some((url.get(..at)?, url.get(at + 3..)?))) else {
        return url.to_string();
    };
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let authority = match (scheme.as_str(), authority.rsplit_once(':')) {
        ("http", Some((host, "80"))) | ("https", Some((host, "443"))) => host.to_string(),
        _ => authority,
    };
    format!("{scheme}://{authority}")
}

/// `text` as a double-quoted JavaScript string that is safe inside a
/// `<script>` element: quotes, backslashes, `<`, `>`, `&`, control
/// characters and everything beyond ASCII as `\uXXXX` escapes, so no
/// `</script>` or line break can end it early.
fn javascript_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for unit in text.encode_utf16() {
        match char::from_u32(u32::from(unit)) {
            Some(c)
                if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '<' | '>' | '&' | '\'') =>
            {
                quoted.push(c);
            }
            Some(' ') => quoted.push(' '),
            _ => quoted.push_str(&format!("\\u{unit:04x}")),
        }
    }
    quoted.push('"');
    quoted
}

/// `text` safe inside a double- or single-quoted HTML attribute.
fn escape_attribute(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Reference;

    #[test]
    fn snippet_for_a_known_case() {
        let settings = Settings {
            example: Some("tiny-numbers"),
            reference: Reference::Named("Black & \"Other\"".into()),
            confidence: 0.99,
            ..Settings::default()
        };
        assert_eq!(
            iframe_snippet("https://calc.example.org/ips/?old=1#top", &settings, 1200),
            "<iframe src=\"https://calc.example.org/ips/?example=tiny-numbers&amp;reference=Black%20%26%20%22Other%22&amp;confidence=99&amp;embed=1\" title=\"IPS Equity Calculator\" width=\"100%\" height=\"1200\" style=\"width:100%;max-width:600px;height:1200px;border:0\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-downloads allow-popups allow-popups-to-escape-sandbox\" allow=\"clipboard-write\"></iframe>"
        );
    }

    #[test]
    fn snippet_escapes_the_page_address_and_bounds_the_height() {
        let snippet = iframe_snippet("https://x.org/a\"b<c>'d&e", &Settings::default(), 5);
        assert!(snippet
            .starts_with("<iframe src=\"https://x.org/a&quot;b&lt;c&gt;&#39;d&amp;e?embed=1\""));
        assert!(snippet.contains(" height=\"200\" "));
        assert!(
            iframe_snippet("https://x.org/", &Settings::default(), u32::MAX)
                .contains("height:20000px")
        );
    }

    #[test]
    fn host_script_checks_origin_shape_and_bounds() {
        let script = host_script("https://calc.example.org");
        assert!(script.starts_with("<script>\n"));
        assert!(script.ends_with("</script>"));
        assert!(script.contains("var calculatorOrigin = \"https://calc.example.org\";"));
        assert!(script.contains("if (event.origin !== calculatorOrigin) return;"));
        assert!(script.contains("message.type !== \"ips-equity:height\""));
        assert!(script.contains("!(height >= 200 && height <= 20000)"));
        assert!(script.contains("frames[i].contentWindow === event.source"));
    }

    #[test]
    fn origins_are_written_as_browsers_report_them() {
        assert_eq!(
            origin_of("HTTPS://Calc.Example.org:443/ips/"),
            "https://calc.example.org"
        );
        assert_eq!(origin_of("http://localhost:80"), "http://localhost");
        assert_eq!(
            origin_of("http://localhost:8080/?x#y"),
            "http://localhost:8080"
        );
        assert_eq!(origin_of("https://[::1]:8443/"), "https://[::1]:8443");
        assert_eq!(origin_of(" null "), "null");
    }

    #[test]
    fn nothing_in_an_origin_can_end_the_script_or_its_string() {
        let script = host_script("https://x.org\"</script><script>alert(1)//");
        assert_eq!(script.matches("</script>").count(), 1);
        assert!(script.contains("var calculatorOrigin = \"https://x.org\\u0022\\u003c\";"));
        assert_eq!(javascript_string("</script>"), "\"\\u003c/script\\u003e\"");
        assert_eq!(
            javascript_string("a\u{2028}\u{e9}\u{1F600}'\\"),
            "\"a\\u2028\\u00e9\\ud83d\\ude00\\u0027\\u005c\""
        );
    }
}

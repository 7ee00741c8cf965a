//! The one-file edition's bundler (`src/one_file/mod.rs`, the build tool
//! behind Trunk's post_build hook) on a tiny fake `dist/` shaped like
//! Trunk's: the file it writes loads nothing from anywhere, its policy's
//! hashes are those of its inline script and styles (worked out here with
//! SHA-256 and a base64 decoder of the test's own), the wasm comes back
//! byte for byte, and a built page it cannot inline stops it.
//! `tests/browser_one_file.rs` opens the real one from `file://`.

#[path = "../src/one_file/mod.rs"]
mod one_file;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use one_file::{base64, write_one_file, FILE_NAME};

/// The built page as Trunk writes it for index.html (its `pattern_script`
/// empty): hashed names, integrity attributes, the preload links last.
const INDEX: &str = r#"<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'">
    <title>IPS Equity Calculator</title>
    <link rel="icon" href="./favicon-0123.svg" integrity="sha384-AAAA"/>
    <link rel="stylesheet" href="./style-4567.css" integrity="sha384-BBBB"/>
    <link rel="stylesheet" href="./results-7654.css" integrity="sha384-FFFF"/>


    <script src="./boot-89ab.js" integrity="sha384-CCCC" type="module"></script>

  <link rel="modulepreload" href="./ips-equity-web-cdef.js" crossorigin="anonymous" integrity="sha384-DDDD"><link rel="preload" href="./ips-equity-web-cdef_bg.wasm" crossorigin="anonymous" integrity="sha384-EEEE" as="fetch" type="application/wasm"></head>
  <body>
    <noscript>
      <p class="app-noscript">The calculator needs JavaScript.</p>
    </noscript>
  </body>
</html>
"#;

/// The end of a wasm-bindgen glue: its initialiser, and its exports.
const GLUE: &str = "let wasm;\n\
                    export function greet(name) { return name; }\n\
                    async function __wbg_init(module_or_path) {\n    \
                        return module_or_path;\n\
                    }\n\
                    export { initSync, __wbg_init as default };\n";

const STYLE: &str = "body {\n  color: #212b32;\n}\n\n.app-noscript { margin: 1rem; }\n";

const RESULTS_STYLE: &str = ".finding::before { content: \"\\2192\"; }\n";

const ICON: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"></svg>"#;

/// Every byte value, and a length that leaves one byte over (so `==`).
fn wasm_bytes() -> Vec<u8> {
    let mut bytes: Vec<u8> = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend((0..=255u8).chain((0..=255u8).rev()));
    assert_eq!(bytes.len() % 3, 1);
    bytes
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct Folder(PathBuf);

impl Folder {
    fn new() -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "ips-equity-one-file-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&path)
            .unwrap_or_else(|error| panic!("cannot make {}: {error}", path.display()));
        Folder(path)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        let path = self.0.join(name);
        fs::write(&path, contents)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A fake `dist/` with `index` as its page.
fn fake_dist(index: &str) -> Folder {
    let dist = Folder::new();
    dist.write("index.html", index);
    dist.write("favicon-0123.svg", ICON);
    dist.write("style-4567.css", STYLE);
    dist.write("results-7654.css", RESULTS_STYLE);
    dist.write("boot-89ab.js", "import('./ips-equity-web-cdef.js');\n");
    dist.write("ips-equity-web-cdef.js", GLUE);
    dist.write("ips-equity-web-cdef_bg.wasm", wasm_bytes());
    dist.write("sw.js", "self.addEventListener('install', () => {});\n");
    dist
}

/// The one-file page for the fake `dist/`.
fn bundled() -> String {
    let dist = fake_dist(INDEX);
    let written = write_one_file(&dist.0).unwrap_or_else(|error| panic!("{error}"));
    let page = fs::read_to_string(dist.0.join(FILE_NAME))
        .unwrap_or_else(|error| panic!("the one-file edition was not written: {error}"));
    assert_eq!(written.path, dist.0.join(FILE_NAME));
    assert_eq!(written.size, page.len());
    assert_eq!(written.wasm_size, wasm_bytes().len());
    page
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{text}"))
        + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &text[from..from + to]
}

/// Decodes standard base64 with padding (RFC 4648, section 4), written
/// apart from the bundler's encoder so that each checks the other.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("{:?} is not a base64 character", char::from(c)),
        }
    };
    assert_eq!(text.len() % 4, 0, "base64 of length {}", text.len());
    let mut bytes = Vec::new();
    for quad in text.as_bytes().chunks(4) {
        let padding = quad.iter().filter(|&&c| c == b'=').count();
        let group = quad
            .iter()
            .take(4 - padding)
            .enumerate()
            .fold(0u32, |group, (at, &c)| group | value(c) << (18 - 6 * at));
        bytes.extend(group.to_be_bytes()[1..4 - padding].iter());
    }
    bytes
}

/// The policy's sources for `directive`, in order.
fn sources<'a>(policy: &'a str, directive: &str) -> Vec<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|entry| entry.strip_prefix(directive)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("the policy has no {directive}: {policy}"))
        .split_whitespace()
        .collect()
}

fn policy(page: &str) -> &str {
    between(
        page,
        r#"<meta http-equiv="Content-Security-Policy" content=""#,
        "\"",
    )
}

#[test]
fn base64_gives_the_rfc_4648_test_vectors() {
    let vectors = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];
    for (bytes, text) in vectors {
        assert_eq!(base64(bytes.as_bytes()), text, "base64 of {bytes:?}");
    }
}

#[test]
fn base64_round_trips_every_length_and_byte() {
    for length in 0..=70 {
        let bytes: Vec<u8> = (0..length).map(|at| (at * 37 + 251) as u8).collect();
        assert_eq!(decode_base64(&base64(&bytes)), bytes, "length {length}");
    }
    let every: Vec<u8> = (0..=255).collect();
    assert_eq!(decode_base64(&base64(&every)), every);
}

#[test]
fn the_wasm_comes_back_byte_for_byte() {
    let page = bundled();
    let text = between(&page, "const oneFileWasm = \"", "\";");
    assert_eq!(decode_base64(text), wasm_bytes());
}

#[test]
fn the_page_loads_nothing_from_anywhere() {
    let page = bundled();
    assert!(!page.contains(" src="), "a src attribute in:\n{page}");
    let hrefs: Vec<&str> = page.split(" href=\"").skip(1).collect();
    assert_eq!(hrefs.len(), 1, "one href, the icon's: {hrefs:?}");
    assert!(
        hrefs[0].starts_with("data:image/svg+xml;base64,"),
        "{}",
        &hrefs[0][..40]
    );
    for word in ["http:", "https:", "modulepreload", "preload", "sw.js"] {
        let outside_script = page.replace(script(&page), "");
        assert!(
            !outside_script.contains(word),
            "{word:?} outside the inline script in:\n{outside_script}"
        );
    }
    let script = script(&page);
    assert!(!script.contains("import("), "the script imports: {script}");
    assert!(!script.contains("serviceWorker"));
    assert!(!script.contains("fetch("));
}

#[test]
fn the_icon_is_inlined_as_is() {
    let page = bundled();
    let icon = between(&page, "href=\"data:image/svg+xml;base64,", "\"");
    assert_eq!(decode_base64(icon), ICON.as_bytes());
}

/// The one inline script's text.
fn script(page: &str) -> &str {
    between(page, "<script type=\"module\">", "</script>")
}

#[test]
fn there_is_one_inline_script_and_a_style_for_each_stylesheet_in_order() {
    let page = bundled();
    assert_eq!(page.matches("<script").count(), 1);
    assert_eq!(styles(&page), [STYLE, RESULTS_STYLE]);
    assert_eq!(page.matches("Content-Security-Policy").count(), 1);
    assert!(page.starts_with("<!doctype html>\n<html data-edition=\"one-file\" lang=\"en-GB\">"));
}

/// The text of every inline style, in order.
fn styles(page: &str) -> Vec<&str> {
    page.split("<style>")
        .skip(1)
        .map(|rest| between(rest, "", "</style>"))
        .collect()
}

#[test]
fn the_policy_allows_only_the_inline_script_and_styles_by_their_hashes() {
    let page = bundled();
    let policy = policy(&page);
    let script_hash = Sha256::digest(script(&page).as_bytes());

    let script_sources = sources(policy, "script-src");
    assert_eq!(script_sources.len(), 2, "{policy}");
    assert_eq!(script_sources[1], "'wasm-unsafe-eval'");
    let hash = between(script_sources[0], "'sha256-", "'");
    assert_eq!(decode_base64(hash), script_hash.as_slice());

    let style_sources = sources(policy, "style-src");
    let styles = styles(&page);
    assert_eq!(style_sources.len(), styles.len(), "{policy}");
    for (source, style) in style_sources.iter().zip(styles) {
        let hash = between(source, "'sha256-", "'");
        assert_eq!(
            decode_base64(hash),
            Sha256::digest(style.as_bytes()).as_slice()
        );
    }

    assert_eq!(sources(policy, "default-src"), ["'none'"]);
    assert_eq!(sources(policy, "connect-src"), ["'none'"]);
    assert_eq!(sources(policy, "img-src"), ["data:"]);
    assert_eq!(sources(policy, "base-uri"), ["'none'"]);
    assert_eq!(sources(policy, "form-action"), ["'none'"]);
    for word in [
        "'self'",
        "unsafe-inline",
        "'unsafe-eval'",
        "http",
        "*",
        "blob:",
    ] {
        assert!(!policy.contains(word), "{word} in {policy}");
    }
}

#[test]
fn the_glue_loses_its_exports_to_an_object_the_boot_script_calls() {
    let page = bundled();
    let script = script(&page);
    assert!(script.contains("\nfunction greet(name) { return name; }\n"));
    assert!(script.contains("\nconst oneFileGlue = { initSync, default: __wbg_init };"));
    assert!(
        !script
            .lines()
            .any(|line| line.trim_start().starts_with("export")),
        "an export is left in:\n{script}"
    );
    assert!(script.contains("oneFileGlue.default({ module_or_path: decodeBase64(oneFileWasm) })"));
}

#[test]
fn the_head_keeps_its_meta_tags_and_title_without_blank_lines() {
    let page = bundled();
    // The stylesheet keeps its own blank lines, which its hash covers.
    let head = between(&page, "<head>", "<script type=\"module\">")
        .replace(STYLE, "")
        .replace(RESULTS_STYLE, "");
    assert!(head.contains("<meta charset=\"utf-8\">\n"));
    assert!(head.contains("<title>IPS Equity Calculator</title>\n"));
    assert!(
        !head
            .trim_end()
            .lines()
            .skip(1)
            .any(|line| line.trim().is_empty()),
        "a blank line in:\n{head}"
    );
}

/// The error the bundler gives for a fake `dist/` with `index` as its
/// page, after `change` is made to the folder.
fn refusal(index: &str, change: impl FnOnce(&Path)) -> String {
    let dist = fake_dist(index);
    change(&dist.0);
    match write_one_file(&dist.0) {
        Ok(written) => panic!(
            "wrote {} for a page it should refuse",
            written.path.display()
        ),
        Err(error) => {
            assert!(!dist.0.join(FILE_NAME).exists());
            error.to_string()
        }
    }
}

#[test]
fn a_page_with_a_link_it_cannot_inline_is_refused() {
    let index = INDEX.replace(
        "<title>",
        "<link rel=\"manifest\" href=\"./app.webmanifest\">\n    <title>",
    );
    let error = refusal(&index, |_| {});
    assert!(error.contains("<link rel=\"manifest\">"), "{error}");
}

#[test]
fn a_page_with_a_file_in_its_body_is_refused() {
    let index = INDEX.replace(
        "</noscript>",
        "</noscript>\n    <img src=\"./logo.png\" alt=\"\">",
    );
    let error = refusal(&index, |_| {});
    assert!(error.contains("<img src=\"./logo.png\">"), "{error}");
}

#[test]
fn an_asset_from_another_origin_is_refused() {
    let index = INDEX.replace("./style-4567.css", "https://cdn.example/style.css");
    let error = refusal(&index, |_| {});
    assert!(
        error.contains("links https://cdn.example/style.css, which is not a file beside it"),
        "{error}"
    );
}

#[test]
fn a_stylesheet_that_loads_a_file_is_refused() {
    let error = refusal(INDEX, |dist| {
        fs::write(
            dist.join("style-4567.css"),
            "@font-face { src: url(font.woff2); }",
        )
        .unwrap_or_else(|error| panic!("{error}"));
    });
    assert!(error.contains("url()"), "{error}");
}

#[test]
fn a_glue_that_would_close_the_script_early_is_refused() {
    let error = refusal(INDEX, |dist| {
        fs::write(
            dist.join("ips-equity-web-cdef.js"),
            GLUE.replace("let wasm;", "let tag = '</script>';"),
        )
        .unwrap_or_else(|error| panic!("{error}"));
    });
    assert!(error.contains("</script"), "{error}");
}

#[test]
fn a_page_without_its_wasm_or_policy_is_refused() {
    let without_wasm = INDEX.replace("type=\"application/wasm\"", "type=\"text/plain\"");
    let error = refusal(&without_wasm, |_| {});
    assert!(error.contains("<link rel=\"preload\">"), "{error}");

    let without_policy = INDEX.replace("http-equiv=\"Content-Security-Policy\"", "name=\"csp\"");
    let error = refusal(&without_policy, |_| {});
    assert!(error.contains("no Content-Security-Policy"), "{error}");

    let error = refusal(INDEX, |dist| {
        fs::remove_file(dist.join("ips-equity-web-cdef_bg.wasm"))
            .unwrap_or_else(|error| panic!("{error}"));
    });
    assert!(
        error.starts_with("cannot read ") && error.contains("ips-equity-web-cdef_bg.wasm"),
        "{error}"
    );
}

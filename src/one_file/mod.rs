//! The one-file edition of the page: `dist/ips-equity-calculator.html`, one
//! self-contained HTML file that a service can save, email or keep on a
//! shared drive, and that runs from `file://` with no server and no network.
//!
//! It is written from what Trunk built (the page's `index.html` and the
//! files it links): the stylesheet goes into a `<style>`, the favicon into a
//! `data:` URL, and the wasm-bindgen glue, the page's wasm (in base64) and a
//! boot script (`www/one-file-boot.js`) into one inline module script. The
//! exact-test worker and the service worker stay out: a page opened from a
//! file may start neither, and the page works the exact tests out itself
//! when it has no worker. `<html>` carries `data-edition="one-file"` so the
//! page can tell which edition it is.
//!
//! The page's Content-Security-Policy is replaced by one that keeps its
//! guarantees for a file: nothing may be fetched or sent
//! (`default-src 'none'`, `connect-src 'none'`), the one inline script and
//! each inline style run only because their SHA-256 hashes are listed
//! (CSP Level 3, "hash-source"), wasm may compile (`'wasm-unsafe-eval'`),
//! and images may come only from `data:` URLs (the favicon).
//!
//! Anything in the built page it does not know how to inline (another kind
//! of link, a second script, an asset outside the folder) stops the build
//! with a message, so the edition never ships with a hole that would send a
//! request.
//!
//! This module belongs to the build tool `src/bin/ips-equity-one-file.rs`
//! (feature `one-file`), not to the library: the page never links it.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The one-file edition's name in `dist/`. Stable: the page links to it,
/// and people keep it.
pub const FILE_NAME: &str = "ips-equity-calculator.html";

/// The boot script that follows the glue in the inline module script.
const BOOT_SCRIPT: &str = include_str!("../../www/one-file-boot.js");

/// What the bundler wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneFile {
    /// Where: `FILE_NAME` in the folder it was given.
    pub path: PathBuf,
    /// The file's size in bytes.
    pub size: usize,
    /// The size of the wasm it holds, before base64.
    pub wasm_size: usize,
}

/// Why the one-file edition could not be written.
#[derive(Debug)]
pub enum Error {
    /// A file of the built page could not be read.
    Read { path: PathBuf, source: io::Error },
    /// The one-file edition could not be written.
    Write { path: PathBuf, source: io::Error },
    /// The built page is not as this bundler expects; the text says how.
    Page(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            Error::Page(problem) => write!(f, "cannot make the one-file edition: {problem}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            Error::Page(_) => None,
        }
    }
}

/// Writes [`FILE_NAME`] into `dist`, Trunk's output folder (or its staging
/// folder, from a post_build hook), from the `index.html` there and the
/// files it links.
pub fn write_one_file(dist: &Path) -> Result<OneFile, Error> {
    let index = dist.join("index.html");
    let html = read_text(&index)?;
    let (page, wasm_size) = one_file_page(&html, dist)?;
    let path = dist.join(FILE_NAME);
    fs::write(&path, &page).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Ok(OneFile {
        path,
        size: page.len(),
        wasm_size,
    })
}

/// Encodes `bytes` in base64 (RFC 4648, section 4: the standard alphabet,
/// with `=` padding), as `atob` in the page decodes it and as CSP writes
/// hashes. Every 3 bytes become 4 characters of 6 bits each; a last group
/// of 1 or 2 bytes becomes 2 or 3 characters and `==` or `=`.
///
/// Written here because it is this short; the `base64` crate would be a
/// second dependency of the build tool for it.
///
/// ```text
/// base64(b"foobar") == "Zm9vYmFy"; base64(b"fo") == "Zm8="
/// ```
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextet = |group: u32, shift: u32| char::from(ALPHABET[((group >> shift) & 0x3f) as usize]);
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (at, &byte)| {
            group | u32::from(byte) << (16 - 8 * at)
        });
        text.push(sextet(group, 18));
        text.push(sextet(group, 12));
        text.push(if chunk.len() > 1 {
            sextet(group, 6)
        } else {
            '='
        });
        text.push(if chunk.len() > 2 {
            sextet(group, 0)
        } else {
            '='
        });
    }
    text
}

/// A CSP hash-source for an inline script's or style's text: `'sha256-`,
/// the base64 of the SHA-256 of its UTF-8 bytes, and `'`.
fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// The one-file page for the built `html`, whose assets are in `dist`, and
/// the size of the wasm it inlined.
fn one_file_page(html: &str, dist: &Path) -> Result<(String, usize), Error> {
    let head_open = find_tag(html, 0, "head")
        .ok_or_else(|| Error::Page("index.html has no <head>".to_owned()))?;
    let head_close = find_ignoring_case(html, head_open.end, "</head>")
        .ok_or_else(|| Error::Page("index.html has no </head>".to_owned()))?;
    let head = rewrite_head(html, head_open.end, head_close, dist)?;
    check_no_links(html, head_close)?;

    let html_tag = find_tag(html, 0, "html")
        .ok_or_else(|| Error::Page("index.html has no <html>".to_owned()))?;
    // After the tag's name: `<html` is five bytes, all ASCII.
    let name_end = html_tag.start + "<html".len();

    let glue = head.glue.ok_or_else(|| {
        Error::Page("index.html has no modulepreload link to the wasm-bindgen glue".to_owned())
    })?;
    let wasm = head.wasm.ok_or_else(|| {
        Error::Page("index.html has no preload link to the page's wasm".to_owned())
    })?;
    let script = format!(
        "{}\nconst oneFileWasm = \"{}\";\n{BOOT_SCRIPT}",
        module_body(&glue)?,
        base64(&wasm)
    );
    check_inline(&script, "</script", "the glue or the boot script")?;

    let style_sources: Vec<String> = head
        .pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Style(css) => Some(hash_source(css)),
            _ => None,
        })
        .collect();
    let mut policy = vec![
        "default-src 'none'".to_owned(),
        format!("script-src {} 'wasm-unsafe-eval'", hash_source(&script)),
    ];
    if !style_sources.is_empty() {
        policy.push(format!("style-src {}", style_sources.join(" ")));
    }
    if head.has_icon {
        policy.push("img-src data:".to_owned());
    }
    policy.extend(
        [
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
        .map(str::to_owned),
    );

    let mut page = String::with_capacity(html.len() + script.len() + 4096);
    page.push_str(&html[..name_end]);
    page.push_str(" data-edition=\"one-file\"");
    page.push_str(&html[name_end..head_open.end]);
    for piece in &head.pieces {
        match piece {
            Piece::Text(text) => push_without_blank_lines(&mut page, text),
            Piece::Policy => page.push_str(&format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
                policy.join("; ")
            )),
            Piece::Style(css) => page.push_str(&format!("<style>{css}</style>")),
        }
    }
    page.truncate(page.trim_end().len());
    page.push_str(&format!(
        "\n    <script type=\"module\">{script}</script>\n  "
    ));
    page.push_str(&html[head_close..]);
    Ok((page, wasm.len()))
}

/// Appends `text` (what lies between two tags of the head) to `page`, but
/// not the blank lines that the dropped tags leave behind.
fn push_without_blank_lines(page: &mut String, text: &str) {
    for line in text.split_inclusive('\n') {
        let line_start = page.rfind('\n').map_or(0, |at| at + 1);
        let blank = line.ends_with('\n')
            && line.trim().is_empty()
            && page
                .get(line_start..)
                .is_some_and(|start| start.trim().is_empty());
        if !blank {
            page.push_str(line);
        }
    }
}

/// What the built page's head becomes, and the assets found in it.
struct Head {
    pieces: Vec<Piece>,
    glue: Option<String>,
    wasm: Option<Vec<u8>>,
    has_icon: bool,
}

/// One piece of the rewritten head, in order.
enum Piece {
    Text(String),
    /// Where the page's policy was; the new one goes here, once the
    /// hashes are known.
    Policy,
    /// A stylesheet's text, for a `<style>`.
    Style(String),
}

/// Goes through the tags of the head (`html[start..end]`): keeps the
/// meta tags and the title, drops the links and the script that the
/// one-file edition replaces, and records the files they name.
fn rewrite_head(html: &str, start: usize, end: usize, dist: &Path) -> Result<Head, Error> {
    let mut head = Head {
        pieces: Vec::new(),
        glue: None,
        wasm: None,
        has_icon: false,
    };
    let mut has_policy = false;
    let mut has_boot_script = false;
    let mut at = start;
    while let Some(tag) = next_tag(html, at).filter(|tag| tag.end <= end) {
        keep_text(&mut head.pieces, &html[at..tag.start]);
        at = tag.end;
        let rel = tag
            .attribute("rel")
            .unwrap_or_default()
            .to_ascii_lowercase();
        match (tag.name.as_str(), rel.as_str()) {
            ("meta", _)
                if tag
                    .attribute("http-equiv")
                    .is_some_and(|name| name.eq_ignore_ascii_case("content-security-policy")) =>
            {
                has_policy = true;
                head.pieces.push(Piece::Policy);
            }
            ("link", "icon") => {
                let file = asset(dist, &tag)?;
                let media_type = image_type(&file)?;
                let bytes = read_bytes(&file)?;
                head.has_icon = true;
                head.pieces.push(Piece::Text(format!(
                    "<link rel=\"icon\" href=\"data:{media_type};base64,{}\">",
                    base64(&bytes)
                )));
            }
            ("link", "stylesheet") => {
                let css = read_text(&asset(dist, &tag)?)?;
                check_inline(&css, "</style", "the stylesheet")?;
                check_css(&css)?;
                head.pieces.push(Piece::Style(css));
            }
            ("link", "modulepreload") if head.glue.is_none() => {
                head.glue = Some(read_text(&asset(dist, &tag)?)?);
            }
            ("link", "preload")
                if head.wasm.is_none() && tag.attribute("type") == Some("application/wasm") =>
            {
                head.wasm = Some(read_bytes(&asset(dist, &tag)?)?);
            }
            ("script", _) if tag.attribute("src").is_some() && !has_boot_script => {
                // The page's boot script, which the one-file boot replaces.
                has_boot_script = true;
                at = find_ignoring_case(html, tag.end, "</script>")
                    .map(|close| close + "</script>".len())
                    .ok_or_else(|| Error::Page("a <script> in index.html is not closed".into()))?;
            }
            ("meta" | "title" | "/title", _) => {
                keep_text(&mut head.pieces, &html[tag.start..tag.end]);
            }
            (name, _) => {
                return Err(Error::Page(format!(
                    "index.html's head has {}, which the one-file edition cannot inline",
                    describe(name, &rel)
                )))
            }
        }
    }
    keep_text(&mut head.pieces, html.get(at..end).unwrap_or_default());
    if !has_policy {
        return Err(Error::Page(
            "index.html has no Content-Security-Policy meta tag".to_owned(),
        ));
    }
    Ok(head)
}

/// Keeps `text` of the built page as it is.
fn keep_text(pieces: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        pieces.push(Piece::Text(text.to_owned()));
    }
}

/// A tag, for an error message: `<link rel="manifest">`, `<style>`.
fn describe(name: &str, rel: &str) -> String {
    if rel.is_empty() {
        format!("<{name}>")
    } else {
        format!("<{name} rel=\"{rel}\">")
    }
}

/// Refuses a body that loads or links anything: the one-file edition
/// inlines only what the head names.
fn check_no_links(html: &str, from: usize) -> Result<(), Error> {
    let mut at = from;
    while let Some(tag) = next_tag(html, at) {
        at = tag.end;
        for name in ["src", "href"] {
            if let Some(value) = tag.attribute(name) {
                return Err(Error::Page(format!(
                    "index.html's body has <{} {name}=\"{value}\">, which the one-file edition \
                     cannot inline",
                    tag.name
                )));
            }
        }
    }
    Ok(())
}

/// Refuses inline text that would end its element early.
fn check_inline(text: &str, closing: &str, what: &str) -> Result<(), Error> {
    for marker in [closing, "<!--"] {
        if find_ignoring_case(text, 0, marker).is_some() {
            return Err(Error::Page(format!(
                "{what} holds \"{marker}\", which would break out of an inline element"
            )));
        }
    }
    Ok(())
}

/// Refuses a stylesheet that loads anything (`url()` other than `data:`,
/// `@import`): the policy would block it anyway, with an error in the
/// console.
fn check_css(css: &str) -> Result<(), Error> {
    if find_ignoring_case(css, 0, "@import").is_some() {
        return Err(Error::Page("the stylesheet has an @import".to_owned()));
    }
    let mut at = 0;
    while let Some(found) = find_ignoring_case(css, at, "url(") {
        at = found + "url(".len();
        let target = css[at..].trim_start_matches([' ', '"', '\'']);
        if !target.starts_with("data:") {
            return Err(Error::Page(
                "the stylesheet loads a file with url(); only data: URLs can be inlined".to_owned(),
            ));
        }
    }
    Ok(())
}

/// The glue as the body of an inline module script. An inline script has
/// no URL to import it from, so its `export` statements are taken apart:
/// declarations lose the keyword, and the export list becomes the object
/// `oneFileGlue` that the boot script calls (`{ initSync, default: init }`).
fn module_body(glue: &str) -> Result<String, Error> {
    let mut body = String::with_capacity(glue.len() + 64);
    let mut exports: Vec<String> = Vec::new();
    for line in glue.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("import ") || trimmed.starts_with("import{") {
            return Err(Error::Page(format!(
                "the wasm-bindgen glue imports another module: {trimmed}"
            )));
        }
        let Some(rest) = trimmed.strip_prefix("export") else {
            body.push_str(line);
            continue;
        };
        if let Some(list) = rest.trim_start().strip_prefix('{') {
            let list = list
                .trim_end_matches(';')
                .trim_end()
                .strip_suffix('}')
                .ok_or_else(|| {
                    Error::Page(format!(
                        "the glue has an export list it cannot read: {trimmed}"
                    ))
                })?;
            exports.extend(list.split(',').filter_map(export_entry));
        } else if let Some(name) = rest.trim_start().strip_prefix("default ") {
            exports.push(format!("default: {}", name.trim().trim_end_matches(';')));
        } else if rest.starts_with(' ') {
            body.push_str(rest.trim_start());
            body.push('\n');
        } else {
            body.push_str(line);
        }
    }
    if !exports.iter().any(|entry| entry.starts_with("default:")) {
        return Err(Error::Page(
            "the wasm-bindgen glue exports no default initialiser".to_owned(),
        ));
    }
    body.push_str(&format!(
        "const oneFileGlue = {{ {} }};",
        exports.join(", ")
    ));
    Ok(body)
}

/// One entry of an export list as an object property: `a` stays `a`,
/// `a as b` becomes `b: a`.
fn export_entry(entry: &str) -> Option<String> {
    let mut words = entry.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(name), None, None) => Some(name.to_owned()),
        (Some(name), Some("as"), Some(alias)) => Some(format!("{alias}: {name}")),
        _ => None,
    }
}

/// The file in `dist` that a link's `href` names. Trunk writes
/// `./name` for its `public_url = "./"`; anything that leaves the folder,
/// or names another origin, is refused.
fn asset(dist: &Path, tag: &Tag) -> Result<PathBuf, Error> {
    let href = tag
        .attribute("href")
        .ok_or_else(|| Error::Page(format!("a <{}> in index.html has no href", tag.name)))?;
    let name = href.strip_prefix("./").unwrap_or(href);
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '?', '#', '&', '%']);
    if plain {
        Ok(dist.join(name))
    } else {
        Err(Error::Page(format!(
            "index.html links {href}, which is not a file beside it \
             (Trunk.toml's public_url must stay \"./\")"
        )))
    }
}

/// The media type of an icon, from its file's extension.
fn image_type(file: &Path) -> Result<&'static str, Error> {
    match file.extension().and_then(|extension| extension.to_str()) {
        Some("svg") => Ok("image/svg+xml"),
        Some("png") => Ok("image/png"),
        Some("ico") => Ok("image/x-icon"),
        _ => Err(Error::Page(format!(
            "the icon {} is not SVG, PNG or ICO",
            file.display()
        ))),
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

fn read_text(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

/// An HTML start or end tag: where it is, its lower-case name (an end tag's
/// with its `/`) and its attributes in order, values as written.
struct Tag {
    start: usize,
    end: usize,
    name: String,
    attributes: Vec<(String, String)>,
}

impl Tag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The first start tag named `name` at or after `from`.
fn find_tag(html: &str, from: usize, name: &str) -> Option<Tag> {
    let mut at = from;
    while let Some(tag) = next_tag(html, at) {
        if tag.name == name {
            return Some(tag);
        }
        at = tag.end;
    }
    None
}

/// The next tag at or after `from`, skipping comments and the doctype.
///
/// A small reader for what Trunk writes, not a full HTML tokeniser: the
/// built page is ours, and anything it cannot place stops the build rather
/// than passing unseen. It splits only at ASCII bytes, so every slice falls
/// on a character boundary.
fn next_tag(html: &str, from: usize) -> Option<Tag> {
    let bytes = html.as_bytes();
    let mut at = from;
    loop {
        let start = at + html.get(at..)?.find('<')?;
        if html[start..].starts_with("<!--") {
            at = start + html[start..].find("-->")? + "-->".len();
            continue;
        }
        if html[start..].starts_with("<!") {
            at = start + html[start..].find('>')? + 1;
            continue;
        }
        // An end tag's name keeps its slash: `/title`.
        let name_start = start + 1 + usize::from(html[start + 1..].starts_with('/'));
        let name_end = name_start
            + html[name_start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))?;
        let name = html[start + 1..name_end].to_ascii_lowercase();
        if name_end == name_start {
            at = start + 1;
            continue;
        }
        let mut attributes = Vec::new();
        let mut position = name_end;
        loop {
            while bytes.get(position).is_some_and(u8::is_ascii_whitespace) {
                position += 1;
            }
            match bytes.get(position)? {
                b'>' => {
                    return Some(Tag {
                        start,
                        end: position + 1,
                        name,
                        attributes,
                    })
                }
                b'/' => {
                    position += 1;
                    continue;
                }
                _ => {}
            }
            let key_end = position
                + html[position..]
                    .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))?;
            let key = html[position..key_end].to_ascii_lowercase();
            position = key_end;
            let mut value = String::new();
            if bytes.get(position) == Some(&b'=') {
                position += 1;
                match bytes.get(position)? {
                    quote @ (b'"' | b'\'') => {
                        let close = position + 1 + html[position + 1..].find(char::from(*quote))?;
                        value = html[position + 1..close].to_owned();
                        position = close + 1;
                    }
                    _ => {
                        let value_end = position
                            + html[position..]
                                .find(|c: char| c.is_ascii_whitespace() || c == '>')?;
                        value = html[position..value_end].to_owned();
                        position = value_end;
                    }
                }
            }
            attributes.push((key, value));
        }
    }
}

/// Where `needle` (ASCII) first occurs in `haystack` at or after `from`,
/// whatever the case of its letters.
fn find_ignoring_case(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .get(from..)?
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
        .map(|found| from + found)
}

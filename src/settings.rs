//! What a link may preset: the worked example, the reference groups, the
//! confidence level, the interval method, how the population is read,
//! publish-safe figures, presenter mode and embed mode.
//!
//! Two kinds of link carry settings:
//!
//! - **Preset links** (`?embed=1&example=tiny-numbers`), for embedding and
//!   for teaching material: the query string, read by [`from_query`] with a
//!   strict allow-list. Anything it does not know, cannot read, finds twice
//!   or finds too long is ignored with a note in plain words; nothing in a
//!   link can stop the page.
//! - **Share links** (`#ips-equity=1&confidence=99...`): the URL fragment,
//!   which browsers never send to a server, written by [`to_fragment`] and
//!   read by [`from_fragment`]. They always hold the settings, and hold the
//!   table only when the user asks for it.
//!
//! # Parameters
//!
//! The same names serve both kinds of link. Names and the values of choices
//! are matched ignoring ASCII case; group and breakdown names are trimmed
//! and at most [`MAX_NAME_CHARS`] characters long. In a query string `+`
//! stands for a space, as browsers write forms.
//!
//! | parameter | values | presets |
//! |---|---|---|
//! | `example` | an id of [`examples()`](crate::examples::examples) | the worked example to load |
//! | `reference` | a group name (`White`) | the reference group of every breakdown |
//! | `reference-rule` | `largest`, `highest-rate` | how every breakdown picks its reference: most people in IPS, or highest job rate |
//! | `reference-in` | `breakdown=group` (`Sex=Female`) | one breakdown's reference group; repeat for others |
//! | `reference-rule-in` | `breakdown=largest`, `breakdown=highest-rate` | one breakdown's rule |
//! | `confidence` | `90`, `95`, `99` | the confidence level (default 95) |
//! | `interval` | `wilson`, `exact` | job-rate intervals: Wilson score (default) or Clopper-Pearson |
//! | `population` | `headers`, `counts`, `percentages` | how the population column is read (default: by its header) |
//! | `safe` | `1`, `0` | publish-safe figures on or off (default off) |
//! | `threshold` | `5` to `10` | publish-safe figures suppress counts from 1 to this (default 7) |
//! | `presenter` | `1`, `0` | presenter mode: large type, one finding at a time |
//! | `embed` | `1`, `0` | embed mode: no page chrome, fits a 600 px iframe |
//!
//! `reference` and `reference-rule` set the same choice, so a link may give
//! one of them; likewise `reference-in` and `reference-rule-in` for one
//! breakdown. When a choice is given twice, the first is kept.
//!
//! The publish-safe threshold is bounded to 5..=10. Below 5 the rules
//! would publish counts that common UK practice withholds (ONS and many NHS
//! publications withhold counts under 5; NHS England's Hospital Episode
//! Statistics withhold 1 to 7, the default here); above 10 a small service
//! would have almost every cell suppressed and could publish nothing.
//!
//! # Share link format, version 1
//!
//! `ips-equity=1`, then `length=<bytes>` when the table is included, then
//! every setting as a parameter above (those with defaults written out, so
//! the link means the same if a default changes), then `data=<table>` last;
//! parameters are joined by `&`, values percent-encoded (RFC 3986: every
//! byte but `A-Z a-z 0-9 - . _ ~` as `%XX` of its UTF-8 form). The first
//! parameter names the format and its version, so a later format can be
//! told apart and refused in words rather than misread. `length` lets a
//! link cut short (by an email program breaking long lines) be told from a
//! whole one. A table longer than [`MAX_SHARED_TABLE_BYTES`] is refused by
//! [`to_fragment`] with a message to show the user.

mod embed;
mod percent;

#[cfg(test)]
mod tests;

use std::ops::RangeInclusive;

pub use embed::{
    host_script, iframe_snippet, HEIGHT_MESSAGE_TYPE, MAX_EMBED_HEIGHT_PX, MIN_EMBED_HEIGHT_PX,
};

use crate::analysis::{Options, Reference};
use crate::disclosure::Rules;
use crate::examples::{example, examples};
use crate::input::PopulationFigures;
use crate::report::IntervalMethod;
use crate::words;

/// The confidence levels a link may choose (the SPEC's 90%, 95% and 99%).
pub const CONFIDENCE_LEVELS: [f64; 3] = [0.90, 0.95, 0.99];

/// The publish-safe thresholds a link may choose (see the module's notes).
pub const SAFE_THRESHOLDS: RangeInclusive<u64> = 5..=10;

/// The publish-safe threshold when a link does not choose one: NHS
/// practice, as in [`Rules::default`].
pub const DEFAULT_SAFE_THRESHOLD: u64 = 7;

/// The longest group or breakdown name a link may carry, in characters:
/// longer than any real group label, short enough to show in a note.
pub const MAX_NAME_CHARS: usize = 100;

/// A link with more parameters than this has the rest ignored, with a note:
/// a real link uses a dozen at most.
pub const MAX_PARAMETERS: usize = 40;

/// The longest table a share link may hold, in bytes of UTF-8 text: a table
/// of counts per group is usually under 2 KB, and a link holding 8 KB (up
/// to 24 KB once encoded) still passes through browsers, chat programs and
/// most email programs.
pub const MAX_SHARED_TABLE_BYTES: usize = 8 * 1024;

/// The longest fragment [`from_fragment`] reads, in characters: the largest
/// table encoded byte by byte, with room for the settings.
pub const MAX_FRAGMENT_CHARS: usize = 3 * MAX_SHARED_TABLE_BYTES + 4 * 1024;

/// The share link format's name: its first parameter is `ips-equity=1`.
pub const FRAGMENT_FORMAT: &str = "ips-equity";

/// The share link format's version, the value of its first parameter.
pub const FRAGMENT_VERSION: &str = "1";

/// Everything a link may preset.
///
/// ```
/// use ips_equity::settings::{from_query, Settings};
/// let (settings, notes) = from_query("?example=tiny-numbers&confidence=99&colour=red");
/// assert_eq!(settings.example, Some("tiny-numbers"));
/// assert_eq!(settings.options().confidence, 0.99);
/// assert_eq!(notes.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The id of a worked example to load (always one of
    /// [`examples()`](crate::examples::examples) when read from a link).
    pub example: Option<&'static str>,
    /// How every breakdown without its own choice picks its reference group.
    pub reference: Reference,
    /// Choices for single breakdowns, by breakdown name, as in
    /// [`Options::references`].
    pub references: Vec<(String, Reference)>,
    /// One of [`CONFIDENCE_LEVELS`]; any other level is not written to links.
    pub confidence: f64,
    pub interval: IntervalMethod,
    pub population: PopulationFigures,
    /// Publish-safe figures (disclosure control) on or off.
    pub publish_safe: bool,
    /// Counts from 1 to this are suppressed when `publish_safe` is on; one
    /// of [`SAFE_THRESHOLDS`].
    pub safe_threshold: u64,
    pub presenter: bool,
    pub embed: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        let options = Options::default();
        Settings {
            example: None,
            reference: options.reference,
            references: options.references,
            confidence: options.confidence,
            interval: options.interval,
            population: options.population,
            publish_safe: false,
            safe_threshold: DEFAULT_SAFE_THRESHOLD,
            presenter: false,
            embed: false,
        }
    }
}

impl Settings {
    /// The analysis choices these settings make.
    pub fn options(&self) -> Options {
        Options {
            reference: self.reference.clone(),
            references: self.references.clone(),
            confidence: self.confidence,
            interval: self.interval,
            population: self.population,
        }
    }

    /// These settings with the analysis choices taken from `options` (what
    /// the page holds), the rest kept.
    pub fn with_options(self, options: &Options) -> Settings {
        Settings {
            reference: options.reference.clone(),
            references: options.references.clone(),
            confidence: options.confidence,
            interval: options.interval,
            population: options.population,
            ..self
        }
    }

    /// The publish-safe rules to apply, or `None` when they are off.
    pub fn disclosure_rules(&self) -> Option<Rules> {
        self.publish_safe.then(|| Rules {
            threshold: self.safe_threshold,
            ..Rules::default()
        })
    }

    /// The query string (without `?`) that presets these settings, writing
    /// only what differs from the defaults.
    ///
    /// ```
    /// use ips_equity::settings::Settings;
    /// let settings = Settings { example: Some("small-service"), embed: true, ..Settings::default() };
    /// assert_eq!(settings.to_query(), "example=small-service&embed=1");
    /// ```
    pub fn to_query(&self) -> String {
        join(&self.parameters(false))
    }

    /// Every setting as `(parameter, value)`, in the order of the module's
    /// table; `explicit` writes the defaults too. Choices a link cannot
    /// carry (a confidence level not offered, a breakdown name with `=` in
    /// it or too long) are left out, so reading the result never gives a note.
    fn parameters(&self, explicit: bool) -> Vec<(&'static str, String)> {
        let mut parameters = Vec::new();
        if let Some(id) = self.example {
            parameters.push(("example", id.to_string()));
        }
        match &self.reference {
            Reference::Named(group) if writable(group) => {
                parameters.push(("reference", group.trim().to_string()));
            }
            Reference::HighestJobRate => parameters.push(("reference-rule", HIGHEST_RATE.into())),
            _ if explicit => parameters.push(("reference-rule", LARGEST.into())),
            _ => {}
        }
        for (breakdown, reference) in &self.references {
            let breakdown = breakdown.trim();
            if !writable(breakdown) || breakdown.contains('=') {
                continue;
            }
            match reference {
                Reference::Named(group) if writable(group) => {
                    parameters.push(("reference-in", format!("{breakdown}={}", group.trim())));
                }
                Reference::Named(_) => {}
                Reference::Largest => {
                    parameters.push(("reference-rule-in", format!("{breakdown}={LARGEST}")));
                }
                Reference::HighestJobRate => {
                    parameters.push(("reference-rule-in", format!("{breakdown}={HIGHEST_RATE}")));
                }
            }
        }
        let default = Settings::default();
        let level = CONFIDENCE_LEVELS
            .iter()
            .find(|&&level| (level - self.confidence).abs() < 1e-9);
        if let Some(level) = level {
            if explicit || *level != default.confidence {
                parameters.push(("confidence", format!("{:.0}", level * 100.0)));
            }
        }
        if explicit || self.interval != default.interval {
            let interval = match self.interval {
                IntervalMethod::Wilson => "wilson",
                IntervalMethod::Exact => "exact",
            };
            parameters.push(("interval", interval.into()));
        }
        if explicit || self.population != default.population {
            let population = match self.population {
                PopulationFigures::FromHeaders => "headers",
                PopulationFigures::Counts => "counts",
                PopulationFigures::Percentages => "percentages",
            };
            parameters.push(("population", population.into()));
        }
        if explicit || self.publish_safe {
            parameters.push(("safe", switch(self.publish_safe)));
        }
        let threshold = self
            .safe_threshold
            .clamp(*SAFE_THRESHOLDS.start(), *SAFE_THRESHOLDS.end());
        if explicit || threshold != DEFAULT_SAFE_THRESHOLD {
            parameters.push(("threshold", threshold.to_string()));
        }
        if self.presenter {
            parameters.push(("presenter", switch(true)));
        }
        if self.embed {
            parameters.push(("embed", switch(true)));
        }
        parameters
    }
}

const LARGEST: &str = "largest";
const HIGHEST_RATE: &str = "highest-rate";

fn writable(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS
}

fn switch(on: bool) -> String {
    if on { "1" } else { "0" }.to_string()
}

fn join(parameters: &[(&str, String)]) -> String {
    parameters
        .iter()
        .map(|(name, value)| format!("{name}={}", percent::encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Reads a preset link's query string (with or without its `?`): the
/// settings it gives, the defaults for the rest, and a note in plain words
/// for every parameter ignored (unknown, without a value, with a value not
/// allowed, too long, badly encoded, or a choice already made earlier in
/// the link). Never fails and never panics.
///
/// ```
/// use ips_equity::settings::from_query;
/// let (settings, notes) = from_query("embed=1&confidence=97&interval=exact&interval=wilson");
/// assert!(settings.embed);
/// assert_eq!(settings.confidence, 0.95);
/// assert_eq!(notes.len(), 2);
/// ```
pub fn from_query(query: &str) -> (Settings, Vec<String>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    read_parameters(query.split('&'), true)
}

/// A share link's contents, as [`read_fragment`] gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedLink {
    pub settings: Settings,
    /// The table, exactly as the sharer had it, when they chose to include it.
    pub data: Option<String>,
    /// Settings in the link that were ignored, as [`from_query`] words them.
    pub notes: Vec<String>,
}

/// Whether a URL fragment (with or without its `#`) is a share link (the
/// page's own anchors, such as `#results`, are not).
pub fn is_share_fragment(fragment: &str) -> bool {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment
        .split('&')
        .next()
        .and_then(|first| first.split_once('='))
        .is_some_and(|(name, _)| name == FRAGMENT_FORMAT)
}

/// The fragment (without `#`) of a share link holding `settings`, and the
/// table when `data` is given (only when the user has chosen to share their
/// figures). Fails, with a message to show the user, when the table is
/// longer than [`MAX_SHARED_TABLE_BYTES`].
///
/// ```
/// use ips_equity::settings::{from_fragment, to_fragment, Settings};
/// let settings = Settings { confidence: 0.99, ..Settings::default() };
/// let fragment = to_fragment(&settings, Some("Group,Population,IPS\nA,10,2\n")).unwrap();
/// assert!(fragment.starts_with("ips-equity=1&length=28&"));
/// assert_eq!(
///     from_fragment(&fragment),
///     Ok((settings, Some("Group,Population,IPS\nA,10,2\n".to_string())))
/// );
/// ```
pub fn to_fragment(settings: &Settings, data: Option<&str>) -> Result<String, String> {
    let mut parameters = vec![(FRAGMENT_FORMAT, FRAGMENT_VERSION.to_string())];
    if let Some(data) = data {
        if data.len() > MAX_SHARED_TABLE_BYTES {
            return Err(format!(
                "The table is too long to go in a link: it takes {} bytes, and a link holds at most {}. Share the link without your figures, and send the table as a file.",
                words::count(data.len() as u64),
                words::count(MAX_SHARED_TABLE_BYTES as u64),
            ));
        }
        parameters.push((LENGTH, data.len().to_string()));
    }
    parameters.extend(settings.parameters(true));
    if let Some(data) = data {
        parameters.push((DATA, data.to_string()));
    }
    Ok(join(&parameters))
}

/// Reads a share link's fragment (with or without its `#`): its settings,
/// and its table if it holds one. Fails, with a message to show the user,
/// when the fragment is not a share link, is of a format this version does
/// not read, is too long, or holds a table that is damaged or cut short.
/// Settings it cannot use are ignored as in [`from_query`]; see
/// [`read_fragment`] for the notes saying which.
pub fn from_fragment(fragment: &str) -> Result<(Settings, Option<String>), String> {
    read_fragment(fragment).map(|link| (link.settings, link.data))
}

/// [`from_fragment`], with the notes on the settings it ignored.
pub fn read_fragment(fragment: &str) -> Result<SharedLink, String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let characters = fragment.chars().count();
    if characters > MAX_FRAGMENT_CHARS {
        return Err(format!(
            "This link is too long to be a share link of the calculator: it has {} characters, and share links have at most {}.",
            words::count(characters as u64),
            words::count(MAX_FRAGMENT_CHARS as u64),
        ));
    }
    let mut pieces = fragment.split('&');
    match pieces.next().and_then(|first| first.split_once('=')) {
        Some((FRAGMENT_FORMAT, FRAGMENT_VERSION)) => {}
        Some((FRAGMENT_FORMAT, version)) => {
            return Err(format!(
                "This share link is written in format {}, which this version of the calculator cannot read (it reads format {FRAGMENT_VERSION}). Ask for a new link, or for the table as a file.",
                shown(version),
            ));
        }
        _ => return Err("This link is not a share link of the calculator.".to_string()),
    }
    let mut length = None;
    let mut data = None;
    let mut settings = Vec::new();
    for piece in pieces {
        match piece.split_once('=') {
            Some((LENGTH, value)) if length.is_none() => length = Some(value),
            Some((DATA, value)) if data.is_none() => data = Some(value),
            Some((LENGTH | DATA, _)) => return Err(DAMAGED.to_string()),
            _ => settings.push(piece),
        }
    }
    let data = match (length, data) {
        (None, None) => None,
        (Some(length), data) => {
            let length: usize = length
                .parse()
                .ok()
                .filter(|&length| length <= MAX_SHARED_TABLE_BYTES)
                .ok_or_else(|| DAMAGED.to_string())?;
            let data =
                percent::decode(data.unwrap_or(""), false).ok_or_else(|| cut_short(length))?;
            if data.len() != length {
                return Err(cut_short(length));
            }
            Some(data)
        }
        (None, Some(_)) => return Err(DAMAGED.to_string()),
    };
    let (settings, notes) = read_parameters(settings.into_iter(), false);
    Ok(SharedLink {
        settings,
        data,
        notes,
    })
}

const LENGTH: &str = "length";
const DATA: &str = "data";

const DAMAGED: &str = "This share link is damaged, so its table was not loaded. Copy the whole link again, or ask for the table as a file.";

fn cut_short(length: usize) -> String {
    format!(
        "This share link is cut short: its table should take {} bytes, but part of it is missing, so it was not loaded. Email programs sometimes break long links across lines: copy the whole link again, or ask for the table as a file.",
        words::count(length as u64),
    )
}

/// A parameter's value once read, before it is checked against the choices
/// already made.
enum Change {
    Example(&'static str),
    Reference(Reference),
    ReferenceIn(String, Reference),
    Confidence(f64),
    Interval(IntervalMethod),
    Population(PopulationFigures),
    Safe(bool),
    Threshold(u64),
    Presenter(bool),
    Embed(bool),
}

impl Change {
    /// The choice this change makes, to find a second attempt at it:
    /// `reference` and `reference-rule` make the same one.
    fn choice(&self) -> String {
        match self {
            Change::Example(_) => "example".into(),
            Change::Reference(_) => "reference".into(),
            Change::ReferenceIn(breakdown, _) => {
                format!("reference-in:{}", breakdown.to_ascii_lowercase())
            }
            Change::Confidence(_) => "confidence".into(),
            Change::Interval(_) => "interval".into(),
            Change::Population(_) => "population".into(),
            Change::Safe(_) => "safe".into(),
            Change::Threshold(_) => "threshold".into(),
            Change::Presenter(_) => "presenter".into(),
            Change::Embed(_) => "embed".into(),
        }
    }

    /// What the choice is, in words, for the note on a second attempt.
    fn described(&self) -> String {
        match self {
            Change::Example(_) => "the example".into(),
            Change::Reference(_) => "the reference group".into(),
            Change::ReferenceIn(breakdown, _) => {
                format!("the reference group of {}", quoted(breakdown))
            }
            Change::Confidence(_) => "the confidence level".into(),
            Change::Interval(_) => "the interval method".into(),
            Change::Population(_) => "how the population is read".into(),
            Change::Safe(_) => "publish-safe figures".into(),
            Change::Threshold(_) => "the publish-safe threshold".into(),
            Change::Presenter(_) => "presenter mode".into(),
            Change::Embed(_) => "embed mode".into(),
        }
    }

    fn apply(self, settings: &mut Settings) {
        match self {
            Change::Example(id) => settings.example = Some(id),
            Change::Reference(reference) => settings.reference = reference,
            Change::ReferenceIn(breakdown, reference) => {
                settings.references.push((breakdown, reference));
            }
            Change::Confidence(level) => settings.confidence = level,
            Change::Interval(interval) => settings.interval = interval,
            Change::Population(population) => settings.population = population,
            Change::Safe(on) => settings.publish_safe = on,
            Change::Threshold(threshold) => settings.safe_threshold = threshold,
            Change::Presenter(on) => settings.presenter = on,
            Change::Embed(on) => settings.embed = on,
        }
    }
}

/// The parameters' names, in the module's table's order.
const NAMES: [&str; 12] = [
    "example",
    "reference",
    "reference-rule",
    "reference-in",
    "reference-rule-in",
    "confidence",
    "interval",
    "population",
    "safe",
    "threshold",
    "presenter",
    "embed",
];

/// The allow-list: each `name=value` piece read in turn, the first choice of
/// each kind kept.
fn read_parameters<'a>(
    pieces: impl Iterator<Item = &'a str>,
    plus_is_space: bool,
) -> (Settings, Vec<String>) {
    let mut settings = Settings::default();
    let mut notes = Vec::new();
    let mut made: Vec<String> = Vec::new();
    for (index, piece) in pieces.filter(|piece| !piece.is_empty()).enumerate() {
        if index == MAX_PARAMETERS {
            notes.push(format!(
                "The link has more than {MAX_PARAMETERS} settings, so the rest were ignored."
            ));
            break;
        }
        let (raw_name, raw_value) = match piece.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (piece, None),
        };
        let decoded_name =
            percent::decode(raw_name, plus_is_space).unwrap_or_else(|| raw_name.to_string());
        let Some(name) = NAMES
            .iter()
            .copied()
            .find(|name| decoded_name.trim().eq_ignore_ascii_case(name))
        else {
            notes.push(format!(
                "The link's setting {} is not one the calculator knows, so it was ignored.",
                quoted(&decoded_name),
            ));
            continue;
        };
        let Some(raw_value) = raw_value else {
            notes.push(format!(
                "The link's setting {} has no value, so it was ignored (write it as {name}=...).",
                quoted(name)
            ));
            continue;
        };
        // Four bytes per character at most, three characters per encoded
        // byte: anything longer cannot be within the limit once decoded.
        if raw_value.len() > 12 * (2 * MAX_NAME_CHARS + 1) {
            notes.push(too_long(name));
            continue;
        }
        let Some(value) = percent::decode(raw_value, plus_is_space) else {
            notes.push(format!(
                "The link's setting {} was ignored: its value is not written correctly (each % must be followed by two hexadecimal digits, and the text must be UTF-8).",
                quoted(name)
            ));
            continue;
        };
        let change = match read_value(name, value.trim()) {
            Ok(change) => change,
            Err(Problem::TooLong) => {
                notes.push(too_long(name));
                continue;
            }
            Err(Problem::Not(allowed)) => {
                notes.push(format!(
                    "The link's setting {} was ignored: {allowed}.",
                    quoted(&format!("{name}={}", value.trim()))
                ));
                continue;
            }
        };
        let choice = change.choice();
        if made.contains(&choice) {
            notes.push(format!(
                "The link's setting {} was ignored: {} was already set earlier in the link.",
                quoted(&format!("{name}={}", value.trim())),
                change.described()
            ));
            continue;
        }
        made.push(choice);
        change.apply(&mut settings);
    }
    (settings, notes)
}

enum Problem {
    TooLong,
    /// The value is not allowed: what is, in words.
    Not(String),
}

fn read_value(name: &str, value: &str) -> Result<Change, Problem> {
    let one_of = |choices: Vec<(&'static str, Change)>, allowed: &str| {
        choices
            .into_iter()
            .find(|(word, _)| word.eq_ignore_ascii_case(value))
            .map(|(_, change)| change)
            .ok_or_else(|| Problem::Not(allowed.to_string()))
    };
    let on_off = |make: fn(bool) -> Change| {
        one_of(
            vec![("1", make(true)), ("0", make(false))],
            "it can be 1 (on) or 0 (off)",
        )
    };
    match name {
        "example" => example(value)
            .map(|found| Change::Example(found.id))
            .ok_or_else(|| {
                let ids: Vec<&str> = examples().iter().map(|found| found.id).collect();
                Problem::Not(format!("the worked examples are {}", ids.join(", ")))
            }),
        "reference" => group_name(value).map(|group| Change::Reference(Reference::Named(group))),
        "reference-rule" => rule(value).map(Change::Reference),
        "reference-in" | "reference-rule-in" => {
            let Some((breakdown, choice)) = value.split_once('=') else {
                return Err(Problem::Not(if name == "reference-in" {
                    "write it as breakdown=group, for example reference-in=Sex=Female".to_string()
                } else {
                    format!("write it as breakdown=rule, for example reference-rule-in=Sex={HIGHEST_RATE}")
                }));
            };
            let breakdown = group_name(breakdown)?;
            let reference = if name == "reference-in" {
                Reference::Named(group_name(choice)?)
            } else {
                rule(choice.trim())?
            };
            Ok(Change::ReferenceIn(breakdown, reference))
        }
        "confidence" => one_of(
            vec![
                ("90", Change::Confidence(0.90)),
                ("95", Change::Confidence(0.95)),
                ("99", Change::Confidence(0.99)),
            ],
            "the confidence level can be 90, 95 or 99",
        ),
        "interval" => one_of(
            vec![
                ("wilson", Change::Interval(IntervalMethod::Wilson)),
                ("exact", Change::Interval(IntervalMethod::Exact)),
            ],
            "the interval method can be wilson or exact",
        ),
        "population" => one_of(
            vec![
                (
                    "headers",
                    Change::Population(PopulationFigures::FromHeaders),
                ),
                ("counts", Change::Population(PopulationFigures::Counts)),
                (
                    "percentages",
                    Change::Population(PopulationFigures::Percentages),
                ),
            ],
            "the population can be read by its headers, as counts or as percentages",
        ),
        "safe" => on_off(Change::Safe),
        "threshold" => value
            .parse::<u64>()
            .ok()
            .filter(|threshold| SAFE_THRESHOLDS.contains(threshold))
            .map(Change::Threshold)
            .ok_or_else(|| {
                Problem::Not(format!(
                    "the publish-safe threshold can be a whole number from {} to {}",
                    SAFE_THRESHOLDS.start(),
                    SAFE_THRESHOLDS.end()
                ))
            }),
        "presenter" => on_off(Change::Presenter),
        // "embed", the last of `NAMES`: `name` is always one of them.
        _ => on_off(Change::Embed),
    }
}

fn group_name(name: &str) -> Result<String, Problem> {
    let name = name.trim();
    if name.is_empty() {
        Err(Problem::Not("it names no group".to_string()))
    } else if name.chars().count() > MAX_NAME_CHARS {
        Err(Problem::TooLong)
    } else {
        Ok(name.to_string())
    }
}

fn rule(value: &str) -> Result<Reference, Problem> {
    if value.eq_ignore_ascii_case(LARGEST) {
        Ok(Reference::Largest)
    } else if value.eq_ignore_ascii_case(HIGHEST_RATE) {
        Ok(Reference::HighestJobRate)
    } else {
        Err(Problem::Not(format!(
            "the reference rule can be {LARGEST} or {HIGHEST_RATE}"
        )))
    }
}

fn too_long(name: &str) -> String {
    format!(
        "The link's setting {} was ignored: its value is longer than the {MAX_NAME_CHARS} characters a name may have.",
        quoted(name)
    )
}

/// Text from a link, quoted for a note: control characters made visible and
/// anything past 40 characters cut, so a hostile link cannot flood the page.
fn quoted(text: &str) -> String {
    format!("\u{201c}{}\u{201d}", shown(text))
}

fn shown(text: &str) -> String {
    const LONGEST: usize = 40;
    let mut shown: String = text
        .chars()
        .take(LONGEST)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().count() > LONGEST {
        shown.push('\u{2026}');
    }
    shown
}

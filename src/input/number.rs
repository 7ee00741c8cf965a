//! Numbers as people type them into spreadsheets: `1234`, `1,234`,
//! `1 234`, `12.5%`, and, in files from countries that write a decimal
//! comma, `1.234` and `12,5`.
//!
//! Written by hand because the standard parsers accept neither thousands
//! separators nor a decimal comma, and no small, well-kept crate reads both
//! conventions with the grouping checks that tell them apart.

/// The largest count accepted: a million million people is far beyond any
/// service, so a larger figure is a typing or pasting mistake.
pub(crate) const LARGEST_COUNT: u64 = 1_000_000_000_000;

/// Which mark separates the decimals; the other one groups thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalMark {
    /// `1,234.5` (English).
    Point,
    /// `1.234,5` (most of continental Europe).
    Comma,
}

impl DecimalMark {
    /// The convention of a table, from its numeric cells.
    ///
    /// A cell that reads under only one convention (`12,5`, `1.234.567`,
    /// `12.5`) is evidence for it. When the cells agree, that convention
    /// holds; when there is no evidence or it conflicts, the delimiter
    /// decides, as a semicolon-separated file is the usual sign of a decimal
    /// comma. Only `1,234` and `1.234` are read differently by the two
    /// conventions, so the choice never changes any other cell.
    pub(crate) fn of_table<'a>(cells: impl Iterator<Item = &'a str>, semicolon: bool) -> Self {
        let mut point = false;
        let mut comma = false;
        for cell in cells {
            let body = unsigned_body(cell.trim().trim_end_matches('%').trim_end());
            let as_point = Decimal::parse(body, DecimalMark::Point);
            let as_comma = Decimal::parse(body, DecimalMark::Comma);
            match (as_point, as_comma) {
                (Some(_), None) => point = true,
                (None, Some(_)) => comma = true,
                _ => {}
            }
        }
        match (point, comma) {
            (true, false) => DecimalMark::Point,
            (false, true) => DecimalMark::Comma,
            _ if semicolon => DecimalMark::Comma,
            _ => DecimalMark::Point,
        }
    }

    fn marks(self) -> (char, char) {
        match self {
            DecimalMark::Point => ('.', ','),
            DecimalMark::Comma => (',', '.'),
        }
    }
}

/// Why a cell is not the number its column needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberProblem {
    Blank,
    NotANumber,
    /// `*`, `[c]`, `<5` and the like: a figure held back to protect privacy.
    HeldBack,
    /// A `%` in a column of counts.
    PercentSign,
    Negative,
    NotWhole,
    TooLarge,
    /// A percentage below 0 or above 100.
    OutOfRange,
}

/// Reads a count of people: a whole number from 0 to [`LARGEST_COUNT`].
pub(crate) fn parse_count(cell: &str, mark: DecimalMark) -> Result<u64, NumberProblem> {
    let cell = cell.trim();
    check_written(cell)?;
    if cell.ends_with('%') {
        return Err(NumberProblem::PercentSign);
    }
    let negative = is_negative(cell);
    let decimal = Decimal::parse(unsigned_body(cell), mark).ok_or(NumberProblem::NotANumber)?;
    let integer = decimal.integer.trim_start_matches('0');
    let whole = decimal.fraction.chars().all(|c| c == '0');
    if negative && !(integer.is_empty() && whole) {
        return Err(NumberProblem::Negative);
    }
    if !whole {
        return Err(NumberProblem::NotWhole);
    }
    // Thirteen digits reach 10^12; more cannot be a valid count, and
    // stopping here keeps the parse below from overflowing.
    if integer.len() > 13 {
        return Err(NumberProblem::TooLarge);
    }
    let value = if integer.is_empty() {
        0
    } else {
        integer
            .parse::<u64>()
            .map_err(|_| NumberProblem::NotANumber)?
    };
    if value > LARGEST_COUNT {
        return Err(NumberProblem::TooLarge);
    }
    Ok(value)
}

/// Reads a percentage from 0 to 100, with or without a `%` sign.
pub(crate) fn parse_percent(cell: &str, mark: DecimalMark) -> Result<f64, NumberProblem> {
    let cell = cell.trim();
    check_written(cell)?;
    let cell = cell.strip_suffix('%').map_or(cell, str::trim_end);
    let negative = is_negative(cell);
    let decimal = Decimal::parse(unsigned_body(cell), mark).ok_or(NumberProblem::NotANumber)?;
    let integer = decimal.integer.trim_start_matches('0');
    // Four digits already exceed 100; stopping here keeps the value finite.
    if integer.len() > 3 {
        return Err(NumberProblem::OutOfRange);
    }
    let text = format!(
        "{}.{}",
        if integer.is_empty() { "0" } else { integer },
        if decimal.fraction.is_empty() {
            "0"
        } else {
            &decimal.fraction
        }
    );
    let value: f64 = text.parse().map_err(|_| NumberProblem::NotANumber)?;
    if (negative && value > 0.0) || value > 100.0 {
        return Err(NumberProblem::OutOfRange);
    }
    Ok(value)
}

/// The problems that show before the digits are read: nothing typed, or a
/// publication's marker for a figure held back.
fn check_written(cell: &str) -> Result<(), NumberProblem> {
    if cell.is_empty() {
        return Err(NumberProblem::Blank);
    }
    let lower = cell.to_lowercase();
    let held_back = matches!(
        lower.as_str(),
        "*" | "**" | "***" | "c" | "[c]" | "x" | "[x]" | "[low]" | "[u]"
    ) || lower.strip_prefix('<').is_some_and(|rest| {
        !rest.trim().is_empty() && rest.trim().chars().all(|c| c.is_ascii_digit())
    });
    if held_back {
        return Err(NumberProblem::HeldBack);
    }
    Ok(())
}

fn is_negative(cell: &str) -> bool {
    cell.starts_with('-') || cell.starts_with('\u{2212}')
}

/// The cell without its sign (`-`, the minus sign U+2212, or `+`).
fn unsigned_body(cell: &str) -> &str {
    cell.strip_prefix('-')
        .or_else(|| cell.strip_prefix('\u{2212}'))
        .or_else(|| cell.strip_prefix('+'))
        .unwrap_or(cell)
        .trim_start()
}

/// A number's digits, split at the decimal mark, with the thousands
/// separators removed.
#[derive(Debug, Clone, PartialEq)]
struct Decimal {
    integer: String,
    fraction: String,
}

impl Decimal {
    /// Reads `body` (no sign) under one convention. Thousands separators
    /// (the convention's mark, a space or a no-break space) must group the
    /// digits in threes, which is what tells `12,5` from `1,250`.
    fn parse(body: &str, mark: DecimalMark) -> Option<Decimal> {
        let (decimal_mark, thousands_mark) = mark.marks();
        let mut parts = body.split(decimal_mark);
        let integer_part = parts.next()?;
        let fraction = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let is_separator =
            |c: char| c == thousands_mark || matches!(c, ' ' | '\u{a0}' | '\u{202f}');
        let groups: Vec<&str> = integer_part.split(is_separator).collect();
        let digits = |text: &str| text.chars().all(|c| c.is_ascii_digit());
        let grouped = match groups.as_slice() {
            [single] => digits(single),
            [first, rest @ ..] => {
                (1..=3).contains(&first.len())
                    && digits(first)
                    && rest.iter().all(|group| group.len() == 3 && digits(group))
            }
            [] => false,
        };
        let fraction = fraction.unwrap_or("");
        let fraction_ok =
            digits(fraction) && (fraction.is_empty() == (body.find(decimal_mark).is_none()));
        let integer: String = groups.concat();
        if !grouped || !fraction_ok || (integer.is_empty() && fraction.is_empty()) {
            return None;
        }
        Some(Decimal {
            integer,
            fraction: fraction.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_plain_grouped_and_spaced_digits() {
        let point = DecimalMark::Point;
        assert_eq!(parse_count("1234", point), Ok(1234));
        assert_eq!(parse_count(" 1,234 ", point), Ok(1234));
        assert_eq!(parse_count("1,234,567", point), Ok(1_234_567));
        assert_eq!(parse_count("1 234", point), Ok(1234));
        assert_eq!(parse_count("1\u{a0}234", point), Ok(1234));
        assert_eq!(parse_count("40.0", point), Ok(40));
        assert_eq!(parse_count("+40", point), Ok(40));
        assert_eq!(parse_count("-0", point), Ok(0));
        assert_eq!(parse_count("007", point), Ok(7));
        assert_eq!(parse_count("1.234", DecimalMark::Comma), Ok(1234));
        assert_eq!(parse_count("1.234.567", DecimalMark::Comma), Ok(1_234_567));
    }

    #[test]
    fn counts_name_each_problem() {
        let point = DecimalMark::Point;
        assert_eq!(parse_count("", point), Err(NumberProblem::Blank));
        assert_eq!(parse_count("forty", point), Err(NumberProblem::NotANumber));
        assert_eq!(parse_count("12,34", point), Err(NumberProblem::NotANumber));
        assert_eq!(parse_count("1,2345", point), Err(NumberProblem::NotANumber));
        assert_eq!(parse_count("1e5", point), Err(NumberProblem::NotANumber));
        assert_eq!(parse_count(".", point), Err(NumberProblem::NotANumber));
        assert_eq!(parse_count("12.", point), Err(NumberProblem::NotANumber));
        assert_eq!(parse_count("-", point), Err(NumberProblem::NotANumber));
        assert_eq!(parse_count("*", point), Err(NumberProblem::HeldBack));
        assert_eq!(parse_count("[c]", point), Err(NumberProblem::HeldBack));
        assert_eq!(parse_count("< 5", point), Err(NumberProblem::HeldBack));
        assert_eq!(parse_count("12%", point), Err(NumberProblem::PercentSign));
        assert_eq!(parse_count("-5", point), Err(NumberProblem::Negative));
        assert_eq!(
            parse_count("\u{2212}5", point),
            Err(NumberProblem::Negative)
        );
        assert_eq!(parse_count("12.5", point), Err(NumberProblem::NotWhole));
        assert_eq!(parse_count("1.234", point), Err(NumberProblem::NotWhole));
        assert_eq!(parse_count("1000000000000", point), Ok(LARGEST_COUNT));
        assert_eq!(
            parse_count("1000000000001", point),
            Err(NumberProblem::TooLarge)
        );
        assert_eq!(
            parse_count("99999999999999999999999999999", point),
            Err(NumberProblem::TooLarge)
        );
    }

    #[test]
    fn percentages_read_both_conventions_and_the_percent_sign() {
        assert_eq!(parse_percent("12.5", DecimalMark::Point), Ok(12.5));
        assert_eq!(parse_percent("12.5 %", DecimalMark::Point), Ok(12.5));
        assert_eq!(parse_percent("12,5%", DecimalMark::Comma), Ok(12.5));
        assert_eq!(parse_percent(".5", DecimalMark::Point), Ok(0.5));
        assert_eq!(parse_percent("100", DecimalMark::Point), Ok(100.0));
        assert_eq!(parse_percent("0", DecimalMark::Point), Ok(0.0));
        assert_eq!(
            parse_percent("100.01", DecimalMark::Point),
            Err(NumberProblem::OutOfRange)
        );
        assert_eq!(
            parse_percent("-1", DecimalMark::Point),
            Err(NumberProblem::OutOfRange)
        );
        assert_eq!(
            parse_percent("1,234", DecimalMark::Point),
            Err(NumberProblem::OutOfRange)
        );
        assert_eq!(
            parse_percent(&"9".repeat(400), DecimalMark::Point),
            Err(NumberProblem::OutOfRange)
        );
        assert_eq!(
            parse_percent("%", DecimalMark::Point),
            Err(NumberProblem::NotANumber)
        );
        assert_eq!(
            parse_percent("", DecimalMark::Point),
            Err(NumberProblem::Blank)
        );
    }

    #[test]
    fn the_convention_follows_unambiguous_cells_then_the_delimiter() {
        let of =
            |cells: &[&str], semicolon| DecimalMark::of_table(cells.iter().copied(), semicolon);
        assert_eq!(of(&["12,5", "1,234"], false), DecimalMark::Comma);
        assert_eq!(of(&["12.5", "1.234"], true), DecimalMark::Point);
        assert_eq!(of(&["1.234.567"], false), DecimalMark::Comma);
        assert_eq!(of(&["1,234"], true), DecimalMark::Comma);
        assert_eq!(of(&["1,234"], false), DecimalMark::Point);
        assert_eq!(of(&["12.5", "12,5"], true), DecimalMark::Comma);
        assert_eq!(of(&["40", "7"], false), DecimalMark::Point);
    }
}

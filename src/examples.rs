//! Worked examples: tables a trainer can load in one click, each saying
//! what it teaches and where its numbers come from.
//!
//! The tables live in `src/examples/*.csv` and are compiled in, so the page
//! and the one-file edition need no network to load them. Every table is in
//! the calculator's own input format (the SPEC's section 1), so loading one
//! is the same as pasting it.

use crate::analysis::{Options, Reference};

/// A group an example suggests as the reference for one of its breakdowns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestedReference {
    /// The breakdown's name, as in the example's table.
    pub breakdown: &'static str,
    /// The group's name, as in the example's table.
    pub group: &'static str,
}

/// One worked example.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::examples::example;
/// let tiny = example("tiny-numbers").unwrap();
/// assert!(tiny.source.starts_with("Synthetic"));
/// assert!(analyse_text(tiny.text, &Options::default()).errors.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Safe in a URL as it is (lower-case letters, digits and `-`): the
    /// value of the `example=` link parameter.
    pub id: &'static str,
    pub title: &'static str,
    /// What the example is for, in a sentence or two.
    pub summary: &'static str,
    /// Where its numbers come from, in plain words.
    pub source: &'static str,
    /// The table, as the user would paste it.
    pub text: &'static str,
    /// The reference group the example is best read with, when it is not
    /// the default (the group with the most people in IPS).
    pub reference: Option<SuggestedReference>,
}

impl Example {
    /// `options` with the example's suggested reference group chosen for its
    /// breakdown (the other choices kept); `options` unchanged when the
    /// example suggests none.
    ///
    /// ```
    /// use ips_equity::analysis::{Options, Reference};
    /// use ips_equity::examples::example;
    /// let options = example("small-service").unwrap().with_reference(Options::default());
    /// assert_eq!(options.reference_for("Age band"), &Reference::Named("35-49".into()));
    /// ```
    pub fn with_reference(&self, options: Options) -> Options {
        match self.reference {
            Some(suggested) => options.with_reference_for(
                suggested.breakdown,
                Reference::Named(suggested.group.into()),
            ),
            None => options,
        }
    }
}

const EXAMPLES: [Example; 4] = [
    Example {
        id: "small-service",
        title: "A small service, three breakdowns",
        summary: "One table holding ethnicity (five groups and a \u{201c}Not known\u{201d} row), sex and four age bands: how a breakdown column puts several breakdowns in one table, how \u{201c}Not known\u{201d} is left out of the comparisons but still reported, and how wide the intervals of groups of a few dozen people are.",
        source: "Synthetic: invented for teaching. No service's figures are in it; each breakdown adds up to the same 3,000 people in the population, 240 in IPS and 82 in work.",
        text: include_str!("examples/small-service.csv"),
        reference: Some(SuggestedReference {
            breakdown: "Age band",
            group: "35-49",
        }),
    },
    Example {
        id: "under-represented",
        title: "A group IPS under-reaches",
        summary: "Asian or Asian British people are a fifth of the service's population but 8% of the people in IPS: a representation ratio well below 0.80 whose whole interval lies below 1, while their job rate, once in IPS, is much like everyone else's. The gap is in access, not outcomes.",
        source: "Synthetic: invented for teaching; the gap is deliberately large and clear.",
        text: include_str!("examples/under-represented.csv"),
        reference: None,
    },
    Example {
        id: "tiny-numbers",
        title: "Tiny numbers",
        summary: "A new service with 36 people in IPS, four groups of three or fewer: every small group carries a caution, and the chi-square test of job rates gives p below 0.05 while the Freeman-Halton exact test, the one to read when expected counts are below 5, gives about 0.12.",
        source: "Synthetic: invented for teaching.",
        text: include_str!("examples/tiny-numbers.csv"),
        reference: None,
    },
    Example {
        id: "london-echo",
        title: "A London service (echo of published figures)",
        summary: "Black people are 17.5% of the people in IPS against 11.5% of the population (ratio 1.52), as one London service reported, while Asian people are under-reached; job rates hardly differ.",
        source: "Echoes published figures from one London IPS service: Black and Black British people were 17.5% of IPS clients against 11.5% of the secondary mental health population, and about a third of clients gained work within the year (34.7% published; 34% here). The other groups' counts, the \u{201c}Not known\u{201d} row and every job count are invented to complete the table.",
        text: include_str!("examples/london-echo.csv"),
        reference: None,
    },
];

/// Every worked example, in the order the page offers them.
pub fn examples() -> &'static [Example] {
    &EXAMPLES
}

/// The example with this id (exactly as written), if there is one.
///
/// ```
/// use ips_equity::examples::example;
/// assert_eq!(example("under-represented").unwrap().title, "A group IPS under-reaches");
/// assert!(example("Under-Represented").is_none());
/// ```
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_url_safe() {
        for (index, worked) in EXAMPLES.iter().enumerate() {
            assert!(!worked.id.is_empty());
            assert!(worked
                .id
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-'));
            assert!(EXAMPLES[..index].iter().all(|other| other.id != worked.id));
            assert_eq!(example(worked.id), Some(worked));
        }
        assert_eq!(example("nothing"), None);
    }
}

//! The page's one piece of application state and the actions that change
//! it. Everything shown is derived from this while rendering: the analysis
//! comes from `text` and `options` through the core, never stored beside them.

use std::rc::Rc;

use yew::Reducible;

use crate::analysis::{Options, Reference};
use crate::input::PopulationFigures;
use crate::report::IntervalMethod;

use super::EXAMPLE_TABLE;

/// The confidence levels the page offers (the SPEC's 90%, 95% and 99%).
pub const CONFIDENCE_LEVELS: [f64; 3] = [0.90, 0.95, 0.99];

/// Files larger than this are refused: a table of counts per group is a few
/// kilobytes, and reading megabytes into a text box would freeze the page.
pub const LARGEST_FILE_BYTES: f64 = 2_000_000.0;

/// Everything the user has chosen or typed.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The figures as the user typed, pasted or loaded them; only an edit in
    /// the table under the box writes them out anew (`Action::SetText`).
    pub text: String,
    pub options: Options,
    /// The breakdown whose results are shown (an index into the report's
    /// breakdowns; out of range means the first).
    pub tab: usize,
    /// A file read while the user had figures of their own, waiting for
    /// them to confirm that it may replace them.
    pub pending_file: Option<LoadedFile>,
    /// Why the last file could not be used, in plain words.
    pub file_problem: Option<String>,
    /// How many times the whole text has been replaced (a file, a paste or
    /// a drop): the error summary takes focus after a replacement, never
    /// while the user types, which would snatch the caret mid-word.
    pub replacements: u32,
    /// Whether the user has typed since the last replacement.
    pub typed_since_replacement: bool,
}

/// A file's name and text, as read on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    pub name: String,
    pub text: String,
}

/// How the text box changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Typing or deleting a few characters.
    Typed,
    /// A paste or a drop of text: the table usually arrives whole.
    Replaced,
}

/// Everything the user can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Edit {
        text: String,
        edit: Edit,
    },
    FileRead(LoadedFile),
    /// The user agreed to replace their figures with the pending file.
    ConfirmFile,
    /// The user kept their figures.
    KeepFigures,
    FileFailed(String),
    /// How one breakdown picks its reference group; the other breakdowns
    /// keep theirs.
    Reference {
        breakdown: String,
        reference: Reference,
    },
    Confidence(f64),
    Interval(IntervalMethod),
    /// How the population column is read: by its header, or as counts or
    /// census percentages whatever the header says.
    Population(PopulationFigures),
    SelectTab(usize),
    /// The table under the box was edited: the whole text, written out
    /// again by `input::grid`. Like typing, it never moves focus.
    SetText(String),
}

impl Default for State {
    fn default() -> Self {
        State {
            text: EXAMPLE_TABLE.to_owned(),
            options: Options::default(),
            tab: 0,
            pending_file: None,
            file_problem: None,
            replacements: 0,
            typed_since_replacement: false,
        }
    }
}

impl State {
    /// Whether the box holds figures the user would lose to a file: anything
    /// but the example or blank space.
    pub fn has_own_figures(&self) -> bool {
        !self.text.trim().is_empty() && self.text != EXAMPLE_TABLE
    }

    fn replaced_by(&self, text: String) -> State {
        State {
            text,
            pending_file: None,
            file_problem: None,
            replacements: self.replacements.wrapping_add(1),
            typed_since_replacement: false,
            ..self.clone()
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Edit {
                text,
                edit: Edit::Typed,
            } => State {
                text,
                typed_since_replacement: true,
                ..(*self).clone()
            },
            Action::Edit {
                text,
                edit: Edit::Replaced,
            } => self.replaced_by(text),
            Action::FileRead(file) if self.has_own_figures() => State {
                pending_file: Some(file),
                file_problem: None,
                ..(*self).clone()
            },
            Action::FileRead(file) => self.replaced_by(file.text),
            Action::ConfirmFile => match &self.pending_file {
                Some(file) => self.replaced_by(file.text.clone()),
                None => return self,
            },
            Action::KeepFigures => State {
                pending_file: None,
                ..(*self).clone()
            },
            Action::FileFailed(problem) => State {
                pending_file: None,
                file_problem: Some(problem),
                ..(*self).clone()
            },
            Action::Reference {
                breakdown,
                reference,
            } => State {
                options: self
                    .options
                    .clone()
                    .with_reference_for(&breakdown, reference),
                ..(*self).clone()
            },
            Action::Confidence(confidence) => State {
                options: Options {
                    confidence,
                    ..self.options.clone()
                },
                ..(*self).clone()
            },
            Action::Interval(interval) => State {
                options: Options {
                    interval,
                    ..self.options.clone()
                },
                ..(*self).clone()
            },
            Action::Population(population) => State {
                options: Options {
                    population,
                    ..self.options.clone()
                },
                ..(*self).clone()
            },
            Action::SelectTab(tab) => State {
                tab,
                ..(*self).clone()
            },
            Action::SetText(text) => State {
                text,
                typed_since_replacement: true,
                ..(*self).clone()
            },
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn file(text: &str) -> LoadedFile {
        LoadedFile {
            name: "figures.csv".to_string(),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_file_replaces_the_example_at_once() {
        let state = reduce(State::default(), Action::FileRead(file("Group,IPS\n")));
        assert_eq!(state.text, "Group,IPS\n");
        assert_eq!(state.pending_file, None);
        assert_eq!(state.replacements, 1);
    }

    #[test]
    fn a_file_waits_for_confirmation_over_typed_figures() {
        let typed = reduce(
            State::default(),
            Action::Edit {
                text: "Mine\r\n".to_string(),
                edit: Edit::Typed,
            },
        );
        let waiting = reduce(typed, Action::FileRead(file("Theirs")));
        assert_eq!(waiting.text, "Mine\r\n");
        assert_eq!(waiting.pending_file, Some(file("Theirs")));
        let kept = reduce(waiting.clone(), Action::KeepFigures);
        assert_eq!((kept.text.as_str(), kept.pending_file), ("Mine\r\n", None));
        let replaced = reduce(waiting, Action::ConfirmFile);
        assert_eq!(
            (replaced.text.as_str(), replaced.pending_file),
            ("Theirs", None)
        );
        assert!(!replaced.typed_since_replacement);
    }

    #[test]
    fn a_table_edit_replaces_the_text_like_typing() {
        let state = reduce(
            State::default(),
            Action::SetText("Group,IPS\nA,1\n".to_string()),
        );
        assert_eq!(state.text, "Group,IPS\nA,1\n");
        assert_eq!(
            (state.replacements, state.typed_since_replacement),
            (0, true)
        );
    }

    #[test]
    fn choices_change_only_their_option() {
        let state = reduce(State::default(), Action::Confidence(0.99));
        let state = reduce(state, Action::Interval(IntervalMethod::Exact));
        let state = reduce(
            state,
            Action::Reference {
                breakdown: "Ethnicity".to_string(),
                reference: Reference::Named("Black".to_string()),
            },
        );
        assert_eq!(
            state.options,
            Options {
                reference: Reference::Largest,
                references: vec![(
                    "Ethnicity".to_string(),
                    Reference::Named("Black".to_string())
                )],
                confidence: 0.99,
                interval: IntervalMethod::Exact,
                population: PopulationFigures::FromHeaders,
            }
        );
        assert_eq!(state.text, EXAMPLE_TABLE);
    }

    #[test]
    fn the_population_choice_changes_how_the_figures_are_read_only() {
        let typed = reduce(
            State::default(),
            Action::Edit {
                text: "Group,Population,IPS\nA,60,70\nB,40,30\n".to_string(),
                edit: Edit::Typed,
            },
        );
        assert_eq!(typed.options.population, PopulationFigures::FromHeaders);
        let chosen = reduce(
            typed.clone(),
            Action::Population(PopulationFigures::Percentages),
        );
        assert_eq!(chosen.options.population, PopulationFigures::Percentages);
        assert_eq!(
            State {
                options: Options {
                    population: PopulationFigures::FromHeaders,
                    ..chosen.options.clone()
                },
                ..chosen.clone()
            },
            typed
        );
        let analysed = crate::analysis::analyse_text(&chosen.text, &chosen.options);
        assert_eq!(analysed.errors, vec![]);
        assert_eq!(
            analysed.report.breakdowns[0].groups[0].population_percent,
            Some(60.0)
        );
        let back = reduce(chosen, Action::Population(PopulationFigures::Counts));
        assert_eq!(back.options.population, PopulationFigures::Counts);
        assert_eq!(
            crate::analysis::analyse_text(&back.text, &back.options)
                .errors
                .len(),
            1
        );
    }

    #[test]
    fn a_reference_choice_applies_to_its_breakdown_only() {
        let choose = |state, breakdown: &str, reference| {
            reduce(
                state,
                Action::Reference {
                    breakdown: breakdown.to_string(),
                    reference,
                },
            )
        };
        let state = choose(
            State::default(),
            "Sex",
            Reference::Named("Female".to_string()),
        );
        let state = choose(state, "Ethnicity", Reference::HighestJobRate);
        let state = choose(state, "sex", Reference::Largest);
        assert_eq!(state.options.reference_for("Sex"), &Reference::Largest);
        assert_eq!(
            state.options.reference_for("Ethnicity"),
            &Reference::HighestJobRate
        );
        assert_eq!(state.options.references.len(), 2);
    }
}

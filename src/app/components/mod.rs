//! The page's parts. Each gets its data and callbacks as props and owns no
//! application state; none computes a statistic.

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

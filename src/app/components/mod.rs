//! The page's parts. Each gets its data and callbacks as props and owns no
//! application state; none computes a statistic.

mod charts;
mod choices;
mod error_summary;
mod figures;
mod grid;
mod results;

pub use choices::{Choices, GroupList};
pub use error_summary::{ErrorSummary, Problem};
pub use figures::Figures;
pub use grid::GridEditor;
pub use results::Results;

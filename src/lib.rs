//! The IPS Equity Calculator's core: it reads a table of aggregate counts per
//! group, validates it, computes every statistic of the project's SPEC and
//! words the findings. It knows nothing of the browser, so `cargo test` runs
//! it natively; the Yew shell (`app`, behind the `web` feature) and the
//! `ips-equity` command line render what it returns.

pub mod analysis;
pub mod charts;
pub mod disclosure;
pub mod examples;
pub mod export;
pub mod input;
pub mod report;
pub mod settings;
pub mod stats;
pub mod tables;
pub mod text_report;
pub mod words;
pub mod working;

#[cfg(feature = "web")]
pub mod app;

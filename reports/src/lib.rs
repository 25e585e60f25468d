//! The report generator: renders one run's `findings.json` into a single offline HTML page
//! (`index.html`, charts inline as SVG) and a Markdown summary (`summary.md`) for pasting
//! into an issue or RFC thread. Each check of the registry supplies its own section (title,
//! introduction, table, charts); this crate lays them out and knows no check by name, apart
//! from the seed claims, which are judged from named findings.

mod charts;
mod claims;
pub mod compare;
mod render;
mod view;

#[cfg(test)]
mod prose_tests;

pub use compare::{Compared, compare};
pub use render::{HTML, MARKDOWN, Rendered, render, render_with};

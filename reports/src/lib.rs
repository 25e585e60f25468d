//! The report generator: renders one run's `findings.json` into a single offline HTML page
//! (`index.html`, charts inline as SVG) and a Markdown summary (`summary.md`) for pasting
//! into an issue or RFC thread. Also owns the layout of `reports/out/`.

mod charts;
mod claims;
mod render;
mod runs;
mod sections;
mod view;

#[cfg(test)]
mod prose_tests;

pub use render::{FINDINGS, HTML, MARKDOWN, Rendered, load, render};
pub use runs::{Runs, latest};

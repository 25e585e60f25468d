//! Reads a run's `findings.json` and writes `index.html` and `summary.md` beside it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lab_checks::{CHECKS, Check};
use lab_findings::RunRecord;
use std::fmt::Write as _;

use minijinja::{AutoEscape, Environment};

use crate::view;

pub const HTML: &str = "index.html";
pub const MARKDOWN: &str = "summary.md";

pub struct Rendered {
    pub html: PathBuf,
    pub markdown: PathBuf,
    /// Lines of the report's "missing" list.
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
    /// What of `findings.json` could not be read and was left out of the page.
    pub unreadable: Vec<String>,
}

/// Renders the run in `run` with the lab's registered checks.
pub fn render(run: &Path) -> Result<Rendered> {
    render_with(run, CHECKS)
}

/// Renders the run in `run`, with a section for each of `checks` that has findings.
pub fn render_with(run: &Path, checks: &[&dyn Check]) -> Result<Rendered> {
    let lab_findings::Salvaged {
        record,
        problems: unreadable,
    } = RunRecord::salvage(run)?;
    let criterion = record.criterion_report.as_deref().map(|p| {
        let target = Path::new(p);
        let base = fs::canonicalize(run).unwrap_or_else(|_| run.to_path_buf());
        pathdiff::diff_paths(target, base)
            .map_or_else(|| p.to_string(), |r| r.display().to_string())
    });
    let mut view = view::build(&record, criterion, checks);
    view.unreadable = unreadable;
    let mut env = environment();
    env.add_template(HTML, include_str!("../templates/index.html"))?;
    env.add_template(MARKDOWN, include_str!("../templates/summary.md"))?;
    let html = run.join(HTML);
    let markdown = run.join(MARKDOWN);
    // Both pages render before either is written: a template error leaves the old ones.
    let mut pages = Vec::new();
    for (name, path) in [(HTML, &html), (MARKDOWN, &markdown)] {
        pages.push((path, env.get_template(name)?.render(&view)?));
    }
    for (path, text) in pages {
        fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(Rendered {
        html,
        markdown,
        missing: view.missing,
        unexpected: view.unexpected,
        unreadable: view.unreadable,
    })
}

/// The template environment of both pages: minijinja's HTML escaping, but leaving `/` as
/// it is (a slash ends nothing inside quoted attributes or text, and finding ids are full of
/// them: the page has a size budget).
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) if state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            for c in s.chars() {
                match c {
                    '&' => out.write_str("&amp;")?,
                    '<' => out.write_str("&lt;")?,
                    '>' => out.write_str("&gt;")?,
                    '"' => out.write_str("&quot;")?,
                    '\'' => out.write_str("&#x27;")?,
                    c => out.write_char(c)?,
                }
            }
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    env
}

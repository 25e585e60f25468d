//! Reads a run's `findings.json` and writes `index.html` and `summary.md` beside it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use lab_findings::{RunRecord, SCHEMA};
use minijinja::Environment;

use crate::view;

pub const FINDINGS: &str = "findings.json";
pub const HTML: &str = "index.html";
pub const MARKDOWN: &str = "summary.md";

/// Loads a run record, saying clearly what is wrong when it cannot.
pub fn load(run: &Path) -> Result<RunRecord> {
    let path = run.join(FINDINGS);
    let text = fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {} — run `just bench` (or `lab check`) to produce it",
            path.display()
        )
    })?;
    let record: RunRecord = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a valid run record", path.display()))?;
    if record.schema != SCHEMA {
        bail!(
            "{} has schema {}, this lab reads schema {SCHEMA}; re-run the checks",
            path.display(),
            record.schema
        );
    }
    Ok(record)
}

pub struct Rendered {
    pub html: PathBuf,
    pub markdown: PathBuf,
    /// Lines of the report's "missing" list.
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
}

pub fn render(run: &Path) -> Result<Rendered> {
    let record = load(run)?;
    let criterion = record.criterion_report.as_deref().map(|p| {
        let target = Path::new(p);
        let base = fs::canonicalize(run).unwrap_or_else(|_| run.to_path_buf());
        pathdiff::diff_paths(target, base)
            .map_or_else(|| p.to_string(), |r| r.display().to_string())
    });
    let view = view::build(&record, criterion);
    let mut env = Environment::new();
    env.add_template(HTML, include_str!("../templates/index.html"))?;
    env.add_template(MARKDOWN, include_str!("../templates/summary.md"))?;
    let html = run.join(HTML);
    let markdown = run.join(MARKDOWN);
    for (name, path) in [(HTML, &html), (MARKDOWN, &markdown)] {
        let text = env.get_template(name)?.render(&view)?;
        fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(Rendered {
        html,
        markdown,
        missing: view.missing,
        unexpected: view.unexpected,
    })
}

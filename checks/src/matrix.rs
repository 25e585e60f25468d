//! A check's columns in its question's verdict matrix (designs as rows, checks as columns),
//! the first thing the report shows: each cell a verdict or a headline figure, with the
//! class the page colours it by and the finding it links to.

use lab_findings::{Finding, Param, format};
use serde::Serialize;

use crate::rank::{self, Noise};
use crate::section::RATIO;

/// One column: a title, what it shows, and a cell per design that has a finding.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixColumn {
    pub title: String,
    pub about: String,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub design: String,
    pub text: String,
    /// `v-<verdict>` for verdicts; `best`, `tied` or `ranked` for ranked figures; empty
    /// for a plain figure.
    pub class: String,
    /// The finding's anchor on the page.
    pub anchor: String,
    /// A tooltip: the finding's summary, or how the figure was ranked.
    pub note: String,
}

/// The verdict of each finding (the default column of a per-design check).
pub fn verdicts(title: &str, about: &str, findings: &[&Finding]) -> MatrixColumn {
    MatrixColumn {
        title: title.into(),
        about: about.into(),
        cells: findings
            .iter()
            .map(|f| Cell {
                design: f.design.id.clone(),
                text: f.verdict.as_str().into(),
                class: format!("v-{}", f.verdict),
                anchor: f.anchor(),
                // An expected pass needs no hover text (the page has a size budget); every
                // other verdict says why on hover.
                note: if f.verdict == lab_findings::Verdict::Pass
                    && f.matches_expectation() != Some(false)
                {
                    String::new()
                } else {
                    hover(&f.summary)
                },
            })
            .collect(),
    }
}

/// One figure of each finding, formatted with `unit` (which carries its own leading space).
pub fn figures(
    title: &str,
    about: &str,
    findings: &[&Finding],
    metric: &str,
    at: &[(&str, Param)],
    unit: &str,
) -> MatrixColumn {
    MatrixColumn {
        title: title.into(),
        about: about.into(),
        cells: findings
            .iter()
            .filter_map(|f| {
                let v = f.value(metric, at)?;
                Some(Cell {
                    design: f.design.id.clone(),
                    text: format!("{}{unit}", format::value(v)),
                    class: String::new(),
                    anchor: f.anchor(),
                    note: hover(&f.summary),
                })
            })
            .collect(),
    }
}

/// Two columns for a cost measured against a floor: the ratio to the floor, and the ratio to
/// the cheapest design, coloured by rank. Differences inside `noise` tie instead of ranking.
/// Findings without the figure (the floor itself has no ratio) get no cell.
pub fn ranked(
    what: &str,
    findings: &[&Finding],
    metric: &str,
    at: &[(&str, Param)],
    noise: Noise,
) -> Vec<MatrixColumn> {
    let with_ratio: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| f.value(RATIO, at).is_some())
        .collect();
    let ranks = rank::rank(&with_ratio, metric, at, noise);
    let floor = figures(
        &format!("{what} × floor"),
        &format!("{metric} as a ratio to the synchronous floor measured in the same run"),
        &with_ratio,
        RATIO,
        at,
        "×",
    );
    let best = MatrixColumn {
        title: format!("{what} × best"),
        about: format!(
            "{metric} as a ratio to the cheapest design; {}",
            noise.describe()
        ),
        cells: ranks
            .iter()
            .map(|r| Cell {
                design: r.design.clone(),
                text: r.to_best_text(),
                class: r.class().into(),
                anchor: r.anchor.clone(),
                note: r.note(),
            })
            .collect(),
    };
    vec![floor, best]
}

/// The parameter value a headline column shows: `preferred` if some figure has it, else
/// the largest one present.
pub fn headline_param(findings: &[&Finding], metric: &str, key: &str, preferred: i64) -> i64 {
    let values = crate::section::param_ints(findings, Some(metric), key);
    if values.contains(&preferred) {
        preferred
    } else {
        values.last().copied().unwrap_or(preferred)
    }
}

/// A cell's hover text: the finding's summary, cut after 60 characters (the link leads to
/// the whole finding; every cell carries one, and the page has a size budget).
fn hover(summary: &str) -> String {
    match summary.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &summary[..i]),
        None => summary.to_string(),
    }
}

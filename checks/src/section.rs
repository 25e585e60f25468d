//! What a check's report section is made of, as data: the facts its introduction may quote
//! (the run's recorded settings and its findings), tables of figures, and charts that the
//! report draws. Checks build these; `lab-reports` renders them and knows no check by name.

use std::collections::BTreeSet;

use lab_findings::{Finding, Number, Param, RunRecord, format};
use serde::Serialize;

/// What an introduction may quote: the run's recorded settings and the section's findings.
pub struct Facts<'a> {
    pub record: &'a RunRecord,
    pub question: &'a str,
    pub check: &'a str,
    pub findings: &'a [&'a Finding],
}

impl Facts<'_> {
    /// A setting of this section's check, formatted for reading; "(not recorded)" if the
    /// run did not record it.
    pub fn s(&self, name: &str) -> String {
        self.of(self.check, name)
    }

    fn of(&self, check: &str, name: &str) -> String {
        match self.record.setting(self.question, check, name) {
            Some(Number::Int(v)) => v.to_string(),
            Some(Number::Float(v)) if v != 0.0 && v.abs() < 1e-3 => format!("{v:e}"),
            Some(Number::Float(v)) => format::value(v),
            None => "(not recorded)".into(),
        }
    }

    /// The integer values parameter `key` takes over this section's figures, smallest first.
    pub fn ints(&self, key: &str) -> Vec<i64> {
        param_ints(self.findings, None, key)
    }

    /// The text values parameter `key` takes, in order of first appearance.
    pub fn texts(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for fig in self.findings.iter().flat_map(|f| &f.figures) {
            if let Some(v) = fig.param(key).and_then(Param::as_text)
                && !out.iter().any(|x| x == v)
            {
                out.push(v.to_string());
            }
        }
        out
    }

    /// The smallest and largest value of `metric` (at any parameters, or only where
    /// `keep` holds), as "a–b" or one value; "(not measured)" if no finding has it.
    pub fn range(&self, metric: &str, keep: impl Fn(&lab_findings::Figure) -> bool) -> String {
        let values: Vec<f64> = self
            .findings
            .iter()
            .flat_map(|f| f.figures_of(metric))
            .filter(|f| keep(f))
            .map(|f| f.value)
            .collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let show = |v: f64| {
            if v != 0.0 && v.abs() < 1e-3 {
                format!("{v:.1e}")
            } else {
                format::value(v)
            }
        };
        match values.len() {
            0 => "(not measured)".into(),
            _ if lo == hi => show(lo),
            _ => format!("{}–{}", show(lo), show(hi)),
        }
    }
}

/// A table: one row per finding, the columns the check chose.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub design: String,
    pub anchor: String,
    pub cells: Vec<String>,
}

/// A column of a [`figure_table`]: one figure of each finding.
pub struct Column {
    pub title: String,
    pub metric: &'static str,
    pub at: Vec<(&'static str, Param)>,
}

impl Column {
    pub fn new(title: impl Into<String>, metric: &'static str) -> Self {
        Self {
            title: title.into(),
            metric,
            at: Vec::new(),
        }
    }

    pub fn at(mut self, key: &'static str, value: impl Into<Param>) -> Self {
        self.at.push((key, value.into()));
        self
    }
}

/// One row per finding, one cell per column ("—" where the finding lacks the figure).
pub fn figure_table(findings: &[&Finding], columns: &[Column]) -> Table {
    rows(
        findings,
        columns.iter().map(|c| c.title.clone()).collect(),
        |f| {
            columns
                .iter()
                .map(|c| f.value(c.metric, &c.at).map_or("—".into(), format::value))
                .collect()
        },
    )
}

/// `table` with a last column, "outcome", of each finding's verdict (rows in the findings'
/// order): for checks whose verdict is not pass or fail alone (a deadlock, say).
pub fn with_outcomes(mut table: Table, findings: &[&Finding]) -> Table {
    table.columns.push("outcome".into());
    for (row, f) in table.rows.iter_mut().zip(findings) {
        row.cells.push(f.verdict.as_str().into());
    }
    table
}

/// A table whose cells `cells` computes per finding.
pub fn rows(
    findings: &[&Finding],
    columns: Vec<String>,
    cells: impl Fn(&Finding) -> Vec<String>,
) -> Table {
    Table {
        columns,
        rows: findings
            .iter()
            .map(|f| Row {
                design: f.design.id.clone(),
                anchor: f.anchor(),
                cells: cells(f),
            })
            .collect(),
    }
}

/// The values of parameter `key` over the findings' figures (of `metric` only, if given),
/// smallest first.
pub fn param_ints(findings: &[&Finding], metric: Option<&str>, key: &str) -> Vec<i64> {
    let found: BTreeSet<i64> = findings
        .iter()
        .flat_map(|f| &f.figures)
        .filter(|fig| metric.is_none_or(|m| fig.metric == m))
        .filter_map(|fig| fig.param(key)?.as_int())
        .collect();
    found.into_iter().collect()
}

/// A design × `key` table of "`metric``unit` (ratio×)", where the ratio is the finding's
/// "ratio to floor" at the same parameter; `unit` carries its own leading space, if any.
pub fn ratio_table(findings: &[&Finding], metric: &str, unit: &str, key: &'static str) -> Table {
    let values = param_ints(findings, Some(metric), key);
    let columns = values
        .iter()
        .map(|v| format!("{key}={v}: {metric} (× floor)"))
        .collect();
    rows(findings, columns, |f| {
        values
            .iter()
            .map(|&v| {
                let at = [(key, Param::Int(v))];
                match (f.value(metric, &at), f.value(RATIO, &at)) {
                    (Some(x), Some(r)) => {
                        format!("{}{unit} ({}×)", format::value(x), format::value(r))
                    }
                    (Some(x), None) => format!("{}{unit}", format::value(x)),
                    _ => "—".into(),
                }
            })
            .collect()
    })
}

/// The metric every benchmark and count reports against its synchronous floor.
pub const RATIO: &str = "ratio to floor";
/// Parameter keys shared by the checks: adapter depth, and number of sources.
pub const DEPTH: &str = "depth";
pub const N: &str = "n";

/// A chart, as data; the report draws it.
#[derive(Clone, Debug)]
pub enum Chart {
    /// Horizontal bars, one per (label, value).
    Bars {
        title: String,
        unit: String,
        bars: Vec<(String, f64)>,
    },
    /// One line per series of (x, y) points.
    Lines {
        title: String,
        x_label: String,
        y_label: String,
        series: Vec<(String, Vec<(f64, f64)>)>,
    },
    /// One stacked bar of shares per row, with a marker at an even split over `even`.
    Shares {
        title: String,
        rows: Vec<(String, Vec<f64>)>,
        even: usize,
    },
}

/// Bars of `metric` at `at`, one per finding that has it, labelled by design id.
pub fn bars(
    findings: &[&Finding],
    title: impl Into<String>,
    unit: impl Into<String>,
    metric: &str,
    at: &[(&str, Param)],
) -> Chart {
    Chart::Bars {
        title: title.into(),
        unit: unit.into(),
        bars: findings
            .iter()
            .filter_map(|f| Some((f.design.id.clone(), f.value(metric, at)?)))
            .collect(),
    }
}

//! Turns a [`RunRecord`] into what the templates show: sections per check, a throughput
//! table, charts, formatted figures, and everything that is missing or unexpected.

use std::collections::BTreeSet;

use lab_findings::{Env, Figure, Finding, RunRecord};
use serde::Serialize;

use crate::sections::{Facts, SECTIONS};
use crate::{charts, claims};

#[derive(Serialize)]
pub struct View<'a> {
    pub env: &'a Env,
    pub commit_short: String,
    pub criterion_report: Option<String>,
    pub overview: Vec<FindingView<'a>>,
    pub sections: Vec<Section<'a>>,
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
    /// How the run was narrowed; empty for a full run.
    pub scope: &'a [String],
    /// Seed 001's claims judged from this run's iterator findings (empty if none).
    pub claims: Vec<claims::Claim>,
}

#[derive(Serialize)]
pub struct Section<'a> {
    pub anchor: String,
    pub title: String,
    pub intro: String,
    pub charts: Vec<String>,
    pub table: Option<Table>,
    pub findings: Vec<FindingView<'a>>,
}

#[derive(Serialize)]
pub struct FindingView<'a> {
    #[serde(flatten)]
    pub finding: &'a Finding,
    pub anchor: String,
    /// "as expected", "UNEXPECTED: expected fail", or empty for measurements.
    pub expectation: String,
    pub figures: Vec<FigureView>,
}

#[derive(Serialize)]
pub struct FigureView {
    pub name: String,
    pub value: String,
    pub unit: String,
}

/// Throughput as a design × source-count table of "ns/item (ratio×)".
#[derive(Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Serialize)]
pub struct TableRow {
    pub design: String,
    pub anchor: String,
    pub cells: Vec<String>,
}

pub fn build<'a>(record: &'a RunRecord, criterion_report: Option<String>) -> View<'a> {
    let mut checks: Vec<(&str, &str)> = SECTIONS.iter().map(|s| (s.question, s.check)).collect();
    for f in &record.findings {
        if !checks.contains(&(f.question.as_str(), f.check.as_str())) {
            checks.push((&f.question, &f.check));
        }
    }
    let mut missing = record.problems.clone();
    for r in &record.requested {
        for d in &r.designs {
            let id = Finding::make_id(&r.question, &r.check, d);
            if !record.findings.iter().any(|f| f.id == id) {
                missing.push(format!("no result for {id} (it was requested)"));
            }
        }
    }
    let mut sections = Vec::new();
    for (question, check) in checks {
        let findings: Vec<&Finding> = record
            .findings
            .iter()
            .filter(|f| f.question == question && f.check == check)
            .collect();
        let known = SECTIONS
            .iter()
            .find(|s| s.question == question && s.check == check);
        if findings.is_empty() {
            if known.is_some() && !record.requested.iter().any(|r| r.check == check) {
                missing.push(format!(
                    "{question}/{check} was not run in this run (`just bench` runs every check)"
                ));
            }
            continue;
        }
        sections.push(Section {
            anchor: format!("{question}--{check}"),
            title: known.map_or_else(|| format!("{question}: {check}"), |s| s.title.to_string()),
            intro: known.map_or_else(String::new, |s| {
                (s.intro)(&Facts {
                    record,
                    question,
                    check,
                    findings: &findings,
                })
            }),
            charts: section_charts(check, &findings),
            table: match check {
                "throughput" => Some(ratio_table(&findings, "ns/item", " ns")),
                "instructions" => Some(ratio_table(&findings, "instructions/item", "")),
                "fairness" => Some(fairness_table(&findings)),
                "starvation" => Some(figure_table(&findings, STARVATION_COLUMNS)),
                "size" => Some(figure_table(&findings, SIZE_COLUMNS)),
                "allocations" => Some(figure_table(&findings, ALLOCATION_COLUMNS)),
                "iter-throughput" => Some(figure_table(&findings, ITER_THROUGHPUT_COLUMNS)),
                "iter-instructions" => Some(figure_table(&findings, ITER_INSTRUCTION_COLUMNS)),
                _ => None,
            },
            findings: findings.into_iter().map(finding_view).collect(),
        });
    }
    let unexpected = record
        .findings
        .iter()
        .filter(|f| f.matches_expectation() == Some(false))
        .map(|f| {
            format!(
                "{}: {} (expected {})",
                f.id,
                f.verdict,
                f.expected.expect("has an expectation")
            )
        })
        .collect();
    View {
        env: &record.env,
        commit_short: record.env.commit.chars().take(12).collect(),
        criterion_report,
        overview: record.findings.iter().map(finding_view).collect(),
        sections,
        missing,
        unexpected,
        scope: &record.scope,
        claims: if record.findings.iter().any(|f| f.question == "iterator") {
            claims::seed_001(record)
        } else {
            Vec::new()
        },
    }
}

fn finding_view(f: &Finding) -> FindingView<'_> {
    FindingView {
        finding: f,
        anchor: f.anchor(),
        expectation: match (f.expected, f.matches_expectation()) {
            (Some(_), Some(true)) => "as expected".into(),
            (Some(e), _) => format!("UNEXPECTED: expected {e}"),
            (None, _) => String::new(),
        },
        figures: f.figures.iter().map(figure_view).collect(),
    }
}

fn figure_view(f: &Figure) -> FigureView {
    FigureView {
        name: f.name.clone(),
        value: format_value(f.value),
        unit: f.unit.clone(),
    }
}

/// Integers as integers; other values to three significant digits.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.digits$}")
    }
}

/// The source counts `n=..` that findings report `metric` at.
fn source_counts(findings: &[&Finding], metric: &str) -> Vec<String> {
    let prefix = format!("{metric} n=");
    let ns: BTreeSet<u64> = findings
        .iter()
        .flat_map(|f| &f.figures)
        .filter_map(|fig| fig.name.strip_prefix(&prefix)?.parse().ok())
        .collect();
    ns.into_iter().map(|n| format!("n={n}")).collect()
}

/// A design × source-count table of "`metric``unit` (ratio to floor×)"; `unit` carries its
/// own leading space, if any.
fn ratio_table(findings: &[&Finding], metric: &str, unit: &str) -> Table {
    let counts = source_counts(findings, metric);
    let rows = findings
        .iter()
        .map(|f| TableRow {
            design: f.design.id.clone(),
            anchor: f.anchor(),
            cells: counts
                .iter()
                .map(|n| {
                    let value = f
                        .figure(&format!("{metric} {n}"))
                        .map(|x| format_value(x.value));
                    let ratio = f
                        .figure(&format!("ratio to floor {n}"))
                        .map(|x| format_value(x.value));
                    match (value, ratio) {
                        (Some(v), Some(r)) => format!("{v}{unit} ({r}×)"),
                        (Some(v), None) => format!("{v}{unit}"),
                        _ => "—".into(),
                    }
                })
                .collect(),
        })
        .collect();
    Table {
        columns: counts
            .iter()
            .map(|n| format!("{n}: {metric} (× floor)"))
            .collect(),
        rows,
    }
}

/// What a fairness workload's window figures are called: shares, or (same-ticks) which
/// source was served first within a tick.
const WINDOW_LABELS: [(&str, &str); 2] = [
    ("share", "shares"),
    ("served first within a tick", "served first within a tick"),
];

fn fairness_workloads(findings: &[&Finding]) -> Vec<String> {
    let mut workloads: Vec<String> = Vec::new();
    for name in findings.iter().flat_map(|f| &f.figures).map(|f| &f.name) {
        let w = WINDOW_LABELS
            .iter()
            .find_map(|(_, p)| name.strip_suffix(&format!(": p {p} vs uniform")));
        if let Some(w) = w
            && !workloads.iter().any(|x| x == w)
        {
            workloads.push(w.to_string());
        }
    }
    workloads
}

/// The window figure `{w}: {label}{rest}` under whichever label the workload uses.
fn window_figure<'f>(
    f: &'f Finding,
    w: &str,
    rest: impl Fn(&str, &str) -> String,
) -> Option<&'f Figure> {
    WINDOW_LABELS
        .iter()
        .find_map(|(label, p)| f.figure(&format!("{w}: {}", rest(label, p))))
}

/// Small p-values in scientific notation, so 1e-300 and 0.3 both read at a glance.
fn format_p(p: f64) -> String {
    match p {
        0.0 => "≈0".into(),
        p if p < 1e-3 => format!("{p:.0e}"),
        p => format!("{p:.2}"),
    }
}

fn fairness_table(findings: &[&Finding]) -> Table {
    let workloads = fairness_workloads(findings);
    let rows = findings
        .iter()
        .map(|f| TableRow {
            design: f.design.id.clone(),
            anchor: f.anchor(),
            cells: workloads
                .iter()
                .map(|w| {
                    let v = |name: &str| f.figure(&format!("{w}: {name}")).map(|x| x.value);
                    let Some(p) =
                        window_figure(f, w, |_, p| format!("p {p} vs uniform")).map(|x| x.value)
                    else {
                        return "—".into();
                    };
                    let per_run_model = f
                        .figures
                        .iter()
                        .find(|x| {
                            x.name.starts_with(&format!("{w}: p items of "))
                                && x.name.ends_with(" per run vs model")
                        })
                        .map(|x| x.value);
                    let model_p = window_figure(f, w, |_, p| format!("p {p} vs model"))
                        .map(|x| x.value)
                        .or(per_run_model);
                    let model = match (v("exact sequence as modelled"), model_p) {
                        (Some(1.0), _) => "exact".to_string(),
                        (Some(_), _) => "MISMATCH".to_string(),
                        (None, Some(m)) => format_p(m),
                        (None, None) => "—".to_string(),
                    };
                    let run = v("longest run while others had items").map_or(0.0, |x| x);
                    let windows = v("p worst window vs uniform").map_or(String::new(), |w| {
                        format!(" (worst window {})", format_p(w))
                    });
                    format!(
                        "{}{windows} · model {model} · run {}",
                        format_p(p),
                        format_value(run)
                    )
                })
                .collect(),
        })
        .collect();
    Table {
        columns: workloads
            .iter()
            .map(|w| format!("{w}: p even (worst window) · p model · longest run"))
            .collect(),
        rows,
    }
}

const SIZE_COLUMNS: &[(&str, &str)] = &[
    ("iterator (bytes)", "iterator"),
    ("next() future (bytes)", "next() future"),
    ("total (bytes)", "total"),
    ("total at depth 1", "depth 1: total"),
    ("total at depth 8", "depth 8: total"),
];

const ALLOCATION_COLUMNS: &[(&str, &str)] = &[
    (
        "line splitter: allocations per line",
        "line splitter: allocations per line",
    ),
    (
        "allocations per next(), depth 1",
        "depth 1: allocations per next()",
    ),
    (
        "bytes per next(), depth 1",
        "depth 1: bytes allocated per next()",
    ),
    (
        "allocations per next(), depth 8",
        "depth 8: allocations per next()",
    ),
    (
        "bytes per next(), depth 8",
        "depth 8: bytes allocated per next()",
    ),
];

const ITER_THROUGHPUT_COLUMNS: &[(&str, &str)] = &[
    ("ns/line", "ns/line"),
    ("× floor", "ratio to floor"),
    ("chain d1: × floor", "depth 1: ratio to floor"),
    ("chain d2: × floor", "depth 2: ratio to floor"),
    ("chain d4: × floor", "depth 4: ratio to floor"),
    ("chain d8: × floor", "depth 8: ratio to floor"),
];

const ITER_INSTRUCTION_COLUMNS: &[(&str, &str)] = &[
    ("instructions/line", "instructions/line"),
    ("× floor", "ratio to floor"),
    ("chain d1: × floor", "depth 1: ratio to floor"),
    ("chain d2: × floor", "depth 2: ratio to floor"),
    ("chain d4: × floor", "depth 4: ratio to floor"),
    ("chain d8: × floor", "depth 8: ratio to floor"),
];

const STARVATION_COLUMNS: &[(&str, &str)] = &[
    (
        "source 1's items before source 0 ran out (median)",
        "others' items before source 0 ran out (median)",
    ),
    (
        "longest run while the other had items",
        "longest run while others had items",
    ),
    (
        "in tokio: source 1's items before source 0 ran out",
        "tokio runtime: others' items before source 0 ran out (median)",
    ),
    (
        "in tokio: polls of the drain future",
        "tokio runtime: polls of the drain future",
    ),
];

/// A table of the named figures, one row per finding.
fn figure_table(findings: &[&Finding], columns: &[(&str, &str)]) -> Table {
    Table {
        columns: columns.iter().map(|c| c.0.to_string()).collect(),
        rows: findings
            .iter()
            .map(|f| TableRow {
                design: f.design.id.clone(),
                anchor: f.anchor(),
                cells: columns
                    .iter()
                    .map(|(_, name)| f.figure(name).map_or("—".into(), |x| format_value(x.value)))
                    .collect(),
            })
            .collect(),
    }
}

fn section_charts(check: &str, findings: &[&Finding]) -> Vec<String> {
    let bars = |figure: &str| -> Vec<(String, f64)> {
        findings
            .iter()
            .filter_map(|f| Some((f.design.id.clone(), f.figure(figure)?.value)))
            .collect()
    };
    let charts = match check {
        "data-loss" | "cancellation" => {
            let name = if check == "data-loss" {
                "workloads losing data"
            } else {
                "cases losing data"
            };
            let unit = findings
                .iter()
                .find_map(|f| f.figure(name))
                .map_or(String::new(), |f| f.unit.clone());
            vec![charts::hbars(
                &format!("Sampled {name}"),
                &unit,
                &bars(name),
            )]
        }
        "size" => {
            let series: Vec<(String, Vec<(f64, f64)>)> = findings
                .iter()
                .filter(|f| f.figure("depth 1: total").is_some())
                .map(|f| {
                    let pts = (1..)
                        .map_while(|d| {
                            f.figure(&format!("depth {d}: total"))
                                .map(|x| (d as f64, x.value))
                        })
                        .collect();
                    (f.design.construct.clone(), pts)
                })
                .collect();
            vec![charts::lines(
                "Iterator + next() future size by adapter depth",
                "adapters (map, filter, map, ...)",
                "bytes",
                &series,
            )]
        }
        "fairness" => fairness_workloads(findings)
            .iter()
            .filter_map(|w| {
                let rows: Vec<(String, Vec<f64>)> = findings
                    .iter()
                    .map(|f| {
                        let shares = (0..)
                            .map_while(|i| window_figure(f, w, |label, _| format!("{label} s{i}")))
                            .map(|x| x.value)
                            .collect();
                        (f.design.id.clone(), shares)
                    })
                    .collect();
                let first = findings
                    .iter()
                    .find_map(|f| window_figure(f, w, |label, _| format!("{label} s0")))?;
                let what = first
                    .name
                    .trim_start_matches(&format!("{w}: "))
                    .trim_end_matches(" s0");
                let window = format!("{what} ({})", first.unit);
                // Sources that can yield in this window are those some design gave a share.
                let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
                let even = (0..width)
                    .filter(|&i| rows.iter().any(|r| r.1.get(i).is_some_and(|v| *v > 0.0)))
                    .count();
                Some(charts::stacked_shares(
                    &format!("{w}: {window}"),
                    &rows,
                    even,
                ))
            })
            .collect(),
        "starvation" => vec![charts::hbars(
            "Items source 1 gets before source 0 runs out (median run)",
            "items of 256",
            &bars("others' items before source 0 ran out (median)"),
        )],
        "throughput" | "instructions" => source_counts(
            findings,
            if check == "throughput" {
                "ns/item"
            } else {
                "instructions/item"
            },
        )
        .iter()
        .map(|n| {
            charts::hbars(
                &format!(
                    "{} per item relative to the synchronous floor, {n}",
                    if check == "throughput" {
                        "Time"
                    } else {
                        "Instructions"
                    }
                ),
                "× floor (lower is cheaper)",
                &bars(&format!("ratio to floor {n}")),
            )
        })
        .collect(),
        _ => Vec::new(),
    };
    charts.into_iter().filter_map(Result::ok).collect()
}

#[cfg(test)]
mod tests {
    use super::format_value;

    #[test]
    fn p_values_are_formatted_for_reading() {
        assert_eq!(super::format_p(0.0), "≈0");
        assert_eq!(super::format_p(3.2e-12), "3e-12");
        assert_eq!(super::format_p(0.456), "0.46");
    }

    #[test]
    fn values_are_formatted_for_reading() {
        assert_eq!(format_value(10000.0), "10000");
        assert_eq!(format_value(37.3456), "37.3");
        assert_eq!(format_value(2.345), "2.35");
        assert_eq!(format_value(0.01234), "0.0123");
    }
}

//! Turns a [`RunRecord`] into what the templates show: one section per check (its title,
//! introduction, table and charts come from the check itself), formatted figures, and
//! everything that is missing or unexpected. Knows no check by name.

use lab_checks::matrix::{Cell, MatrixColumn};
use lab_checks::section::{Facts, Table};
use lab_checks::{Check, Kind};
use lab_findings::{Env, Figure, Finding, NotMeasured, RunRecord, Verdict, format};
use serde::Serialize;

use crate::{charts, claims};

#[derive(Serialize)]
pub struct View<'a> {
    pub env: &'a Env,
    pub commit_short: String,
    pub criterion_report: Option<String>,
    /// One designs × checks matrix per question: the page's opening.
    pub matrices: Vec<Matrix>,
    pub sections: Vec<Section<'a>>,
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
    /// Parts of `findings.json` that could not be read (set by the renderer).
    pub unreadable: Vec<String>,
    /// How the run was narrowed; empty for a full run.
    pub scope: &'a [String],
    /// Every seed's testable claims, judged from this run's findings where it measured them.
    pub claims: Vec<claims::Claim>,
    /// (class, count) of the claims, for the summary line above them.
    pub claim_counts: Vec<(&'static str, usize)>,
    /// How many seeds the claims come from, and how many claims some check measures.
    pub claim_seeds: usize,
    pub claims_measurable: usize,
    /// How many findings and figures the page carries (all of `findings.json`).
    pub totals: Totals,
}

#[derive(Serialize)]
pub struct Totals {
    pub findings: usize,
    pub figures: usize,
}

/// Designs as rows, the question's checks as columns.
#[derive(Serialize)]
pub struct Matrix {
    pub question: String,
    pub columns: Vec<MatrixHead>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Clone, Serialize)]
pub struct MatrixHead {
    pub title: String,
    pub about: String,
    /// The anchor of the check's section.
    pub section: String,
}

#[derive(Serialize)]
pub struct MatrixRow {
    pub design: String,
    /// What the design is (the findings below do not repeat it).
    pub summary: String,
    pub construct: String,
    pub krate: String,
    pub cells: Vec<Option<Cell>>,
}

#[derive(Serialize)]
pub struct Section<'a> {
    pub question: String,
    /// Set on the first section of each question: the summary of the fold that holds the
    /// question's sections (the page opens on the claims and the matrices).
    pub group: Option<String>,
    pub anchor: String,
    pub title: String,
    pub intro: String,
    /// The introduction's first sentence, shown; the rest sits behind a fold.
    pub intro_lead: String,
    pub intro_more: String,
    pub charts: Vec<String>,
    pub table: Option<Table>,
    /// Whether the table sits behind a fold: a whole-question check's or the loom models'
    /// table, whose headline figures the verdict matrix already shows.
    pub fold_table: bool,
    pub findings: Vec<FindingView<'a>>,
}

#[derive(Serialize)]
pub struct FindingView<'a> {
    #[serde(flatten)]
    pub finding: &'a Finding,
    pub anchor: String,
    /// "as expected", "UNEXPECTED: expected fail", or empty for measurements.
    pub expectation: String,
    /// The figures that decide the finding, shown beside it.
    pub deciding: Vec<FigureView>,
    /// Every figure, behind a fold.
    pub figures: Vec<FigureView>,
    /// The figures not in `deciding`, behind the fold (a metric is wholly in one or the other).
    pub rest: Vec<FigureView>,
    /// How many figures `rest`'s rows hold.
    pub rest_figures: usize,
    pub missing_figures: Vec<String>,
    /// The command that reproduces the finding.
    pub command: String,
}

#[derive(Serialize)]
pub struct FigureView {
    pub name: String,
    pub value: String,
    pub unit: String,
}

pub fn build<'a>(
    record: &'a RunRecord,
    criterion_report: Option<String>,
    checks: &[&dyn Check],
) -> View<'a> {
    let mut missing = record.problems.clone();
    for f in &record.findings {
        if let (Some(e), false) = (f.expected, decided(f.verdict)) {
            missing.push(format!(
                "{}: {} — nothing decided (declared {e})",
                f.id, f.verdict
            ));
        }
    }
    for r in &record.requested {
        for d in &r.designs {
            let id = Finding::make_id(&r.question, &r.check, d);
            if !record.findings.iter().any(|f| f.id == id) {
                missing.push(format!("no result for {id} (it was requested)"));
            }
        }
    }
    let mut sections = Vec::new();
    let mut columns: Vec<(&str, MatrixHead, Vec<Cell>)> = Vec::new();
    for check in checks {
        let (question, id) = (check.question(), check.id());
        let findings = of(record, question, id);
        if findings.is_empty() {
            if !record.requested.iter().any(|r| r.check == id) {
                let how = match check.kind() {
                    Kind::Fuzz => "`just fuzz` runs it",
                    _ => "`just bench` runs it",
                };
                missing.push(format!("{question}/{id} was not run in this run ({how})"));
            }
            continue;
        }
        for c in check.matrix(&findings) {
            let MatrixColumn {
                title,
                about,
                cells,
            } = c;
            let head = MatrixHead {
                title,
                about,
                section: format!("{question}--{id}"),
            };
            columns.push((question, head, cells));
        }
        let deciding = check.deciding();
        let facts = Facts {
            record,
            question,
            check: id,
            findings: &findings,
        };
        sections.push(Section {
            question: question.to_string(),
            group: None,
            anchor: format!("{question}--{id}"),
            title: check.title().to_string(),
            intro: check.intro(&facts),
            intro_lead: String::new(),
            intro_more: String::new(),
            charts: check
                .charts(&findings)
                .iter()
                .filter_map(|c| charts::draw(c).ok())
                .collect(),
            table: check.table(&findings),
            fold_table: check.fold_table(),
            findings: findings
                .into_iter()
                .map(|f| finding_view(f, &deciding))
                .collect(),
        });
    }
    sections.extend(unknown_sections(record, checks));
    for s in &mut sections {
        (s.intro_lead, s.intro_more) = lead(&s.intro);
    }
    // One fold per question: its sections together, in the order questions first appear.
    let mut order: Vec<String> = Vec::new();
    for s in &sections {
        if !order.contains(&s.question) {
            order.push(s.question.clone());
        }
    }
    sections.sort_by_key(|s| order.iter().position(|q| *q == s.question));
    group(&mut sections);
    let claims = claims::judged(record);
    View {
        env: &record.env,
        commit_short: record.env.commit.chars().take(12).collect(),
        criterion_report,
        matrices: matrices(record, columns),
        sections,
        missing,
        unexpected: unexpected(record),
        unreadable: Vec::new(),
        scope: &record.scope,
        claim_counts: claims::counts(&claims),
        claim_seeds: {
            let mut seeds: Vec<&str> = claims.iter().map(|c| c.seed).collect();
            seeds.dedup();
            seeds.len()
        },
        claims_measurable: claims.iter().filter(|c| c.measurable).count(),
        claims,
        totals: Totals {
            findings: record.findings.len(),
            figures: record.findings.iter().map(|f| f.figures.len()).sum(),
        },
    }
}

/// Groups the checks' matrix columns by question; a row per design that has a cell, in the
/// order designs first appear in the run.
fn matrices(record: &RunRecord, columns: Vec<(&str, MatrixHead, Vec<Cell>)>) -> Vec<Matrix> {
    let mut questions: Vec<&str> = Vec::new();
    for (q, _, _) in &columns {
        if !questions.contains(q) {
            questions.push(q);
        }
    }
    questions
        .into_iter()
        .map(|q| {
            let (heads, cells): (Vec<MatrixHead>, Vec<Vec<Cell>>) = columns
                .iter()
                .filter(|(cq, _, _)| *cq == q)
                .map(|(_, h, c)| (h.clone(), c.clone()))
                .unzip();
            let mut rows: Vec<MatrixRow> = Vec::new();
            for f in record.findings.iter().filter(|f| f.question == q) {
                let id = &f.design.id;
                if rows.iter().any(|r| &r.design == id)
                    || !cells.iter().flatten().any(|c| &c.design == id)
                {
                    continue;
                }
                rows.push(MatrixRow {
                    design: id.clone(),
                    summary: f.design.summary.clone(),
                    construct: f.design.construct.clone(),
                    krate: format!("{} {}", f.design.krate, f.design.version),
                    cells: cells
                        .iter()
                        .map(|col| col.iter().find(|c| &c.design == id).cloned())
                        .collect(),
                });
            }
            Matrix {
                question: q.to_string(),
                columns: heads,
                rows,
            }
        })
        .collect()
}

/// The findings of one check, in run order.
fn of<'a>(record: &'a RunRecord, question: &str, check: &str) -> Vec<&'a Finding> {
    record
        .findings
        .iter()
        .filter(|f| f.question == question && f.check == check)
        .collect()
}

/// Plain sections for findings of checks this build does not know (an older run, say):
/// nothing is dropped from the page.
fn unknown_sections<'a>(record: &'a RunRecord, checks: &[&dyn Check]) -> Vec<Section<'a>> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for f in &record.findings {
        let key = (f.question.as_str(), f.check.as_str());
        let known = checks
            .iter()
            .any(|c| c.question() == key.0 && c.id() == key.1);
        if !known && !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen.into_iter()
        .map(|(question, check)| Section {
            question: question.to_string(),
            group: None,
            anchor: format!("{question}--{check}"),
            title: format!("{question}: {check}"),
            intro: String::new(),
            intro_lead: String::new(),
            intro_more: String::new(),
            charts: Vec::new(),
            table: None,
            fold_table: false,
            findings: of(record, question, check)
                .into_iter()
                .map(|f| finding_view(f, &[]))
                .collect(),
        })
        .collect()
}

/// An introduction's first sentence and the rest: the first ". " after at least 60
/// characters that a capital letter follows (so "e.g. x" does not end it).
fn lead(intro: &str) -> (String, String) {
    let cut = intro.char_indices().skip(60).find(|&(i, c)| {
        c == '.'
            && intro[i + 1..].starts_with(' ')
            && intro[i + 2..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    });
    match cut {
        Some((i, _)) => (intro[..=i].to_string(), intro[i + 2..].to_string()),
        None => (intro.to_string(), String::new()),
    }
}

/// Marks the first section of each run of sections of one question with its fold's
/// summary: the question and the titles of its sections.
fn group(sections: &mut [Section]) {
    let mut i = 0;
    while i < sections.len() {
        let q = sections[i].question.clone();
        let n = sections[i..].iter().take_while(|s| s.question == q).count();
        let titles: Vec<&str> = sections[i..i + n]
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        sections[i].group = Some(format!(
            "The {q} question in detail ({n} section{}): {}",
            if n == 1 { "" } else { "s" },
            titles.join(" · ")
        ));
        i += n;
    }
}

/// Whether a verdict decided anything: not-run, inconclusive and not-measured did not.
fn decided(v: Verdict) -> bool {
    !matches!(
        v,
        Verdict::NotRun | Verdict::Inconclusive | Verdict::NotMeasured
    )
}

/// Verdicts that differ from their declaration, and declarations the run contradicted. An
/// undecided verdict contradicts nothing: it is listed as missing instead.
fn unexpected(record: &RunRecord) -> Vec<String> {
    let mut out: Vec<String> = record
        .findings
        .iter()
        .filter(|f| f.matches_expectation() == Some(false) && decided(f.verdict))
        .map(|f| {
            format!(
                "{}: {} (expected {})",
                f.id,
                f.verdict,
                f.expected.expect("has an expectation")
            )
        })
        .collect();
    for f in &record.findings {
        out.extend(f.contradicts.iter().map(|c| format!("{}: {c}", f.id)));
    }
    out
}

fn finding_view<'a>(f: &'a Finding, deciding: &[String]) -> FindingView<'a> {
    let rest: Vec<&Figure> = by_metric(&f.figures)
        .into_iter()
        .filter(|fig| !deciding.is_empty() && !deciding.contains(&fig.metric))
        .collect();
    FindingView {
        finding: f,
        anchor: f.anchor(),
        expectation: match (f.expected, f.matches_expectation()) {
            (Some(_), Some(true)) => "as expected".into(),
            (Some(e), _) => format!("UNEXPECTED: expected {e}"),
            (None, _) => String::new(),
        },
        deciding: figure_views(
            by_metric(&f.figures)
                .into_iter()
                .filter(|fig| deciding.is_empty() || deciding.contains(&fig.metric))
                .collect(),
        ),
        figures: figure_views(by_metric(&f.figures)),
        rest: figure_views(rest.clone()),
        rest_figures: rest.len(),
        missing_figures: f.not_measured.iter().map(NotMeasured::describe).collect(),
        command: f.repro.command(),
    }
}

/// The figures grouped by metric, metrics in order of first appearance (each metric's
/// figures keep their order): one metric's rows, and its unit, stay together.
fn by_metric(figures: &[Figure]) -> Vec<&Figure> {
    let mut metrics: Vec<&str> = Vec::new();
    for f in figures {
        if !metrics.contains(&f.metric.as_str()) {
            metrics.push(&f.metric);
        }
    }
    let mut out: Vec<&Figure> = figures.iter().collect();
    out.sort_by_key(|f| metrics.iter().position(|m| *m == f.metric));
    out
}

/// The rows of a figure table: a run's page carries thousands of figures and must stay
/// under 1 MB. Figures of one metric and unit whose parameters differ only in one, K, share
/// a row, "metric (the other parameters) by K" with "value of K: figure" entries; a figure
/// in no such group has a row of its own.
fn figure_views(figures: Vec<&Figure>) -> Vec<FigureView> {
    let mut out = Vec::new();
    let mut rest = figures.as_slice();
    while !rest.is_empty() {
        let group = group_of(rest);
        out.push(if group.len() > 1 {
            grouped(group)
        } else {
            FigureView {
                name: group[0].label(),
                value: format::value(group[0].value),
                unit: group[0].unit.clone(),
            }
        });
        rest = &rest[group.len()..];
    }
    out
}

/// The parameter in which `a` and `b`, figures of one metric and unit with the same
/// parameter names, differ, when they differ in exactly one.
fn differing(a: &Figure, b: &Figure) -> Option<String> {
    if a.metric != b.metric || a.unit != b.unit || !a.params.keys().eq(b.params.keys()) {
        return None;
    }
    let mut keys = a
        .params
        .iter()
        .filter(|(k, v)| b.params.get(*k) != Some(*v))
        .map(|(k, _)| k);
    match (keys.next(), keys.next()) {
        (Some(k), None) => Some(k.clone()),
        _ => None,
    }
}

/// The longest run at the start of `rows` that shares a row: each differs from the first
/// in the same one parameter, each with a value of it of its own.
fn group_of<'f, 'a>(rows: &'f [&'a Figure]) -> &'f [&'a Figure] {
    let first = rows[0];
    let Some(key) = rows.get(1).and_then(|second| differing(first, second)) else {
        return &rows[..1];
    };
    let mut seen = vec![&first.params[&key]];
    let mut n = 1;
    for f in &rows[1..] {
        if differing(first, f).as_ref() != Some(&key) || seen.contains(&&f.params[&key]) {
            break;
        }
        seen.push(&f.params[&key]);
        n += 1;
    }
    &rows[..n]
}

/// The shared row of `group`, figures that differ from the first in one parameter.
fn grouped(group: &[&Figure]) -> FigureView {
    let first = group[0];
    let key = differing(first, group[1]).expect("a group differs in one parameter");
    let mut rest = first.clone();
    rest.params.remove(&key);
    let entries: Vec<String> = group
        .iter()
        .map(|f| format!("{}: {}", f.params[&key], format::value(f.value)))
        .collect();
    FigureView {
        name: format!("{} by {key}", rest.label()),
        value: entries.join(" · "),
        unit: first.unit.clone(),
    }
}

#[cfg(test)]
mod tests {
    use lab_findings::{Figure, Finding, Repro, Verdict};

    use super::finding_view;

    #[test]
    fn the_fold_counts_figures_not_rows() {
        let figures = vec![
            Figure::new("decides", 0.0, "runtimes"),
            Figure::new("share", 0.25, "share").at("source", 0u64),
            Figure::new("share", 0.25, "share").at("source", 1u64),
            Figure::new("share", 0.5, "share").at("source", 2u64),
            Figure::new("polls", 4.0, "polls"),
        ];
        let f = Finding::new(
            "concurrent",
            "test",
            lab_findings::DesignRef {
                id: "d".into(),
                krate: "k".into(),
                version: "1".into(),
                construct: "c".into(),
                summary: "s".into(),
            },
            Verdict::Pass,
            "fine".into(),
            figures,
            Repro::check("test", None),
        );
        let v = finding_view(&f, &["decides".to_string()]);
        assert_eq!(v.deciding.len(), 1);
        // The three shares share a row: two rows behind the fold, four figures.
        assert_eq!(v.rest.len(), 2);
        assert_eq!(v.rest[0].value, "0: 0.250 · 1: 0.250 · 2: 0.500");
        assert_eq!(v.rest_figures, 4);
    }
}

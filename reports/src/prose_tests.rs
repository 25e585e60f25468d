//! Every number in the page's prose comes from the run: rendering a record whose figures and
//! settings have all been changed must change every number in the section introductions, the
//! claims' evidence and the notices — except the parameters that name what was measured
//! (a depth, a source count), which the same record carries in its figure names.

use lab_findings::{DesignRef, Env, Figure, Finding, RunRecord, Verdict};

use crate::sections::SECTIONS;
use crate::view;

fn finding(question: &str, check: &str, design: &str, figures: Vec<Figure>) -> Finding {
    Finding {
        cases: Some(40),
        seed: Some(11),
        ..Finding::new(
            question,
            check,
            DesignRef {
                id: design.into(),
                krate: "lab".into(),
                version: "0".into(),
                construct: design.into(),
                summary: String::new(),
            },
            Verdict::Measured,
            String::new(),
            figures,
            String::new(),
        )
    }
}

fn figs(names: &[&str]) -> Vec<Figure> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| Figure::new(*n, 3.0 + i as f64, "unit"))
        .collect()
}

/// A record with a finding in every section, the findings seed 001's claims read, and every
/// setting the introductions quote.
fn record() -> RunRecord {
    let mut r = RunRecord::new(Env::default());
    let settings = [
        "cases",
        "seed",
        "sample",
        "reruns",
        "shrink tries",
        "min cases",
        "detect rate %",
        "miss",
        "runs",
        "tokio runs",
        "alpha",
        "items",
        "ticks",
        "short",
        "window per source",
        "power %",
        "max undetected skew %",
        "model runs",
        "min expected",
        "lines",
        "chunk",
        "chain items",
    ];
    for spec in SECTIONS {
        r.record_settings(
            spec.question,
            spec.check,
            settings
                .iter()
                .enumerate()
                .map(|(i, s)| (*s, 5.0 + i as f64)),
        );
    }
    let timed = [
        "depth 1: ratio to floor",
        "depth 8: ns/item",
        "depth 8: ns/item, CI low",
        "depth 8: ns/item, CI high",
    ];
    let line_timed = ["ns/line", "ns/line, CI low", "ns/line, CI high"];
    let counted = ["depth 1: instructions/item", "depth 8: instructions/item"];
    let per_depth = [
        "depth 1: total",
        "depth 8: total",
        "depth 1: ratio to floor",
        "depth 8: ratio to floor",
    ];
    r.upsert([
        finding("concurrent", "data-loss", "a", figs(&["items lost"])),
        finding("concurrent", "stream-end", "a", figs(&["items lost"])),
        finding(
            "concurrent",
            "fairness",
            "a",
            figs(&[
                "always-ready-k2: share s0",
                "always-ready-k2: p shares vs uniform",
            ]),
        ),
        finding(
            "concurrent",
            "starvation",
            "a",
            figs(&["polls of the drain future"]),
        ),
        finding(
            "concurrent",
            "throughput",
            "a",
            figs(&["ns/item n=2", "ratio to floor n=2"]),
        ),
        finding(
            "concurrent",
            "instructions",
            "a",
            figs(&["instructions/item n=2"]),
        ),
        finding(
            "iterator",
            "cancellation",
            "poll-next",
            figs(&["cases losing data"]),
        ),
        finding("iterator", "size", "chain-poll-next", figs(&per_depth)),
        finding("iterator", "size", "chain-async-next", figs(&per_depth)),
        finding(
            "iterator",
            "allocations",
            "chain-poll-next",
            figs(&[
                "depth 1: allocations per next()",
                "depth 8: allocations per next()",
            ]),
        ),
        finding(
            "iterator",
            "allocations",
            "chain-async-next",
            figs(&[
                "depth 1: allocations per next()",
                "depth 8: allocations per next()",
            ]),
        ),
        finding(
            "iterator",
            "iter-throughput",
            "chain-poll-next",
            figs(&timed),
        ),
        finding(
            "iterator",
            "iter-throughput",
            "chain-async-next",
            figs(&timed),
        ),
        finding(
            "iterator",
            "iter-throughput",
            "poll-next",
            figs(&line_timed),
        ),
        finding(
            "iterator",
            "iter-throughput",
            "async-next-careful",
            figs(&line_timed),
        ),
        finding(
            "iterator",
            "iter-instructions",
            "chain-poll-next",
            figs(&counted),
        ),
        finding(
            "iterator",
            "iter-instructions",
            "chain-async-next",
            figs(&counted),
        ),
        finding(
            "iterator",
            "iter-instructions",
            "poll-next",
            figs(&["instructions/line"]),
        ),
        finding(
            "iterator",
            "iter-instructions",
            "async-next-careful",
            figs(&["instructions/line"]),
        ),
        finding(
            "iterator",
            "allocations",
            "chain-async-next-as-stream",
            figs(&[
                "depth 1: allocations per next()",
                "depth 8: allocations per next()",
            ]),
        ),
    ]);
    r
}

/// Every figure value, setting, case count and seed moved (order-preserving, so verdict
/// logic that compares figures takes the same branches).
fn altered(mut r: RunRecord) -> RunRecord {
    for f in &mut r.findings {
        f.figures
            .iter_mut()
            .for_each(|x| x.value = 1.5 * x.value + 0.25);
        f.cases = f.cases.map(|c| 2 * c + 1);
        f.seed = f.seed.map(|s| 2 * s + 1);
    }
    for check in r.settings.values_mut() {
        check.values_mut().for_each(|v| *v = 2.0 * *v + 3.0);
    }
    r
}

/// The prose the renderer writes itself (finding summaries are the checks' own words, written
/// from their measurements at check time).
fn prose(r: &RunRecord) -> Vec<String> {
    let v = view::build(r, None);
    let mut out: Vec<String> = v.sections.iter().map(|s| s.intro.clone()).collect();
    out.extend(v.claims.iter().map(|c| c.evidence.clone()));
    out.extend(v.missing.iter().cloned());
    out.extend(v.scope.iter().cloned());
    out
}

/// Numbers standing alone (not part of a name like `k4`, `s0` or a seed citation `001`).
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
                || (chars[i] == 'e'
                    && chars
                        .get(i + 1)
                        .is_some_and(|c| *c == '-' || c.is_ascii_digit()))
                || (chars[i] == '-' && i > start && chars[i - 1] == 'e'))
        {
            i += 1;
        }
        let token: String = chars[start..i].iter().collect();
        let glued =
            |c: Option<&char>| c.is_some_and(|c| c.is_alphabetic() || *c == '#' || *c == '_');
        let name_part =
            glued(start.checked_sub(1).and_then(|j| chars.get(j))) || glued(chars.get(i));
        let citation = token.len() == 3 && token.starts_with("00");
        if !name_part && !citation {
            out.push(token);
        }
    }
    out
}

#[test]
fn every_number_in_the_prose_changes_with_the_run() {
    let base = record();
    let parameters: Vec<String> = base
        .findings
        .iter()
        .flat_map(|f| &f.figures)
        .flat_map(|f| numbers(&f.name.replace(['k', 's', '='], " ")))
        .collect();
    let (before, after) = (prose(&base), prose(&altered(base.clone())));
    assert_eq!(before.len(), after.len());
    let mut checked = 0;
    for (b, a) in before.iter().zip(&after) {
        let (nb, na) = (numbers(b), numbers(a));
        assert_eq!(
            nb.len(),
            na.len(),
            "the same sentence, other numbers:\n{b}\n{a}"
        );
        for (x, y) in nb.iter().zip(&na) {
            checked += 1;
            assert!(
                x != y || parameters.contains(x),
                "{x} did not change with the run's figures and settings, in:\n{b}"
            );
        }
    }
    assert!(
        checked > 40,
        "only {checked} numbers checked: the record is too thin"
    );
}

#[test]
fn numbers_are_found_and_names_are_not() {
    assert_eq!(
        numbers("depth 1 to 8, 0.25% of 1e-6; k4 s0 seed 001"),
        ["1", "8", "0.25", "1e-6"]
    );
}

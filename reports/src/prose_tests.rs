//! Every number in the page's prose comes from the run: rendering a record whose figures and
//! settings have all been changed must change every number in the section introductions, the
//! claims' evidence and the notices — except the parameters that name what was measured
//! (a depth, a source count), which the same record carries as its figures' parameters.

use lab_checks::{CHECKS, Options, fairness};
use lab_findings::{DesignRef, Env, Figure, Finding, Number, Repro, RunRecord, Verdict};

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
            Repro::check(check, Some(design)),
        )
    }
}

/// Figures of the given metrics (each at the given parameters), valued 3, 4, 5, ...
fn figs(metrics: &[(&str, &[(&str, i64)])]) -> Vec<Figure> {
    metrics
        .iter()
        .enumerate()
        .map(|(i, (m, at))| {
            at.iter()
                .fold(Figure::new(*m, 3.0 + i as f64, "unit"), |f, (k, v)| {
                    f.at(k, *v)
                })
        })
        .collect()
}

fn fairness_figs() -> Vec<Figure> {
    let w =
        |metric: &str, workload: &str| Figure::new(metric, 0.0, "unit").at("workload", workload);
    let mut out = vec![
        w("share", "always-ready-k2").at("source", 0),
        w("p shares vs uniform", "always-ready-k2"),
        w("smallest skew detected", "always-ready-k2"),
        w("smallest skew detected", "always-ready-k8"),
        Figure::new(fairness::VERDICT_ALARM, 0.0, "unit"),
        Figure::new(fairness::MODEL_ALARM, 0.0, "unit"),
    ];
    for (i, f) in out.iter_mut().enumerate() {
        f.value = 3.0 + i as f64;
    }
    out
}

/// A record with a finding in every section, the findings seed 001's claims read, and every
/// setting the introductions quote.
fn record() -> RunRecord {
    let mut r = RunRecord::new(Env::default());
    let mut names: Vec<&str> = CHECKS
        .iter()
        .flat_map(|c| c.recorded(&Options::default()))
        .map(|(n, _)| n)
        .collect();
    names.sort_unstable();
    names.dedup();
    for c in CHECKS {
        r.record_settings(
            c.question(),
            c.id(),
            names
                .iter()
                .enumerate()
                .map(|(i, s)| (*s, Number::Int(5 + i as u64))),
        );
    }
    r.upsert(concurrent_findings());
    r.upsert(iterator_findings());
    r.upsert(seed_claim_findings());
    r.upsert(iteration_findings());
    r.upsert(awaiting_findings());
    r
}

/// The awaiting-body findings its sections quote.
fn awaiting_findings() -> Vec<Finding> {
    use lab_checks::awaiting::{permit_deadlock, resume_delay, spawn_cost};
    let none: &[(&str, i64)] = &[];
    let q = lab_checks::AWAITING;
    let mut out: Vec<Finding> = lab_checks::design_ids(q)
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            [
                finding(
                    q,
                    resume_delay::CHECK,
                    d,
                    figs(&[(resume_delay::LONGEST, none)]),
                ),
                finding(
                    q,
                    permit_deadlock::CHECK,
                    d,
                    figs(&[(permit_deadlock::TICKS, none)]),
                ),
                finding(
                    q,
                    spawn_cost::CHECK,
                    d,
                    // Distinct per design, so a difference between designs moves too.
                    vec![Figure::new(
                        spawn_cost::PER_ITEM,
                        3.0 + i as f64,
                        "allocations",
                    )],
                ),
            ]
        })
        .collect();
    use lab_checks::unpolled::{detector, futurelock};
    let q = lab_checks::UNPOLLED;
    out.extend(
        lab_checks::design_ids(q)
            .iter()
            .map(|d| finding(q, futurelock::CHECK, d, figs(&[(futurelock::TICKS, none)]))),
    );
    out.push(finding(
        q,
        detector::CHECK,
        detector::DESIGN,
        figs(&[(detector::RUNS, none)]),
    ));
    use lab_checks::structured::reopen;
    let q = lab_checks::STRUCTURED;
    out.extend(lab_checks::design_ids(q).iter().map(|d| {
        finding(
            q,
            reopen::CHECK,
            d,
            figs(&[(reopen::RATE, none), (reopen::RUNNING, none)]),
        )
    }));
    out.extend(
        lab_checks::design_ids(lab_checks::CONCURRENT)
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let per = Figure::new(lab_checks::race_allocations::PER_ITEM, 3.0 + i as f64, "a");
                finding(
                    lab_checks::CONCURRENT,
                    lab_checks::race_allocations::CHECK,
                    d,
                    vec![per],
                )
            }),
    );
    out
}

/// The iteration-strategy findings its sections and seed 000's claims read.
fn iteration_findings() -> Vec<Finding> {
    use lab_checks::iteration::{backpressure as bp, breaking};
    let n = |v: u32| -> &'static [(&'static str, i64)] {
        match v {
            16 => &[("items", 16)],
            64 => &[("items", 64)],
            _ => &[("items", 256)],
        }
    };
    let big = n(256);
    let per_size = [
        (bp::IN_FLIGHT, big),
        (bp::RATE, big),
        (bp::AHEAD, n(16)),
        (bp::AHEAD, n(64)),
        (bp::AHEAD, big),
    ];
    let mut out: Vec<Finding> = lab_checks::design_ids(lab_checks::ITERATION)
        .iter()
        .map(|d| finding("iteration", bp::CHECK, d, figs(&per_size)))
        .collect();
    let none: &[(&str, i64)] = &[];
    out.push(finding(
        "modes",
        lab_checks::modes::semantics::CHECK,
        "fc-race-ok",
        figs(&[(lab_checks::modes::semantics::DROPPED, none)]),
    ));
    out.push(finding(
        "concurrent",
        lab_checks::poll_after_end::CHECK,
        "tokio-select",
        figs(&[(lab_checks::poll_after_end::POLLS, none)]),
    ));
    out.push(finding(
        "iteration",
        breaking::CHECK,
        "sequential",
        figs(&[(breaking::LEFT, none), (breaking::LATER, none)]),
    ));
    out
}

/// The concurrent findings seeds 002 and 003's claims quote figures of.
fn seed_claim_findings() -> Vec<Finding> {
    let k4 = |m: &str, v: f64| Figure::new(m, v, "unit").at("workload", "always-ready-k4");
    let fair = |d: &str, base: f64| {
        let mut figures: Vec<Figure> = (0..4)
            .map(|s| k4("share", base + s as f64).at("source", s))
            .collect();
        figures.push(k4("first item", base + 5.0).at("source", 0).at("runs", 9));
        figures.push(k4("p first item vs uniform", base + 6.0));
        finding("concurrent", "fairness", d, figures)
    };
    let mut out: Vec<Finding> = [
        "async-std-merge-chained",
        "futures-stream-select-chained",
        "tokio-stream-merge-chained",
        "fc-merge-tuple",
        "fc-merge-vec",
    ]
    .iter()
    .enumerate()
    .map(|(i, d)| fair(d, 3.0 + 10.0 * i as f64))
    .collect();
    out.push(finding(
        "concurrent",
        "data-loss",
        "futures-select-recreate",
        vec![
            Figure::new("workloads losing data", 3.5, "unit").at("sample", 9),
            Figure::new("read_send futures dropped unfinished", 4.5, "unit").at("sample", 9),
        ],
    ));
    out.push(finding(
        "concurrent",
        "starvation",
        "reference-merge-first",
        vec![Figure::new(lab_checks::starvation::MEDIAN, 5.5, "unit").at("runtime", "lab")],
    ));
    out.extend(
        crate::claims::seed_002::MERGES
            .iter()
            .map(|d| finding("concurrent", "data-loss", d, Vec::new())),
    );
    out
}

fn concurrent_findings() -> Vec<Finding> {
    let none: &[(&str, i64)] = &[];
    let n2: &[(&str, i64)] = &[("n", 2)];
    vec![
        finding(
            "concurrent",
            "data-loss",
            "a",
            figs(&[("items lost", none)]),
        ),
        finding(
            "concurrent",
            "stream-end",
            "a",
            figs(&[("items lost", none)]),
        ),
        finding("concurrent", "fairness", "a", fairness_figs()),
        finding(
            "concurrent",
            "starvation",
            "a",
            figs(&[("polls of the drain future", none)]),
        ),
        finding(
            "concurrent",
            "throughput",
            "a",
            figs(&[("ns/item", n2), ("ratio to floor", n2)]),
        ),
        finding(
            "concurrent",
            "instructions",
            "a",
            figs(&[("instructions/item", n2)]),
        ),
    ]
}

// A data table, one entry per iterator finding the sections and seed 001's claims read: it
// is long because the record must cover every figure they quote.
fn iterator_findings() -> Vec<Finding> {
    let d = |v: i64| -> &'static [(&'static str, i64)] {
        match v {
            1 => &[("depth", 1)],
            2 => &[("depth", 2)],
            3 => &[("depth", 3)],
            4 => &[("depth", 4)],
            5 => &[("depth", 5)],
            6 => &[("depth", 6)],
            7 => &[("depth", 7)],
            _ => &[("depth", 8)],
        }
    };
    let timed = [
        ("ratio to floor", d(1)),
        ("ns/item", d(8)),
        ("ns/item, CI low", d(8)),
        ("ns/item, CI high", d(8)),
    ];
    let none: &[(&str, i64)] = &[];
    let line_timed = [
        ("ns/line", none),
        ("ns/line, CI low", none),
        ("ns/line, CI high", none),
    ];
    let counted = [
        ("instructions/item", d(1)),
        ("instructions/item", d(8)),
        ("recount difference", d(8)),
    ];
    let mut per_depth: Vec<(&str, &[(&str, i64)])> = (1..=8).map(|v| ("total", d(v))).collect();
    per_depth.extend([("ratio to floor", d(1)), ("ratio to floor", d(8))]);
    let allocs = [
        ("allocations per next()", d(1)),
        ("allocations per next()", d(8)),
    ];
    vec![
        finding(
            "iterator",
            "cancellation",
            "poll-next",
            figs(&[("cases losing data", none)]),
        ),
        finding("iterator", "size", "chain-poll-next", figs(&per_depth)),
        finding("iterator", "size", "chain-async-next", figs(&per_depth)),
        finding("iterator", "allocations", "chain-poll-next", figs(&allocs)),
        finding("iterator", "allocations", "chain-async-next", figs(&allocs)),
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
            figs(&[("instructions/line", none), ("recount difference", none)]),
        ),
        finding(
            "iterator",
            "iter-instructions",
            "async-next-careful",
            figs(&[("instructions/line", none), ("recount difference", none)]),
        ),
        finding(
            "iterator",
            "allocations",
            "chain-async-next-as-stream",
            figs(&allocs),
        ),
    ]
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
        check.values_mut().for_each(|v| {
            *v = match *v {
                Number::Int(x) => Number::Int(2 * x + 3),
                Number::Float(x) => Number::Float(2.0 * x + 3.0),
            }
        });
    }
    r
}

/// The prose the renderer writes itself (finding summaries are the checks' own words, written
/// from their measurements at check time).
fn prose(r: &RunRecord) -> Vec<String> {
    let v = view::build(r, None, CHECKS);
    let mut out: Vec<String> = v.sections.iter().map(|s| s.intro.clone()).collect();
    out.extend(v.claims.iter().map(|c| c.evidence.clone()));
    out.extend(v.missing.iter().cloned());
    out.extend(v.scope.iter().cloned());
    out
}

/// Numbers standing alone (not part of a name like `k4`, `s0` or a seed citation `001`),
/// each with whether it is a parameter: a depth, a source count, `k` — named by the word
/// before it or before the list it belongs to ("depths 1, 2 and 4", "N = 2 and 8").
fn numbers(text: &str) -> Vec<(String, bool)> {
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
        // A design id's last part: `for-each-concurrent-8`.
        let word_start = chars[..start]
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |j| j + 1);
        let word_end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace() || *c == ',' || *c == ';' || *c == ')')
            .map_or(chars.len(), |j| i + j);
        let word: String = chars[word_start..word_end].iter().collect();
        let hyphenated = start >= 1
            && chars[start - 1] == '-'
            && [
                lab_checks::ITERATION,
                lab_checks::MODES,
                lab_checks::CONCURRENT,
            ]
            .iter()
            .flat_map(|q| lab_checks::design_ids(q))
            .any(|d| d == word);
        let name_part = hyphenated
            || glued(start.checked_sub(1).and_then(|j| chars.get(j)))
            || glued(chars.get(i));
        // Seeds (001) and issues (issue 12) are cited, not measured.
        let citation = (token.len() == 3 && token.starts_with("00"))
            || chars[..start]
                .iter()
                .collect::<String>()
                .ends_with("issue ");
        if !name_part && !citation {
            let before: String = chars[..start].iter().collect();
            out.push((token, names_a_parameter(&before)));
        }
    }
    out
}

fn names_a_parameter(before: &str) -> bool {
    let mut t = before;
    loop {
        let trimmed = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == ',' || c == ' ');
        match trimmed.strip_suffix(" and") {
            Some(rest) => t = rest,
            None => {
                t = trimmed;
                break;
            }
        }
    }
    // Also a source's index: "source 0 runs out".
    [
        "depth", "depths", "depth-", "n=", "N =", "k =", "k=", "source",
    ]
    .iter()
    .any(|w| t.ends_with(w))
}

#[test]
fn every_number_in_the_prose_changes_with_the_run() {
    let base = record();
    let (before, after) = (prose(&base), prose(&altered(base.clone())));
    assert_eq!(before.len(), after.len());
    let mut checked = 0;
    for (b, a) in before.iter().zip(&after) {
        // The fixture records every setting and figure the prose quotes.
        for gap in ["(not recorded)", "(not measured)"] {
            assert!(!b.contains(gap), "the fixture leaves {gap} in:\n{b}");
        }
        let (nb, na) = (numbers(b), numbers(a));
        assert_eq!(
            nb.len(),
            na.len(),
            "the same sentence, other numbers:\n{b}\n{a}"
        );
        for ((x, parameter), (y, _)) in nb.iter().zip(&na) {
            checked += 1;
            assert!(
                x != y || *parameter,
                "{x} did not change with the run's figures and settings, in:\n{b}"
            );
        }
    }
    assert!(
        checked > 60,
        "only {checked} numbers checked: the record is too thin"
    );
}

#[test]
fn numbers_are_found_and_names_are_not() {
    let found: Vec<(String, bool)> =
        numbers("depths 1, 2 and 8 of 0.25% at 1e-6; k4 s0 seed 001 N = 3");
    let expect = [
        ("1", true),
        ("2", true),
        ("8", true),
        ("0.25", false),
        ("1e-6", false),
        ("3", true),
    ];
    assert_eq!(found, expect.map(|(t, p)| (t.to_string(), p)));
}

//! Coverage-guided fuzzing (`fuzz/`, run by `lab fuzz` / `just fuzz`): one finding per
//! libFuzzer run — each target over the designs declared safe for its property, and each
//! known-bad design alone — with the executions and time it took, libFuzzer's coverage,
//! and the rate against a do-nothing target measured in the same run.

use lab_findings::fuzz::FuzzRun;
use lab_findings::{Counterexample, DesignRef, Figure, Finding, Repro, Verdict, format};

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::fuzzing::{TARGETS, Target};
use crate::matrix::{self, MatrixColumn};
use crate::property;
use crate::section::{self, Facts, Table};

pub const QUESTION: &str = "fuzzing";
pub const CHECK: &str = "fuzz";
pub const EXECUTIONS: &str = "executions";
pub const RATE: &str = "executions per second";
pub const TO_TRIVIAL: &str = "rate / a do-nothing target's";
pub const SECONDS: &str = "wall time";
pub const COVERAGE: &str = "coverage points";
pub const CORPUS: &str = "corpus inputs";

pub struct Fuzz;

impl Check for Fuzz {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: QUESTION,
            kind: Kind::Fuzz,
            about: "libFuzzer over scripts and schedules: no crash on the safe designs, each known-bad one found",
            title: "Fuzzing: coverage-guided search over scripts and schedules",
        }
    }

    fn designs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for t in TARGETS {
            out.push(design_id(t.id(), None));
            out.extend(t.known_bad().iter().map(|d| design_id(t.id(), Some(d))));
        }
        out
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Fuzz(runs, _) = input else {
            return Err(wrong_input(self));
        };
        let mut produced = Produced::default();
        for r in runs {
            match Target::by_id(&r.target) {
                Ok(t) => produced.findings.push(finding(r, &missed(t, runs))),
                Err(e) => produced.problems.push(e),
            }
        }
        Ok(produced)
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each fuzz target decodes libFuzzer's bytes (with `arbitrary`) into a script of \
             the same space its property check draws from, and the bytes left over into the \
             schedule (one scheduler choice per byte, FIFO once they run out). A target runs \
             every design declared safe for its property on each input and must not crash; \
             each known-bad design runs alone and must be found. Budget per libFuzzer run: \
             {} s; a crash is minimized with `cargo fuzz tmin`. Rates are of this machine in \
             this run, against libFuzzer's rate on a target that does nothing ({} per second): \
             the targets over their safe designs ran at {}× that rate (each input runs every \
             safe design, a whole executor run each). Known-bad designs are searched for from \
             an empty corpus; their wall time includes cargo's start. Only the property's own \
             failure counts as finding a design; a libFuzzer timeout is inconclusive. A pass \
             needs at least {} executions, and the same target must have found every one of \
             its known-bad designs in this run, at least one after libFuzzer began mutating \
             (a design found on its start-up inputs shows the target's property, not its \
             search; a known-bad design counts as found on its property's own crash, whether \
             or not the replay failed the same way); it means no crash within the budget \
             (libFuzzer's inputs are mutations of each other: no detection rate is claimed). A run that \
             does not complete (deadlock, the step budget, a panic) breaks the property too. The cancellation target is one task whose timers due \
             together all wake the same waker, so its schedule bytes change nothing.",
            f.range("budget", |_| true),
            f.range(TRIVIAL, |_| true),
            f.range(TO_TRIVIAL, |_| true),
            property::min_cases(),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let columns = vec![
            "executions".to_string(),
            "exec/s".into(),
            "× trivial".into(),
            "coverage".into(),
            "time".into(),
            "verdict".into(),
        ];
        Some(section::rows(findings, columns, |f| {
            let v = |m| f.value(m, &[]).map_or("—".into(), format::value);
            vec![
                v(EXECUTIONS),
                v(RATE),
                v(TO_TRIVIAL),
                v(COVERAGE),
                format!("{} s", v(SECONDS)),
                f.verdict.to_string(),
            ]
        }))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![
            matrix::verdicts("fuzz", self.about(), findings),
            matrix::figures(
                "executions",
                "inputs libFuzzer ran: all within the budget, or until the crash",
                findings,
                EXECUTIONS,
                &[],
                "",
            ),
        ]
    }

    fn deciding(&self) -> Vec<String> {
        vec![EXECUTIONS.into(), SECONDS.into(), TO_TRIVIAL.into()]
    }
}

const TRIVIAL: &str = "do-nothing target's rate";

/// `data_loss:safe`, or `data_loss:futures-select-biased` for one known-bad design.
pub fn design_id(target: &str, known_bad: Option<&str>) -> String {
    format!("{target}:{}", known_bad.unwrap_or("safe"))
}

/// What this run of `lab fuzz` did not show about `target`: the known-bad designs it did
/// not find (or did not search for), and, if every one was found on libFuzzer's start-up
/// inputs, that its mutations found none. While anything is left, the target's silence on
/// the safe designs is no evidence (a weak control still: the known-bad runs search one
/// design from an empty corpus, the safe run all of them from the checked-in one).
fn missed(target: Target, runs: &[FuzzRun]) -> Vec<String> {
    let found = |d: &str| {
        runs.iter()
            .find(|r| r.known_bad && r.target == target.id() && r.designs == [d] && broke(r))
    };
    let bad = target.known_bad();
    let mut out: Vec<String> = bad
        .iter()
        .filter(|d| found(d).is_none())
        .map(|d| d.to_string())
        .collect();
    let by_mutation = bad
        .iter()
        .filter_map(|d| found(d))
        .any(|r| r.found_before_mutation == Some(false));
    if out.is_empty() && !by_mutation {
        out.push("any known-bad design by mutation (all were found on start-up inputs)".into());
    }
    out
}

/// Whether the in-process replay failed the way libFuzzer's run did: the same first line
/// (design, target and what went wrong).
pub fn same_failure(c: &lab_findings::fuzz::FuzzCrash) -> bool {
    let first = |t: &str| t.lines().next().unwrap_or_default().trim().to_string();
    c.replay
        .as_deref()
        .is_some_and(|r| first(r) == first(&c.message))
}

/// Only the property's own panic ("X broke T: ..") is a finding about a design; a timeout
/// or out-of-memory artefact of libFuzzer says nothing about it.
pub fn broke(r: &FuzzRun) -> bool {
    r.crash
        .as_ref()
        .is_some_and(|c| c.message.contains(" broke "))
}

fn finding(r: &FuzzRun, missed: &[String]) -> Finding {
    let id = design_id(
        &r.target,
        r.known_bad
            .then(|| r.designs.first().map(String::as_str))
            .flatten(),
    );
    let design = DesignRef {
        id,
        krate: "libFuzzer".into(),
        version: String::new(),
        construct: format!("fuzz target {}", r.target),
        summary: format!(
            "{} on {}",
            if r.known_bad {
                "known-bad"
            } else {
                "declared safe"
            },
            r.designs.join(", ")
        ),
    };
    let crashed = r.crash.is_some();
    // A safe run passes only if the same target found every known-bad design in this run,
    // one of them by mutation.
    let unproven = !r.known_bad && !missed.is_empty();
    let verdict = match (crashed, broke(r), r.executions) {
        (true, true, _) => Verdict::Fail,
        (true, false, _) => Verdict::Inconclusive,
        (false, _, n) if n < u64::from(property::min_cases()) => Verdict::Inconclusive,
        (false, _, _) if unproven => Verdict::Inconclusive,
        (false, _, _) => Verdict::Pass,
    };
    let summary = match &r.crash {
        Some(c) => format!(
            "crashed after {} executions in {:.2} s{}: {}",
            r.executions,
            r.seconds,
            if r.found_before_mutation == Some(true) {
                " (before any mutation: on one of libFuzzer's start-up inputs)"
            } else {
                ""
            },
            c.message.lines().next().unwrap_or_default()
        ),
        None if unproven => format!(
            "no crash in {} executions ({:.0}/s) over {:.0} s, but this run did not find {}: no evidence",
            r.executions,
            r.exec_per_sec,
            r.seconds,
            missed.join(", ")
        ),
        None => format!(
            "no crash in {} executions ({:.0}/s) over {:.0} s",
            r.executions, r.exec_per_sec, r.seconds
        ),
    };
    let mut figures = vec![
        Figure::new(EXECUTIONS, r.executions as f64, "inputs"),
        Figure::new(SECONDS, r.seconds, "s"),
        Figure::new("budget", r.budget_seconds as f64, "s"),
    ];
    // A run cut short by its crash has no rate worth the name.
    if !crashed {
        figures.push(Figure::new(RATE, r.exec_per_sec, "inputs/s"));
    }
    if let Some(t) = r.trivial_exec_per_sec {
        figures.push(Figure::new(TRIVIAL, t, "inputs/s"));
        if t > 0.0 && !crashed {
            figures.push(Figure::new(TO_TRIVIAL, r.exec_per_sec / t, "×"));
        }
    }
    for (metric, v) in [
        (COVERAGE, r.coverage),
        ("features", r.features),
        (CORPUS, r.corpus),
    ] {
        if let Some(v) = v {
            figures.push(Figure::new(metric, v as f64, "libFuzzer counts"));
        }
    }
    let mut f = Finding::new(
        QUESTION,
        CHECK,
        design,
        verdict,
        summary,
        figures,
        Repro::Fuzz {
            target: r.target.clone(),
            designs: r.known_bad.then(|| r.designs.join(",")),
            seconds: r.budget_seconds,
        },
    );
    f.expected = Some(if r.known_bad {
        Verdict::Fail
    } else {
        Verdict::Pass
    });
    f.cases = Some(r.executions);
    f.counterexample = r.crash.as_ref().map(|c| {
        // The replay when it failed the same way (it prints the decoded input), else
        // libFuzzer's own message.
        let shown = match &c.replay {
            Some(r) if same_failure(c) => r.as_str(),
            _ => &c.message,
        };
        let mut lines = shown.lines();
        let failure = lines.next().unwrap_or_default().to_string();
        Counterexample {
            input: lines.collect::<Vec<_>>().join("\n"),
            failure,
            data: serde_json::json!({ "bytes": c.bytes }),
            reproduced: u32::from(same_failure(c)),
            reruns: 1,
            search: Some(
                match c.minimized {
                    Some(true) => "libFuzzer's first crash, minimized by cargo fuzz tmin",
                    Some(false) => "libFuzzer's first crash; cargo fuzz tmin found nothing smaller",
                    None => "libFuzzer's first crash, not minimized (tmin could not run)",
                }
                .into(),
            ),
        }
    });
    f
}

//! Interleavings: the loom models of the lab's reference designs (`loom-tests/`, run by
//! `just loom`), one finding per design and known-bad variant. loom explores the code that
//! goes through `lab_reference::sync`, so a verdict here is about the lab's own reference
//! code at the stated preemption bound, never about a crate's internals.

use lab_findings::loom::ModelRun;
use lab_findings::{Counterexample, Figure, Finding, Repro, Verdict, format};
use lab_reference::{DESIGNS, Flaw, Reference};

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Facts, Table};
use crate::{INTERLEAVINGS, design_ref_parts};

pub const CHECK: &str = "loom";
/// loom runs the model once per execution it explores (its "iterations"): executions, not
/// distinct interleavings, since loom may revisit equivalent ones.
pub const INTERLEAVINGS_RUN: &str = "executions explored";
pub const SECONDS: &str = "wall time";
pub const BOUND: &str = "preemption bound";
pub const THREADS: &str = "threads";
pub const ITEMS: &str = "items sent";

pub struct Loom;

impl Check for Loom {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: INTERLEAVINGS,
            kind: Kind::Loom,
            about: "in every execution of loom's bounded search: each item delivered once and in order, the consumer ends, no loom Arc leaks",
            title: "Interleavings of the lab's reference designs (loom)",
        }
    }

    fn designs(&self) -> Vec<String> {
        variants().map(|(r, flaw)| r.variant(flaw)).collect()
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Loom(runs) = input else {
            return Err(wrong_input(self));
        };
        let mut produced = Produced::default();
        for run in runs {
            match variants().find(|(r, flaw)| r.variant(*flaw) == run.design) {
                Some((reference, flaw)) => produced.findings.push(finding(run, &reference, flaw)),
                None => produced.problems.push(format!(
                    "loom result for {:?}, which is no reference design's variant (a stale file?)",
                    run.design
                )),
            }
        }
        Ok(produced)
    }

    fn intro(&self, f: &Facts) -> String {
        let bound = match f.range(BOUND, |_| true) {
            b if b.starts_with('(') => "no preemption bound".to_string(),
            b => format!("at most {b} preemptions"),
        };
        format!(
            "loom runs each model under its preemption-bounded search ({bound}), whose \
             executions (counted as \"executions explored\": loom's iterations, which may repeat \
             equivalent interleavings) also cover the values loads may see \
             and spurious wakeups, through the atomics, locks and waker slots of the lab's one sync \
             switch (`lab_reference::sync`); loom treats SeqCst as AcqRel and misses \
             load-buffering executions. This checks the lab's reference designs, not the crates \
             of the other sections, whose internals do not go through loom's types; the std \
             build's waker slot is the `atomic-waker` crate, which loom replaces with its \
             lock-based model of the same contract. A model must deliver every item once, in \
             each producer's order, end, and leave no loom `Arc` alive; a known-bad variant \
             must end in a lost wakeup (loom's deadlock, consumer blocked, producers finished) \
             that its failing execution, replayed alone, repeats. One search at a time, timed \
             without checkpointing. Passed: {}. Failed: {}.",
            outcomes(f.findings, false),
            outcomes(f.findings, true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let columns = [
            "variant",
            "threads",
            "bound",
            "executions",
            "time",
            "verdict",
        ];
        let mut table = section::rows(
            findings,
            columns.iter().map(|c| c.to_string()).collect(),
            |f| {
                let v = |m| f.value(m, &[]).map_or("—".into(), format::value);
                vec![
                    f.design.construct.clone(),
                    v(THREADS),
                    v(BOUND),
                    v(INTERLEAVINGS_RUN),
                    format!("{} s", v(SECONDS)),
                    f.verdict.to_string(),
                ]
            },
        );
        table
            .columns
            .push("failing execution: thread switches".into());
        for (row, f) in table.rows.iter_mut().zip(findings) {
            row.cells
                .push(f.counterexample.as_ref().map_or("—".into(), |c| {
                    let last = c.input.lines().last().unwrap_or("");
                    last.rsplit(": ").next().unwrap_or(last).into()
                }));
        }
        Some(table)
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![
            matrix::verdicts("loom", self.about(), findings),
            matrix::figures(
                "executions",
                "executions loom's search ran: all of them, or up to the failing one",
                findings,
                INTERLEAVINGS_RUN,
                &[],
                "",
            ),
        ]
    }

    fn deciding(&self) -> Vec<String> {
        vec![INTERLEAVINGS_RUN.into(), BOUND.into()]
    }
}

/// "design (N executions, T s), ..", over the findings that failed (or passed).
fn outcomes(findings: &[&Finding], failed: bool) -> String {
    let listed: Vec<String> = findings
        .iter()
        .filter(|f| (f.verdict != Verdict::Pass) == failed)
        .map(|f| {
            let v = |m| f.value(m, &[]).map_or("—".into(), format::value);
            let what = if failed {
                "executions until caught"
            } else {
                "executions"
            };
            format!(
                "{} ({} {what}, {} s)",
                f.design.id,
                v(INTERLEAVINGS_RUN),
                v(SECONDS)
            )
        })
        .collect();
    if listed.is_empty() {
        "none".into()
    } else {
        listed.join(", ")
    }
}

/// Every (design, flaw) pair `loom-tests/` models.
fn variants() -> impl Iterator<Item = (Reference, Flaw)> {
    DESIGNS
        .iter()
        .flat_map(|r| r.variants().map(move |flaw| (*r, flaw)))
}

fn finding(run: &ModelRun, reference: &Reference, flaw: Flaw) -> Finding {
    let (construct, summary) = match flaw {
        Flaw::None => (
            reference.construct.to_string(),
            reference.summary.to_string(),
        ),
        f => (
            format!("{}, {}", reference.construct, f.id()),
            format!("known-bad: {}", f.about()),
        ),
    };
    let design = design_ref_parts(&run.design, "lab", &construct, &summary);
    let verdict_of = |kind: Option<&str>| match kind {
        None => Verdict::Pass,
        Some("lost wakeup" | "deadlock") => Verdict::Deadlock,
        Some(_) => Verdict::Fail,
    };
    let verdict = verdict_of(run.failure_kind());
    let bound = run
        .preemption_bound
        .map_or("no preemption bound".into(), |b| {
            format!("preemption bound {b}")
        });
    let text = match &run.failure {
        None => format!(
            "every item delivered once and in order, and the consumer ended, in each of the \
             {} executions loom's search ran at {bound}",
            run.interleavings
        ),
        Some(f) => format!(
            "{} in execution {} at {bound}: {f}",
            run.failure_kind().unwrap_or_default(),
            run.interleavings
        ),
    };
    let mut figures = vec![
        Figure::new(INTERLEAVINGS_RUN, run.interleavings as f64, "executions"),
        Figure::new(SECONDS, run.seconds, "s"),
        Figure::new(THREADS, run.threads.len() as f64, "threads"),
        Figure::new(ITEMS, run.sent.iter().sum::<u32>() as f64, "items"),
    ];
    if let Some(b) = run.preemption_bound {
        figures.push(Figure::new(BOUND, b.into(), "preemptions"));
    }
    let repro = Repro::Loom {
        binary: run.binary.clone(),
        bound: run.preemption_bound,
    };
    let mut f = Finding::new(INTERLEAVINGS, CHECK, design, verdict, text, figures, repro);
    f.expected = Some(verdict_of(run.must_fail_with.as_deref()));
    if let (Some(want), Some(got)) = (&run.must_fail_with, run.failure_kind())
        && want != got
    {
        f.contradicts.push(format!(
            "it must fail with a {want}, and failed with a {got}"
        ));
    }
    f.cases = Some(run.interleavings);
    if run.failure.is_some() && run.replayed != Some(true) {
        f.contradicts
            .push("the failing interleaving, replayed alone, did not fail the same way".into());
    }
    f.counterexample = run.failure.as_ref().map(|failure| Counterexample {
        input: format!("{}\n{}", run.about, schedule_text(run)),
        failure: failure.clone(),
        data: run.checkpoint.clone().unwrap_or_default(),
        reproduced: u32::from(run.replayed == Some(true)),
        reruns: u32::from(run.replayed.is_some()),
        search: Some(format!(
            "the first failing execution of loom's search at {bound}, not minimized; \
             replay it with LOOM_CHECKPOINT_FILE set to its checkpoint (the data in findings.json)"
        )),
    });
    f
}

/// The failing execution's thread switches: "consumer → producer 0 → consumer → ..".
pub fn schedule_text(run: &ModelRun) -> String {
    let name = |t: &usize| {
        run.threads
            .get(*t)
            .cloned()
            .unwrap_or(format!("thread {t}"))
    };
    let names: Vec<String> = run.schedule.iter().map(name).collect();
    format!(
        "threads in the order loom switched to them: {}",
        names.join(" → ")
    )
}

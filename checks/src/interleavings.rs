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
pub const INTERLEAVINGS_RUN: &str = "interleavings";
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
            about: "in every interleaving loom explores: each item delivered once and in order, the consumer ends, the shared state is freed",
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
        format!(
            "loom runs each model under every interleaving of its threads it can reach with at \
             most {} preemptions, and checks every atomic, lock and (loom-modelled) waker the \
             code reaches through the lab's one sync switch (`lab_reference::sync`). It checks \
             the lab's own reference designs, not the crates the other sections measure: their \
             internals do not go through loom's types. The std build's waker slot is the \
             `atomic-waker` crate, which the loom build replaces with loom's own `AtomicWaker` \
             (a lock), so that slot rests on `atomic-waker`'s contract, not on this section. \
             Leaks are checked for the shared state (a loom `Arc`), not for the per-source \
             wakers (std `Arc`s that `Waker::from` needs). Each model must deliver every item \
             exactly once, in each producer's order, and end; each known-bad variant must fail \
             with loom's deadlock (the consumer waits for a wake nobody sends), and its failing \
             interleaving, replayed alone from loom's checkpoint, must fail the same way. \
             Passed: {}. Failed: {}.",
            f.range(BOUND, |_| true),
            outcomes(f.findings, false),
            outcomes(f.findings, true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let columns = [
            "variant",
            "threads",
            "bound",
            "interleavings",
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
        table.columns.push("failing interleaving".into());
        for (row, f) in table.rows.iter_mut().zip(findings) {
            row.cells
                .push(f.counterexample.as_ref().map_or("—".into(), |c| {
                    c.input.lines().last().unwrap_or("").into()
                }));
        }
        Some(table)
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![
            matrix::verdicts("loom", self.about(), findings),
            matrix::figures(
                "interleavings",
                "interleavings loom ran: all it explored, or up to the failing one",
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

/// "design (N interleavings, T s), ..", over the findings that failed (or passed).
fn outcomes(findings: &[&Finding], failed: bool) -> String {
    let listed: Vec<String> = findings
        .iter()
        .filter(|f| (f.verdict != Verdict::Pass) == failed)
        .map(|f| {
            let v = |m| f.value(m, &[]).map_or("—".into(), format::value);
            let what = if failed {
                "interleavings until caught"
            } else {
                "interleavings"
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
    let verdict = match &run.failure {
        None => Verdict::Pass,
        Some(f) if f.starts_with("deadlock") => Verdict::Deadlock,
        Some(_) => Verdict::Fail,
    };
    let bound = run
        .preemption_bound
        .map_or("no preemption bound".into(), |b| {
            format!("preemption bound {b}")
        });
    let text = match &run.failure {
        None => format!(
            "every item delivered once and in order, and the consumer ended, in all {} \
             interleavings at {bound}",
            run.interleavings
        ),
        Some(f) => format!(
            "failed in interleaving {} at {bound}: {f}",
            run.interleavings
        ),
    };
    let mut figures = vec![
        Figure::new(INTERLEAVINGS_RUN, run.interleavings as f64, "interleavings"),
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
    f.expected = Some(match run.must_fail_with.as_deref() {
        None => Verdict::Pass,
        Some(m) if m.starts_with("deadlock") => Verdict::Deadlock,
        Some(_) => Verdict::Fail,
    });
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
            "the first failing interleaving of loom's search at {bound}, not minimized; \
             replay it with LOOM_CHECKPOINT_FILE set to its checkpoint (the data in findings.json)"
        )),
    });
    f
}

/// The failing interleaving as runs of one thread: "consumer ×6 → producer 0 ×10 → ..".
pub fn schedule_text(run: &ModelRun) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &t in &run.schedule {
        match runs.last_mut() {
            Some((last, n)) if *last == t => *n += 1,
            _ => runs.push((t, 1)),
        }
    }
    let name = |t: usize| run.threads.get(t).cloned().unwrap_or(format!("thread {t}"));
    let steps: Vec<String> = runs
        .iter()
        .map(|&(t, n)| format!("{} ×{n}", name(t)))
        .collect();
    format!("steps by thread: {}", steps.join(" → "))
}

//! Data loss: race `read_send` against a packet source over random scripts and schedules,
//! and require that every produced item is delivered exactly once, in per-source order.
//!
//! Runs through proptest's `TestRunner` with a fixed seed, so a failure comes with a shrunk
//! minimal script. A second pass samples workloads from the same seed to measure how often
//! and how much a lossy design loses.

use std::cell::Cell;

use lab_designs::concurrent::ConcurrentDesign;
use lab_executor::{Config, Executor, Outcome};
use lab_findings::{Counterexample, Figure, Finding, Verdict};
use lab_workloads::{Audit, Batch, ReadSend, ReadSendScript};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{self, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use crate::{CONCURRENT, design_ref, finding_id};

pub const CHECK: &str = "data-loss";

#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// proptest cases that must pass for a `pass` verdict.
    pub cases: u32,
    pub seed: u64,
    /// Workloads sampled (no shrinking) to measure the loss rate.
    pub sweep: u32,
    /// Re-runs of the minimal counterexample.
    pub reruns: u32,
    /// While shrinking, a candidate counts as failing if any of this many runs fails, so
    /// designs that choose with an RNG we cannot seed still shrink to the true minimum.
    pub shrink_tries: u32,
    /// Step budget of one run.
    pub max_polls: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            cases: 10_000,
            seed: 0x5eed_2002,
            sweep: 1_000,
            reruns: 100,
            shrink_tries: 64,
            max_polls: 100_000,
        }
    }
}

/// Scripts of up to 6 batches of 1–4 items and up to 8 packets, with gaps of 0–3 ticks, so
/// batches, sends and packets overlap in every way. Shrinks towards fewer, smaller batches,
/// fewer packets and zero gaps.
pub fn scripts() -> impl Strategy<Value = ReadSendScript> {
    (
        prop::collection::vec((0u64..=3, 1u32..=4), 0..=6),
        prop::collection::vec(0u64..=3, 0..=8),
        0u64..=2,
    )
        .prop_map(|(batches, packet_gaps, send_ticks)| {
            let mut at = 0;
            let batches = batches
                .into_iter()
                .map(|(gap, len)| {
                    at += gap;
                    Batch { at, len }
                })
                .collect();
            let mut t = 0;
            let packets = packet_gaps
                .into_iter()
                .map(|gap| {
                    t += gap;
                    t
                })
                .collect();
            ReadSendScript {
                batches,
                packets,
                send_ticks,
            }
        })
}

/// One run of one script on one design.
#[derive(Debug)]
pub struct Trial {
    pub outcome: Outcome<()>,
    pub audit: Audit,
    /// `read_send` futures dropped before finishing.
    pub cancelled: u64,
}

impl Trial {
    pub fn verdict(&self) -> Verdict {
        match self.outcome {
            Outcome::Completed(()) if self.audit.is_clean() => Verdict::Pass,
            Outcome::Completed(()) => Verdict::Fail,
            Outcome::Deadlock { .. } => Verdict::Deadlock,
            Outcome::BudgetExceeded { .. } => Verdict::BudgetExceeded,
            Outcome::Panicked { .. } => Verdict::Panicked,
        }
    }

    /// What went wrong, for a reader.
    pub fn describe(&self) -> String {
        let list = |items: &[lab_workloads::Item]| {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut parts = Vec::new();
        if !matches!(self.outcome, Outcome::Completed(())) {
            parts.push(self.outcome.to_string());
        }
        let a = &self.audit;
        if !a.lost.is_empty() {
            parts.push(format!(
                "lost {} of {} items: {}",
                a.lost.len(),
                a.expected,
                list(&a.lost)
            ));
        }
        if !a.duplicated.is_empty() {
            parts.push(format!("duplicated: {}", list(&a.duplicated)));
        }
        if !a.out_of_order.is_empty() {
            parts.push(format!("out of order: {}", list(&a.out_of_order)));
        }
        if !a.unexpected.is_empty() {
            parts.push(format!("never produced: {}", list(&a.unexpected)));
        }
        if self.cancelled > 0 {
            parts.push(format!(
                "{} read_send future(s) dropped unfinished",
                self.cancelled
            ));
        }
        if parts.is_empty() {
            "every item delivered once, in order".into()
        } else {
            parts.join("; ")
        }
    }
}

pub fn trial(design: &dyn ConcurrentDesign, script: &ReadSendScript, max_polls: u64) -> Trial {
    let exec = Executor::new(Config {
        max_polls,
        ..Config::default()
    });
    let (workload, record) = ReadSend::new(script, &exec.handle());
    let run = exec.run(design.race_read_send(workload));
    Trial {
        outcome: run.outcome,
        audit: record.ledger().audit(&script.expected()),
        cancelled: record.read_send_futures().cancelled,
    }
}

fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn runner(settings: &Settings) -> TestRunner {
    let config = test_runner::Config {
        cases: settings.cases,
        // Counterexamples are kept in the findings, not in proptest-regressions files.
        failure_persistence: None,
        max_shrink_iters: 4_096,
        ..test_runner::Config::default()
    };
    TestRunner::new_with_rng(config, rng(settings.seed))
}

/// Loss measured over sampled workloads.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sweep {
    pub workloads: u32,
    pub failing: u32,
    pub items: u64,
    pub lost: u64,
    pub cancelled: u64,
}

pub fn sweep(design: &dyn ConcurrentDesign, settings: &Settings, progress: &dyn Fn()) -> Sweep {
    let mut runner = runner(settings);
    let strategy = scripts();
    let mut s = Sweep::default();
    for _ in 0..settings.sweep {
        let script = strategy
            .new_tree(&mut runner)
            .expect("the script strategy never rejects")
            .current();
        progress();
        let t = trial(design, &script, settings.max_polls);
        s.workloads += 1;
        s.failing += u32::from(t.verdict() != Verdict::Pass);
        s.items += t.audit.expected as u64;
        s.lost += t.audit.lost.len() as u64;
        s.cancelled += t.cancelled;
    }
    s
}

/// Runs the property on one design and returns its finding. `progress` is called once per
/// run of the executor (cases, shrinking, re-runs and the loss-rate sample).
pub fn check(design: &dyn ConcurrentDesign, settings: &Settings, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let run = |script: &ReadSendScript| {
        progress();
        trial(design, script, settings.max_polls)
    };
    let passed_before_failure = Cell::new(0u64);
    // Verdict of the latest failing run; when shrinking ends that run was on the minimal input.
    let last_failure = Cell::new(None);
    let result = runner(settings).run(&scripts(), |script| {
        let tries = if last_failure.get().is_some() {
            settings.shrink_tries.max(1)
        } else {
            1
        };
        let t = (1..tries).fold(run(&script), |t, _| {
            if t.verdict() == Verdict::Pass {
                run(&script)
            } else {
                t
            }
        });
        match t.verdict() {
            Verdict::Pass => {
                if last_failure.get().is_none() {
                    passed_before_failure.set(passed_before_failure.get() + 1);
                }
                Ok(())
            }
            v => {
                last_failure.set(Some(v));
                Err(TestCaseError::fail(t.describe()))
            }
        }
    });
    let sweep = sweep(design, settings, progress);
    let mut figures = vec![
        Figure::new(
            "workloads losing data",
            percent(sweep.failing.into(), sweep.workloads.into()),
            format!("% of {} sampled", sweep.workloads),
        ),
        Figure::new(
            "items lost",
            percent(sweep.lost, sweep.items),
            format!("% of {} items", sweep.items),
        ),
        Figure::new(
            "read_send futures dropped unfinished",
            sweep.cancelled as f64 / f64::from(sweep.workloads.max(1)),
            "per workload",
        ),
    ];
    let (verdict, cases, summary, counterexample) = match result {
        Ok(()) => (
            Verdict::Pass,
            u64::from(settings.cases),
            format!(
                "no item lost, duplicated or reordered in {} random workloads",
                settings.cases
            ),
            None,
        ),
        Err(TestError::Fail(reason, minimal)) => {
            // A re-run of the minimal input can pass when the design's own RNG (which we
            // cannot seed) chooses differently; the rerun count records how often it fails.
            let reproduced = (0..settings.reruns)
                .filter(|_| run(&minimal).verdict() != Verdict::Pass)
                .count() as u32;
            let verdict = last_failure.get().unwrap_or(Verdict::Fail);
            let failure = reason.message().to_string();
            let cases = passed_before_failure.get() + 1;
            figures.insert(
                0,
                Figure::new("cases until first failure", cases as f64, "cases"),
            );
            (
                verdict,
                cases,
                format!(
                    "{} in {} of {} sampled workloads ({} of items); minimal case: {}",
                    match verdict {
                        Verdict::Fail => "loses data",
                        Verdict::Deadlock => "deadlocks",
                        Verdict::BudgetExceeded => "exceeds its step budget",
                        _ => "panics",
                    },
                    sweep.failing,
                    sweep.workloads,
                    format_args!("{:.1}%", percent(sweep.lost, sweep.items)),
                    failure
                ),
                Some(Counterexample {
                    input: minimal.to_string(),
                    failure,
                    data: serde_json::to_value(&minimal).expect("scripts serialize"),
                    reproduced,
                    reruns: settings.reruns,
                }),
            )
        }
        Err(TestError::Abort(why)) => (
            Verdict::Panicked,
            passed_before_failure.get(),
            format!("proptest aborted: {why}"),
            None,
        ),
    };
    Finding {
        id: finding_id(CHECK, info.id),
        question: CONCURRENT.into(),
        check: CHECK.into(),
        design: design_ref(&info),
        verdict,
        expected: Some(if info.expects_loss {
            Verdict::Fail
        } else {
            Verdict::Pass
        }),
        summary,
        figures,
        cases: Some(cases),
        seed: Some(settings.seed),
        counterexample,
        repro: format!(
            "cargo run --release -p lab -- check --check {CHECK} --design {} --cases {} --seed {}",
            info.id, settings.cases, settings.seed
        ),
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

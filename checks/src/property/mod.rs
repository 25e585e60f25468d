//! The property-check machinery shared by the loss checks: a seeded proptest `TestRunner`
//! over random inputs, shrinking that retries a candidate (designs may choose with an RNG
//! we cannot seed), re-runs of the minimal case, and a separate sample of inputs that
//! measures how often and how much is lost.

use std::cell::Cell;
use std::fmt::Display;

use lab_findings::{Counterexample, DesignRef, Figure, Finding, NotMeasured, Repro, Verdict};

use crate::section::Chart;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{self, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde::Serialize;

mod check;
mod settings;

pub use check::PropertyCheck;

pub use settings::{
    CASES, MAX_POLLS, PropertySettings, RERUNS, SAMPLE, SEED, SETTINGS, SHRINK_TRIES, constants,
    planned_runs, rule,
};

/// A pass verdict promises that a design failing on at least this share of random inputs
/// would have been caught...
pub const DETECT_RATE: f64 = 0.10;
/// ...except with at most this probability (the chance that every case misses it).
pub const MISS: f64 = 1e-6;

/// The smallest share of failing inputs that `cases` passing cases rule out: a design that
/// failed that often would have passed them all with probability [`MISS`].
pub fn excluded_rate(cases: u64) -> f64 {
    if cases == 0 {
        1.0
    } else {
        1.0 - MISS.powf(1.0 / cases as f64)
    }
}

/// Cases needed before a pass can be claimed at [`DETECT_RATE`] and [`MISS`] (132).
pub fn min_cases() -> u32 {
    (MISS.ln() / (1.0 - DETECT_RATE).ln()).ceil() as u32
}

/// One run of one input on one design.
pub trait Trial {
    fn verdict(&self) -> Verdict;
    /// What went wrong (or that nothing did), for a reader.
    fn describe(&self) -> String;
    /// Units (items, bytes) the input produced, and how many of them were lost.
    fn produced(&self) -> u64;
    fn lost(&self) -> u64;
    /// Futures dropped before they finished.
    fn cancelled(&self) -> u64;
}

/// How a check names what it counts.
pub struct Labels {
    /// "items", "bytes and items", ...
    pub unit: &'static str,
    /// "workloads", "cases", ...
    pub inputs: &'static str,
    /// The figure name for [`Trial::cancelled`], per input.
    pub cancelled: &'static str,
}

impl Labels {
    /// The metric of the sampled loss rate ("workloads losing data").
    pub fn losing(&self) -> String {
        format!("{} losing data", self.inputs)
    }
}

/// The sampled loss rate of each design, as bars.
pub fn loss_chart(findings: &[&Finding], labels: &Labels) -> Chart {
    let metric = labels.losing();
    let unit = findings
        .iter()
        .find_map(|f| f.figures_of(&metric).next())
        .map_or(String::new(), |f| f.unit.clone());
    let bars = findings
        .iter()
        .filter_map(|f| Some((f.design.id.clone(), f.figures_of(&metric).next()?.value)))
        .collect();
    Chart::Bars {
        title: format!("Sampled {metric}"),
        unit,
        bars,
    }
}

/// Loss measured over sampled inputs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sweep {
    pub inputs: u32,
    /// Inputs on which items were lost, duplicated or reordered (a `Fail`).
    pub failing: u32,
    /// Inputs on which the run deadlocked, panicked or ran out of steps: no loss measured.
    pub broken: u32,
    pub produced: u64,
    pub lost: u64,
    pub cancelled: u64,
}

/// The outcome of one property on one design, ready for a finding.
pub struct PropertyOutcome {
    pub verdict: Verdict,
    pub cases: u64,
    pub summary: String,
    pub figures: Vec<Figure>,
    pub not_measured: Vec<NotMeasured>,
    pub counterexample: Option<Counterexample>,
}

impl PropertyOutcome {
    /// The finding of a property check: `expected` is the verdict the design declares.
    pub fn into_finding(
        self,
        question: &str,
        check: &str,
        design: DesignRef,
        expected: Verdict,
        settings: &PropertySettings,
    ) -> Finding {
        let repro = Repro::Check {
            check: check.into(),
            design: Some(design.id.clone()),
            cases: Some(u64::from(settings.cases)),
            runs: None,
            seed: Some(settings.seed),
            quick: false,
            runtimes: Vec::new(),
        };
        Finding {
            expected: Some(expected),
            cases: Some(self.cases),
            seed: Some(settings.seed),
            counterexample: self.counterexample,
            not_measured: self.not_measured,
            ..Finding::new(
                question,
                check,
                design,
                self.verdict,
                self.summary,
                self.figures,
                repro,
            )
        }
    }
}

/// proptest's ChaCha RNG seeded with `seed`: every seeded search and sample starts here.
pub fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn runner(settings: &PropertySettings) -> TestRunner {
    let config = test_runner::Config {
        cases: settings.cases,
        // Counterexamples are kept in the findings, not in proptest-regressions files.
        failure_persistence: None,
        max_shrink_iters: 4_096,
        ..test_runner::Config::default()
    };
    TestRunner::new_with_rng(config, rng(settings.seed))
}

/// `n` inputs drawn from `strategy` by a runner seeded with `seed`: the same inputs every
/// run, for checks that run a fixed sample rather than a proptest search.
pub fn sample<S: Strategy>(strategy: &S, n: u64, seed: u64) -> Vec<S::Value> {
    let mut runner = TestRunner::new_with_rng(test_runner::Config::default(), rng(seed));
    (0..n)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("the lab's strategies always generate")
                .current()
        })
        .collect()
}

pub fn sweep<S, T>(
    strategy: &S,
    settings: &PropertySettings,
    trial: impl Fn(&S::Value) -> T,
) -> Sweep
where
    S: Strategy,
    T: Trial,
{
    let mut runner = runner(settings);
    let mut s = Sweep::default();
    for _ in 0..settings.sweep {
        let input = strategy
            .new_tree(&mut runner)
            .expect("the lab's strategies never reject")
            .current();
        let t = trial(&input);
        s.inputs += 1;
        s.failing += u32::from(t.verdict() == Verdict::Fail);
        s.broken += u32::from(!matches!(t.verdict(), Verdict::Pass | Verdict::Fail));
        s.produced += t.produced();
        s.lost += t.lost();
        s.cancelled += t.cancelled();
    }
    s
}

/// Runs the property; `trial` is called once per executor run (cases, shrinking, re-runs,
/// sample), so it is also where progress is counted.
pub fn check<S, T>(
    strategy: &S,
    settings: &PropertySettings,
    labels: &Labels,
    trial: impl Fn(&S::Value) -> T,
) -> PropertyOutcome
where
    S: Strategy,
    S::Value: Display + Serialize,
    T: Trial,
{
    if settings.cases == 0 {
        return PropertyOutcome {
            verdict: Verdict::NotRun,
            cases: 0,
            summary: format!(
                "not run: 0 cases requested, so nothing is known about {}",
                labels.unit
            ),
            figures: Vec::new(),
            not_measured: Vec::new(),
            counterexample: None,
        };
    }
    let (result, passed_before_failure, last_failure) = run_cases(strategy, settings, &trial);
    let sweep = sweep(strategy, settings, &trial);
    let figures = sweep_figures(&sweep, labels);
    match result {
        Ok(()) => passed(settings, labels, figures),
        Err(TestError::Fail(reason, minimal)) => {
            // A re-run of the minimal input can pass when the design's own RNG (which we
            // cannot seed) chooses differently; the rerun count records how often it fails.
            let reproduced = (0..settings.reruns)
                .filter(|_| trial(&minimal).verdict() != Verdict::Pass)
                .count() as u32;
            let failed = Failed {
                verdict: last_failure.unwrap_or(Verdict::Fail),
                cases: passed_before_failure + 1,
                failure: reason.message().to_string(),
                counterexample: Counterexample {
                    search: None,
                    input: minimal.to_string(),
                    failure: reason.message().to_string(),
                    data: serde_json::to_value(&minimal).expect("inputs serialize"),
                    reproduced,
                    reruns: settings.reruns,
                },
            };
            failed.outcome(&sweep, labels, figures)
        }
        Err(TestError::Abort(why)) => PropertyOutcome {
            verdict: Verdict::NotMeasured,
            cases: passed_before_failure,
            summary: format!("not measured: proptest aborted ({why})"),
            figures,
            not_measured: vec![NotMeasured::new(
                "verdict",
                format!("proptest aborted: {why}"),
            )],
            counterexample: None,
        },
    }
}

/// Runs the proptest cases, shrinking a failure. Returns proptest's result, the cases that
/// passed before the first failure, and the verdict of the last failing run (when shrinking
/// ends, that run was on the minimal input).
fn run_cases<S, T>(
    strategy: &S,
    settings: &PropertySettings,
    trial: &impl Fn(&S::Value) -> T,
) -> (Result<(), TestError<S::Value>>, u64, Option<Verdict>)
where
    S: Strategy,
    T: Trial,
{
    let passed_before_failure = Cell::new(0u64);
    let last_failure = Cell::new(None);
    let result = runner(settings).run(strategy, |input| {
        // While shrinking, a candidate fails if any of several runs fails: a design's own
        // RNG may pass it once by chance.
        let tries = if last_failure.get().is_some() {
            settings.shrink_tries.max(1)
        } else {
            1
        };
        let t = (1..tries).fold(trial(&input), |t, _| {
            if t.verdict() == Verdict::Pass {
                trial(&input)
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
    (result, passed_before_failure.get(), last_failure.get())
}

/// The loss measured over the sample; none from an empty sample, rather than a 0% rate.
fn sweep_figures(sweep: &Sweep, labels: &Labels) -> Vec<Figure> {
    if sweep.inputs == 0 {
        return Vec::new();
    }
    vec![
        Figure::new(
            labels.losing(),
            percent(sweep.failing.into(), sweep.inputs.into()),
            "% of the sample",
        )
        .at("sample", sweep.inputs),
        Figure::new(
            format!(
                "{} that deadlocked, panicked or ran out of steps",
                labels.inputs
            ),
            percent(sweep.broken.into(), sweep.inputs.into()),
            "% of the sample",
        )
        .at("sample", sweep.inputs),
        Figure::new(
            format!("{} lost", labels.unit),
            percent(sweep.lost, sweep.produced),
            format!("% of the {} produced", labels.unit),
        )
        .at("produced", sweep.produced),
        Figure::new(
            labels.cancelled,
            sweep.cancelled as f64 / f64::from(sweep.inputs),
            format!("per {}", labels.inputs.trim_end_matches('s')),
        )
        .at("sample", sweep.inputs),
    ]
}

/// Every case passed: a pass if there were enough of them, else inconclusive.
fn passed(
    settings: &PropertySettings,
    labels: &Labels,
    mut figures: Vec<Figure>,
) -> PropertyOutcome {
    let cases = u64::from(settings.cases);
    let excluded = excluded_rate(cases);
    figures.push(Figure::new(
        format!("smallest failing share of {} this rules out", labels.inputs),
        100.0 * excluded,
        format!("% (missed with probability ≤ {MISS:e})"),
    ));
    let (verdict, summary) = if settings.cases >= min_cases() {
        (
            Verdict::Pass,
            format!(
                "nothing lost, duplicated or reordered in {cases} random {}: a design \
                 failing on {:.2}% of them or more would have been caught",
                labels.inputs,
                100.0 * excluded
            ),
        )
    } else {
        (
            Verdict::Inconclusive,
            format!(
                "nothing lost in {cases} random {}, but a pass needs {} cases (to catch \
                 a design failing on {:.0}% of them, missing it with probability ≤ \
                 {MISS:e}); these rule out only failure rates of {:.1}% or more",
                labels.inputs,
                min_cases(),
                100.0 * DETECT_RATE,
                100.0 * excluded
            ),
        )
    };
    PropertyOutcome {
        verdict,
        cases,
        summary,
        figures,
        not_measured: Vec::new(),
        counterexample: None,
    }
}

/// A case failed: the verdict of its last run, and the shrunk minimal input.
struct Failed {
    verdict: Verdict,
    cases: u64,
    failure: String,
    counterexample: Counterexample,
}

impl Failed {
    fn outcome(self, sweep: &Sweep, labels: &Labels, mut figures: Vec<Figure>) -> PropertyOutcome {
        figures.insert(
            0,
            Figure::new("cases until first failure", self.cases as f64, "cases"),
        );
        let what = match self.verdict {
            Verdict::Fail => "loses data",
            Verdict::Deadlock => "deadlocks",
            Verdict::BudgetExceeded => "exceeds its step budget",
            _ => "panics",
        };
        let rate = if sweep.inputs == 0 {
            String::new()
        } else {
            format!(
                " in {} of {} sampled {} ({:.1}% of {})",
                if self.verdict == Verdict::Fail {
                    sweep.failing
                } else {
                    sweep.broken
                },
                sweep.inputs,
                labels.inputs,
                percent(sweep.lost, sweep.produced),
                labels.unit,
            )
        };
        PropertyOutcome {
            verdict: self.verdict,
            cases: self.cases,
            summary: format!("{what}{rate}; minimal case: {}", self.failure),
            figures,
            not_measured: Vec::new(),
            counterexample: Some(self.counterexample),
        }
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

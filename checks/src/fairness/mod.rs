//! Fairness (seed 002): with several sources ready, does every source get an even share on
//! average over runs, and is what each design does consistent with how its crate's code
//! picks?
//!
//! Each design drains k ∈ {2, 3, 4, 8} always-ready sources, sources whose items become
//! ready at the same ticks (timers due together wake in a seeded random order), and sources
//! of which one runs out early, many times. The verdict tests the mean per-run shares of the
//! always-ready workloads against an even split (`per_run.rs`: Student's t over runs,
//! Bonferroni over sources, each test failing at p < 1e-6); a finding records how many tests
//! its verdict combines (its false-alarm rate is about that many times 1e-6) and the
//! smallest rise of one source's mean share each workload detects 9 times in 10. Each
//! workload is also compared with the design's declared [`Pick`] — item by item for
//! deterministic picks, mean per-run shares and the first item for closed-form ones, the
//! favoured source's items per run against seeded runs of the pick's model (`sim.rs`) —
//! except where the prediction is the executor's wake order rather than the crate's code.

mod figures;
mod model;
mod observe;
mod section;
mod sim;
mod verdict;

use lab_designs::concurrent::{ConcurrentDesign, Pick};
use lab_findings::{Finding, NotMeasured, Repro, Verdict};

pub use figures::{
    LONGEST_RUN, MODEL_ALARM, SHARE, SKEW, SOURCE, VERDICT_ALARM, WORKLOAD, figures_of,
    window_metric, window_p,
};
pub use model::{
    Basis, Prediction, SIM_RUNS, SIM_SEED, always_ready_sequence, expected_fair, is_fair,
    memoryless, next_source, predict,
};
pub use observe::{
    DrainFailure, Observation, READY_ITEMS, SHORT, TICKS, WINDOW_PER_SOURCE, Workload, longest_run,
    observe,
};
pub use section::Fairness;
pub use sim::simulate;

use crate::check::{Flag, Options, Setting};
use crate::per_run;
use crate::stats::{Fit, chi_square, homogeneity, uniform_over};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "fairness";

/// The workloads, in report order.
pub const WORKLOADS: &[Workload] = &[
    Workload::AlwaysReady { k: 2 },
    Workload::AlwaysReady { k: 3 },
    Workload::AlwaysReady { k: 4 },
    Workload::AlwaysReady { k: 8 },
    Workload::SameTicks { k: 4 },
    Workload::EarlyExhausted { k: 4 },
];

/// The power a pass is stated at: the skew each workload detects 9 times in 10.
pub const POWER: f64 = 0.9;
/// A pass needs every always-ready workload to detect, with probability [`POWER`], one
/// source this far (as a share) above its even share; with fewer runs an even-looking
/// result is inconclusive.
pub const MAX_UNDETECTED_SKEW: f64 = 0.10;

pub const RUNS: Setting = Setting {
    name: "runs",
    flag: Some(Flag::Runs),
    default: 2_000,
    quick: 300,
    about: "independent runs per workload (0 records not-run; too few for the stated power, inconclusive)",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 0,
    quick: 0,
    about: "seed of the order in which timers due at the same tick wake",
};

#[derive(Clone, Copy, Debug)]
pub struct FairnessSettings {
    /// Independent runs per workload.
    pub runs: u32,
    /// Keys the timer order of every run (see [`observe`]).
    pub seed: u64,
}

impl FairnessSettings {
    pub fn resolve(options: &Options) -> Self {
        Self {
            runs: RUNS.value_u32(options),
            seed: SEED.value(options),
        }
    }
}

impl Default for FairnessSettings {
    fn default() -> Self {
        Self::resolve(&Options::default())
    }
}

/// Everything measured and tested for one design on one workload.
#[derive(Clone, Debug)]
pub struct Assessment {
    pub workload: Workload,
    pub obs: Observation,
    /// Window shares against uniform, tested per run: the fairness verdict.
    pub window_uniform: Fit,
    /// First item against uniform: who yields first (the same test as the window's on
    /// same-ticks, whose window is the first item of each tick).
    pub first_uniform: Fit,
    /// The consecutive window of the run that is furthest from uniform (always-ready only).
    pub worst_window: Option<Fit>,
    pub prediction: Prediction,
    /// Window against the model: the shares, or for simulated models the number of items
    /// the favoured source takes per run.
    pub window_model: Option<Fit>,
    /// First item against the model, where runs give independent draws of it.
    pub first_model: Option<Fit>,
    /// For deterministic models: the exact window predicted.
    pub model_sequence: Option<Vec<u16>>,
    /// The smallest rise of one source's share above even that the window test detects
    /// with probability [`POWER`], given the spread between runs; `None` with too few runs.
    pub detectable_shift: Option<f64>,
}

impl Assessment {
    /// Even shares in the first window and in every consecutive window before any source can
    /// run out.
    pub fn fair(&self) -> bool {
        !self.window_uniform.rejected() && self.worst_window.is_none_or(|f| !f.rejected())
    }

    /// Tests behind [`Self::fair`]: each consecutive window (the first of which is the
    /// window itself), or the window alone.
    pub fn fairness_tests(&self) -> usize {
        self.worst_window.map_or(1, |_| self.obs.windows.len())
    }

    /// Tests behind [`Self::model_holds`] that tested something (a test left with no degree
    /// of freedom compared nothing). Each is counted at the test level, which over-counts
    /// exact comparisons (they cannot raise a false alarm); none where the prediction is the
    /// executor's wake order, which is not judged.
    pub fn model_tests(&self) -> usize {
        if !self.model_judged() {
            return 0;
        }
        [self.window_model, self.first_model]
            .iter()
            .flatten()
            .filter(|f| f.df > 0)
            .count()
    }

    /// Whether the model's prediction here is the crate's code and so is judged; where it
    /// is the executor's wake order, a match or a mismatch says nothing about the design.
    pub fn model_judged(&self) -> bool {
        !self.prediction.depends_on_wake_order
    }

    /// Whether this workload was compared with the model at all: by a test that had
    /// something to test, or item by item. Where the prediction is the executor's wake
    /// order rather than the crate's code, the design's pick was not what was compared.
    pub fn model_compared(&self) -> bool {
        self.model_judged() && (self.model_tests() > 0 || self.model_sequence.is_some())
    }

    /// Whether the model survives every test that applies to this workload.
    pub fn model_holds(&self) -> bool {
        let fits_ok = [self.window_model, self.first_model]
            .iter()
            .flatten()
            .all(|f| !f.rejected());
        let sequence_ok = self
            .model_sequence
            .as_ref()
            .is_none_or(|seq| self.obs.deterministic && self.obs.first_window == *seq);
        fits_ok && sequence_ok
    }
}

pub fn assess(
    design: &dyn ConcurrentDesign,
    workload: Workload,
    settings: &FairnessSettings,
    progress: &dyn Fn(),
) -> Result<Assessment, DrainFailure> {
    assess_against(design, workload, settings, design.declares().pick, progress)
}

/// [`assess`] against the model of `pick` rather than the design's declared one.
pub fn assess_against(
    design: &dyn ConcurrentDesign,
    workload: Workload,
    settings: &FairnessSettings,
    pick: Pick,
    progress: &dyn Fn(),
) -> Result<Assessment, DrainFailure> {
    let obs = observe(design, workload, settings.runs, settings.seed, progress)?;
    let ready = workload.window_ready();
    let prediction = predict(pick, workload);
    let window_model = Some(match &prediction.per_run {
        Some((favoured, dist)) => {
            let counts: Vec<usize> = obs
                .run_windows
                .iter()
                .map(|w| w.iter().filter(|&&s| s as usize == *favoured).count())
                .collect();
            let len = dist.len().max(counts.iter().max().map_or(0, |c| c + 1));
            let mut observed = vec![0; len];
            counts.iter().for_each(|&c| observed[c] += 1);
            // The prediction is itself a sample of the model's runs: compare the two samples,
            // so a count the model never happened to produce is not taken as impossible.
            let mut simulated = model_counts(dist);
            simulated.resize(len, 0);
            homogeneity(&observed, &simulated)
        }
        None => per_run::shares(&obs.run_counts(), &prediction.window),
    });
    let first_model = match workload {
        Workload::SameTicks { .. } => None,
        _ => prediction.first.as_ref().map(|p| match prediction.basis {
            Basis::Simulated => homogeneity(&obs.first, &model_counts(p)),
            Basis::Exact => chi_square(&obs.first, p),
        }),
    };
    let even = uniform_over(&ready);
    let runs = obs.run_counts();
    Ok(Assessment {
        workload,
        window_uniform: per_run::shares(&runs, &even),
        worst_window: obs
            .windows
            .iter()
            .map(|per_run| per_run::shares(per_run, &even))
            .min_by(|a, b| a.p.total_cmp(&b.p)),
        first_uniform: chi_square(&obs.first, &even),
        window_model,
        first_model,
        model_sequence: prediction.sequence.clone(),
        detectable_shift: per_run::detectable_shift(&runs, &even, POWER),
        prediction,
        obs,
    })
}

/// A simulated prediction's shares back as the counts of the [`SIM_RUNS`] model runs they
/// were computed from.
fn model_counts(shares: &[f64]) -> Vec<u64> {
    shares
        .iter()
        .map(|p| (p * f64::from(SIM_RUNS)).round() as u64)
        .collect()
}

/// The verdict a design declares through its pick: fair iff fair at every always-ready k.
pub fn expected(pick: Pick) -> Verdict {
    let fair = WORKLOADS.iter().all(|w| match w {
        Workload::AlwaysReady { k } => is_fair(pick, *k),
        _ => true,
    });
    if fair { Verdict::Pass } else { Verdict::Fail }
}

pub fn check(
    design: &dyn ConcurrentDesign,
    settings: &FairnessSettings,
    progress: &dyn Fn(),
) -> Finding {
    let info = design.info();
    let pick = design.declares().pick;
    let mut tally = verdict::Tally::default();
    let mut failure = None;
    for &w in WORKLOADS.iter().filter(|_| settings.runs > 0) {
        match assess(design, w, settings, progress) {
            Ok(a) => tally.add(&a),
            Err(e) => {
                failure = Some((w, e));
                break;
            }
        }
    }
    tally.alarm_figures();
    let contradicts = if tally.model_rejected.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "its declared pick ({pick:?}) is rejected on {}",
            tally.model_rejected.join(", ")
        )]
    };
    let mut not_measured = Vec::new();
    let (verdict, summary) = if settings.runs == 0 {
        (
            Verdict::NotRun,
            "not run: 0 runs per workload requested".to_string(),
        )
    } else if let Some((w, e)) = failure {
        // A design that deadlocks, panics or loses items while draining gets that verdict;
        // only a drain that could not be set up leaves the shares unmeasured.
        let verdict = e.verdict();
        if verdict == Verdict::NotMeasured {
            not_measured.push(NotMeasured::new(SHARE, e.to_string()).at(WORKLOAD, w.to_string()));
        }
        (verdict, format!("{verdict} while draining {w}: {e}"))
    } else {
        tally.verdict(pick, settings.runs)
    };
    // A design with no drain at some workload's arity declares nothing about its shares.
    let writable = WORKLOADS.iter().all(|w| design.arity().supports(w.k()));
    Finding {
        expected: writable.then(|| expected(pick)),
        // Runs of the workloads assessed to the end: a failed drain stops the rest.
        cases: Some(u64::from(settings.runs) * tally.completed as u64),
        not_measured,
        contradicts,
        ..Finding::new(
            CONCURRENT,
            CHECK,
            design_ref(&info),
            verdict,
            summary,
            tally.figures,
            Repro::Check {
                check: CHECK.into(),
                design: Some(info.id.into()),
                cases: None,
                runs: Some(u64::from(settings.runs)),
                seed: Some(settings.seed),
                quick: false,
                runtimes: Vec::new(),
            },
        )
    }
}

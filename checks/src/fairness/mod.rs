//! Fairness (seed 002): with several sources ready, does every source get an even share,
//! and does each design pick the way its crate's code says it does?
//!
//! Each design drains k ∈ {2, 3, 4, 8} always-ready sources, sources whose items become
//! ready at the same ticks (timers due together wake in a seeded random order), and sources
//! of which one runs out early, many times. The verdict tests always-ready shares against
//! uniform with Pearson's chi-square (cells expecting fewer than 5 pooled), each test failing
//! at p < 1e-6; a finding records how many tests its verdict combines (its false-alarm rate is
//! at most that many times 1e-6) and the smallest skew each workload detects 9 times in 10.
//! Every workload is also compared with the design's declared [`Pick`]: in closed form, item
//! by item for deterministic picks, or against seeded runs of the pick's model (`sim.rs`).

mod model;
mod observe;
mod sim;

use lab_designs::concurrent::{ConcurrentDesign, Pick};
use lab_findings::{Figure, Finding, Verdict};

pub use model::{
    Basis, Prediction, SIM_RUNS, SIM_SEED, always_ready_sequence, expected_fair, memoryless,
    next_source, predict,
};
pub use observe::{
    ITEMS, Observation, SHORT, TICKS, WINDOW_PER_SOURCE, Workload, longest_run, observe,
};
pub use sim::simulate;

use crate::stats::{ALPHA, Fit, chi_square, detectable_shift, homogeneity, uniform_over};
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

#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Independent runs per workload.
    pub runs: u32,
    /// Keys the timer order of every run (see [`observe`]).
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            runs: 2_000,
            seed: 0,
        }
    }
}

/// Everything measured and tested for one design on one workload.
#[derive(Clone, Debug)]
pub struct Assessment {
    pub workload: Workload,
    pub obs: Observation,
    /// Window shares against uniform: the fairness verdict.
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
    /// with probability [`POWER`]; `None` if none does.
    pub detectable_shift: Option<f64>,
}

impl Assessment {
    /// Even shares in the first window and in every consecutive window before any source can
    /// run out.
    pub fn fair(&self) -> bool {
        !self.window_uniform.rejected() && self.worst_window.is_none_or(|f| !f.rejected())
    }

    /// Chi-square tests behind [`Self::fair`]: the window and each consecutive window.
    pub fn fairness_tests(&self) -> usize {
        1 + self.worst_window.map_or(0, |_| self.obs.windows.len())
    }

    /// Chi-square tests behind [`Self::model_holds`] (exact comparisons have no false alarms).
    pub fn model_tests(&self) -> usize {
        [self.window_model, self.first_model]
            .iter()
            .flatten()
            .count()
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
    settings: &Settings,
    progress: &dyn Fn(),
) -> Result<Assessment, String> {
    assess_against(design, workload, settings, design.info().pick, progress)
}

/// [`assess`] against the model of `pick` rather than the design's declared one.
pub fn assess_against(
    design: &dyn ConcurrentDesign,
    workload: Workload,
    settings: &Settings,
    pick: Pick,
    progress: &dyn Fn(),
) -> Result<Assessment, String> {
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
        None => chi_square(&obs.window, &prediction.window),
    });
    let first_model = match workload {
        Workload::SameTicks { .. } => None,
        _ => prediction.first.as_ref().map(|p| match prediction.basis {
            Basis::Simulated => homogeneity(&obs.first, &model_counts(p)),
            Basis::Exact => chi_square(&obs.first, p),
        }),
    };
    let eligible = ready.iter().filter(|r| **r).count();
    Ok(Assessment {
        workload,
        window_uniform: chi_square(&obs.window, &uniform_over(&ready)),
        worst_window: obs
            .windows
            .iter()
            .map(|counts| chi_square(counts, &uniform_over(&ready)))
            .min_by(|a, b| a.p.total_cmp(&b.p)),
        first_uniform: chi_square(&obs.first, &uniform_over(&ready)),
        window_model,
        first_model,
        model_sequence: prediction.sequence.clone(),
        detectable_shift: detectable_shift(obs.window.iter().sum(), eligible, POWER),
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
        Workload::AlwaysReady { k } => pick.is_fair(*k),
        _ => true,
    });
    if fair { Verdict::Pass } else { Verdict::Fail }
}

pub fn check(design: &dyn ConcurrentDesign, settings: &Settings, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let mut figures = Vec::new();
    let mut unfair_at = Vec::new();
    let mut uneven_elsewhere = Vec::new();
    let mut model_compared = Vec::new();
    let mut model_rejected = Vec::new();
    let mut wake_order = Vec::new();
    let (mut verdict_tests, mut model_tests) = (0, 0);
    let mut underpowered = Vec::new();
    let mut failure = None;
    if settings.runs == 0 {
        failure = Some(String::new());
    }
    for &w in WORKLOADS.iter().filter(|_| settings.runs > 0) {
        match assess(design, w, settings, progress) {
            Ok(a) => {
                if let Workload::AlwaysReady { .. } = w
                    && a.detectable_shift.is_none_or(|d| d > MAX_UNDETECTED_SKEW)
                {
                    underpowered.push(w.to_string());
                }
                match w {
                    Workload::AlwaysReady { k } if !a.fair() => unfair_at.push(k.to_string()),
                    Workload::AlwaysReady { .. } => {}
                    _ if !a.fair() => uneven_elsewhere.push(format!(
                        "{w} ({}{}, p = {:.0e})",
                        match w {
                            Workload::SameTicks { .. } => "served first within a tick: ",
                            _ => "",
                        },
                        percentages(&a.obs.window),
                        a.window_uniform.p
                    )),
                    _ => {}
                }
                if let Workload::AlwaysReady { .. } = w {
                    verdict_tests += a.fairness_tests();
                }
                model_tests += a.model_tests();
                if a.model_tests() > 0 || a.model_sequence.is_some() {
                    model_compared.push(w);
                }
                if !a.model_holds() {
                    model_rejected.push(w.to_string());
                }
                if a.prediction.depends_on_wake_order {
                    wake_order.push(w.to_string());
                }
                figures.extend(figures_of(&a));
            }
            Err(e) => {
                failure = Some(format!("{w}: {e}"));
                break;
            }
        }
    }
    figures.push(Figure::new(
        "false-alarm rate of the verdict, at most",
        verdict_tests as f64 * ALPHA,
        format!("{verdict_tests} chi-square tests at p < {ALPHA:.0e} each (Bonferroni)"),
    ));
    figures.push(Figure::new(
        "false-alarm rate of the model claim, at most",
        model_tests as f64 * ALPHA,
        format!(
            "{model_tests} chi-square tests at p < {ALPHA:.0e} each (Bonferroni); exact sequence comparisons add none"
        ),
    ));
    let (verdict, summary) = match failure {
        Some(_) if settings.runs == 0 => (
            Verdict::NotRun,
            "not run: 0 runs per workload requested".to_string(),
        ),
        Some(e) => (
            Verdict::Panicked,
            format!("could not drain the workload: {e}"),
        ),
        None => {
            let not_compared: Vec<String> = WORKLOADS
                .iter()
                .filter(|w| !model_compared.contains(w))
                .map(ToString::to_string)
                .collect();
            let compared = if not_compared.is_empty() {
                format!("all {} workloads", WORKLOADS.len())
            } else {
                model_compared
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut model = if model_rejected.is_empty() {
                format!(
                    "picks as its model ({:?}) predicts on {compared}",
                    info.pick
                )
            } else {
                format!(
                    "REJECTS its model ({:?}) on {} (compared on {compared})",
                    info.pick,
                    model_rejected.join(", ")
                )
            };
            if !not_compared.is_empty() {
                model += &format!(
                    "; not compared with the model on {}",
                    not_compared.join(", ")
                );
            }
            if !wake_order.is_empty() {
                model += &format!(
                    "; on {} the source served first is the one woken first, so that part of the model is the executor's wake order (a seeded random permutation per tick), not the crate's code",
                    wake_order.join(", ")
                );
            }
            let elsewhere = if uneven_elsewhere.is_empty() {
                String::new()
            } else {
                format!("; uneven in {}", uneven_elsewhere.join(", "))
            };
            if unfair_at.is_empty() && !underpowered.is_empty() {
                (
                    Verdict::Inconclusive,
                    format!(
                        "no uneven shares found, but {} runs per workload cannot detect a source \
                         {:.0} percentage points above its even share {:.0}% of the time on {}; \
                         {model}",
                        settings.runs,
                        100.0 * MAX_UNDETECTED_SKEW,
                        100.0 * POWER,
                        underpowered.join(", ")
                    ),
                )
            } else if unfair_at.is_empty() {
                (
                    Verdict::Pass,
                    format!(
                        "even shares with {} always-ready sources{elsewhere}; {model}",
                        always_ready_ks()
                    ),
                )
            } else {
                // Shares at k = 4 where that is unfair (one line a reader can take in), else at
                // the largest unfair k, as the window's figures state them.
                let k: usize = unfair_at
                    .iter()
                    .find(|k| *k == "4")
                    .or(unfair_at.last())
                    .and_then(|k| k.parse().ok())
                    .unwrap_or(0);
                let w = Workload::AlwaysReady { k };
                let shares = (0..k)
                    .filter_map(|i| figure_value(&figures, &format!("{w}: share s{i}")))
                    .map(|v| format!("{:.0}%", 100.0 * v))
                    .collect::<Vec<_>>()
                    .join(" / ");
                (
                    Verdict::Fail,
                    format!(
                        "uneven shares with k = {} always-ready sources (k={k}: {shares} of {}){elsewhere}; {model}",
                        unfair_at.join(", "),
                        w.window_desc()
                    ),
                )
            }
        }
    };
    let repro = format!(
        "cargo run --release -p lab -- check --check {CHECK} --design {} --runs {} --seed {}",
        info.id, settings.runs, settings.seed
    );
    Finding {
        expected: Some(expected(info.pick)),
        cases: Some(u64::from(settings.runs) * WORKLOADS.len() as u64),
        ..Finding::new(
            CONCURRENT,
            CHECK,
            design_ref(&info),
            verdict,
            summary,
            figures,
            repro,
        )
    }
}

/// "2, 3, 4 and 8": the source counts of the always-ready workloads.
fn always_ready_ks() -> String {
    let ks: Vec<String> = WORKLOADS
        .iter()
        .filter_map(|w| match w {
            Workload::AlwaysReady { k } => Some(k.to_string()),
            _ => None,
        })
        .collect();
    match ks.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => ks.join(""),
    }
}

fn percentages(counts: &[u64]) -> String {
    let total: u64 = counts.iter().sum();
    counts
        .iter()
        .map(|&n| format!("{:.0}%", 100.0 * n as f64 / total.max(1) as f64))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn figure_value(figures: &[Figure], name: &str) -> Option<f64> {
    figures.iter().find(|f| f.name == name).map(|f| f.value)
}

/// What the window figures are called (per source, and for the p-values): on same-ticks the
/// window is the first item of each tick, so its figures say which source is served first
/// within a tick, not a share. The other names are the ones the report reads.
fn window_labels(w: Workload) -> (&'static str, &'static str) {
    match w {
        Workload::SameTicks { .. } => ("served first within a tick", "served first within a tick"),
        _ => ("share", "shares"),
    }
}

fn figures_of(a: &Assessment) -> Vec<Figure> {
    let w = a.workload;
    let (label, p_label) = window_labels(w);
    let total: u64 = a.obs.window.iter().sum();
    let mut figs: Vec<Figure> = a
        .obs
        .window
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            Figure::new(
                format!("{w}: {label} s{i}"),
                n as f64 / total.max(1) as f64,
                format!("of {}", w.window_desc()),
            )
        })
        .collect();
    if let Workload::AlwaysReady { .. } = w {
        let runs: u64 = a.obs.first.iter().sum();
        figs.extend(a.obs.first.iter().enumerate().map(|(i, &n)| {
            Figure::new(
                format!("{w}: first item s{i}"),
                n as f64 / runs.max(1) as f64,
                format!("of {runs} runs"),
            )
        }));
    }
    figs.extend(a.prediction.window.iter().enumerate().map(|(i, &p)| {
        Figure::new(
            format!("{w}: {label} s{i}, model"),
            p,
            match a.prediction.basis {
                Basis::Exact => "predicted exactly".to_string(),
                Basis::Simulated => {
                    format!("over {SIM_RUNS} runs of the pick's model (seed {SIM_SEED:#x})")
                }
            },
        )
    }));
    figs.push(Figure::new(
        format!("{w}: p {p_label} vs uniform"),
        a.window_uniform.p,
        "p",
    ));
    if let Some(f) = a.worst_window {
        figs.push(Figure::new(
            format!("{w}: p worst window vs uniform"),
            f.p,
            "p",
        ));
        figs.push(Figure::new(
            format!("{w}: windows tested"),
            a.obs.windows.len() as f64,
            format!(
                "of {} items, before any source can run out",
                a.obs.window.iter().sum::<u64>() / u64::from(a.obs.runs.max(1))
            ),
        ));
    }
    if let Some(shift) = a.detectable_shift {
        let eligible = w.window_ready().iter().filter(|r| **r).count();
        figs.push(Figure::new(
            format!("{w}: smallest skew detected"),
            100.0 * shift,
            format!(
                "percentage points: one source at 1/{eligible} + this (the others evenly less) is detected {:.0}% of the time at p < {ALPHA:.0e}, over {total} {}",
                100.0 * POWER,
                match w {
                    Workload::SameTicks { .. } => "ticks",
                    _ => "items",
                }
            ),
        ));
    }
    if !matches!(w, Workload::SameTicks { .. }) {
        figs.push(Figure::new(
            format!("{w}: p first item vs uniform"),
            a.first_uniform.p,
            "p",
        ));
    }
    if let Some(f) = a.window_model {
        let name = match &a.prediction.per_run {
            Some((s, _)) => format!("{w}: p items of s{s} per run vs model"),
            None => format!("{w}: p {p_label} vs model"),
        };
        figs.push(Figure::new(name, f.p, "p"));
    }
    if let Some(f) = a.first_model {
        figs.push(Figure::new(format!("{w}: p first item vs model"), f.p, "p"));
    }
    if a.model_sequence.is_some() {
        let matches = a.model_holds();
        figs.push(Figure::new(
            format!("{w}: exact sequence as modelled"),
            f64::from(u8::from(matches)),
            "1 = yes",
        ));
    }
    figs.push(Figure::new(
        format!("{w}: longest run while others had items"),
        a.obs.longest_run as f64,
        "items",
    ));
    figs.push(Figure::new(
        format!("{w}: same sequence in every run"),
        f64::from(u8::from(a.obs.deterministic)),
        "1 = yes",
    ));
    figs
}

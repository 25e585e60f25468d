//! Fairness (seed 002): with several sources ready, does every source get an even share,
//! and does each design pick the way its crate's code says it does?
//!
//! Each design drains three kinds of workload many times: k ∈ {2, 3, 4, 8} always-ready
//! sources, sources whose items become ready at the same ticks, and one source that runs
//! out early. Shares of a window of items — and, with always-ready sources, of every
//! consecutive window before any source can run out — are tested against uniform (the
//! verdict) and
//! against the distribution the design's declared [`Pick`] predicts (the model), with
//! Pearson's chi-square; a test fails at p < 1e-6. Deterministic picks are also compared
//! item by item with the sequence their model predicts. Several crates draw from RNGs the
//! lab cannot seed, so runs are independent draws and the false-alarm rate of each test is
//! the stated 1e-6, not zero.

mod model;
mod observe;

use lab_designs::concurrent::{ConcurrentDesign, Pick};
use lab_findings::{Figure, Finding, Verdict};

pub use model::{always_ready_sequence, expected_fair, memoryless, next_source};
pub use observe::{
    ITEMS, Observation, SHORT, TICKS, WINDOW_PER_SOURCE, Workload, longest_run, observe,
};

use crate::stats::{Fit, chi_square, uniform_over};
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

#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Independent runs per workload.
    pub runs: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self { runs: 2_000 }
    }
}

/// Everything measured and tested for one design on one workload.
#[derive(Clone, Debug)]
pub struct Assessment {
    pub workload: Workload,
    pub obs: Observation,
    /// Window shares against uniform: the fairness verdict.
    pub window_uniform: Fit,
    /// First item against uniform: who yields first.
    pub first_uniform: Fit,
    /// The consecutive window of the run that is furthest from uniform (always-ready only).
    pub worst_window: Option<Fit>,
    /// Window shares and first item against the design's model, where it predicts them.
    pub window_model: Option<Fit>,
    pub first_model: Option<Fit>,
    /// For deterministic picks on always-ready sources: the exact window the model predicts.
    pub model_sequence: Option<Vec<u16>>,
}

impl Assessment {
    /// Even shares in the first window and in every consecutive window before any source can
    /// run out. (With up to 1 + 8 tests, a fair design's false-alarm rate is at most 9e-6.)
    pub fn fair(&self) -> bool {
        !self.window_uniform.rejected() && self.worst_window.is_none_or(|f| !f.rejected())
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
    let pick = design.info().pick;
    let obs = observe(design, workload, settings.runs, progress)?;
    let ready = workload.window_ready();
    let all_ready = vec![true; workload.k()];
    // Which distributions the model can predict for this workload (see model.rs).
    let (window_probs, first_probs, model_sequence) = match workload {
        Workload::AlwaysReady { k } => {
            let n = obs.first_window.len();
            match always_ready_sequence(pick, k, n) {
                Some(seq) => {
                    let mut counts = vec![0.0; k];
                    seq.iter()
                        .for_each(|&s| counts[s as usize] += 1.0 / n as f64);
                    (Some(counts), Some(next_source(pick, &all_ready)), Some(seq))
                }
                None => {
                    let p = next_source(pick, &all_ready);
                    (Some(p.clone()), Some(p), None)
                }
            }
        }
        _ if memoryless(pick) => {
            let p = next_source(pick, &ready);
            (Some(p.clone()), Some(p), None)
        }
        _ => (None, None, None),
    };
    Ok(Assessment {
        workload,
        window_uniform: chi_square(&obs.window, &uniform_over(&ready)),
        worst_window: obs
            .windows
            .iter()
            .map(|counts| chi_square(counts, &uniform_over(&ready)))
            .min_by(|a, b| a.p.total_cmp(&b.p)),
        first_uniform: chi_square(&obs.first, &uniform_over(&ready)),
        window_model: window_probs.map(|p| chi_square(&obs.window, &p)),
        first_model: first_probs.map(|p| chi_square(&obs.first, &p)),
        model_sequence,
        obs,
    })
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
    let mut model_rejected = Vec::new();
    let mut failure = None;
    for &w in WORKLOADS {
        match assess(design, w, settings, progress) {
            Ok(a) => {
                match w {
                    Workload::AlwaysReady { k } if !a.fair() => unfair_at.push(k.to_string()),
                    Workload::AlwaysReady { .. } => {}
                    _ if !a.fair() => uneven_elsewhere.push(format!(
                        "{w} ({}, p = {:.0e})",
                        percentages(&a.obs.window),
                        a.window_uniform.p
                    )),
                    _ => {}
                }
                if !a.model_holds() {
                    model_rejected.push(w.to_string());
                }
                figures.extend(figures_of(&a));
            }
            Err(e) => {
                failure = Some(format!("{w}: {e}"));
                break;
            }
        }
    }
    let (verdict, summary) = match failure {
        Some(e) => (
            Verdict::Panicked,
            format!("could not drain the workload: {e}"),
        ),
        None => {
            let model = if model_rejected.is_empty() {
                format!("picks as its model ({:?}) predicts", info.pick)
            } else {
                format!(
                    "REJECTS its model ({:?}) on {}",
                    info.pick,
                    model_rejected.join(", ")
                )
            };
            let elsewhere = if uneven_elsewhere.is_empty() {
                String::new()
            } else {
                format!("; uneven in {}", uneven_elsewhere.join(", "))
            };
            if unfair_at.is_empty() {
                (
                    Verdict::Pass,
                    format!(
                        "even shares with 2, 3, 4 and 8 always-ready sources{elsewhere}; {model}"
                    ),
                )
            } else {
                let k4 = (0..4)
                    .filter_map(|i| figure_value(&figures, &format!("always-ready-k4: share s{i}")))
                    .map(|v| format!("{:.0}%", 100.0 * v))
                    .collect::<Vec<_>>()
                    .join(" / ");
                (
                    Verdict::Fail,
                    format!(
                        "uneven shares with k = {} always-ready sources (k=4: {k4} of the first 16 items){elsewhere}; {model}",
                        unfair_at.join(", ")
                    ),
                )
            }
        }
    };
    let repro = format!(
        "cargo run --release -p lab -- check --check {CHECK} --design {} --runs {}",
        info.id, settings.runs
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

fn figures_of(a: &Assessment) -> Vec<Figure> {
    let w = a.workload;
    let total: u64 = a.obs.window.iter().sum();
    let mut figs: Vec<Figure> = a
        .obs
        .window
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            Figure::new(
                format!("{w}: share s{i}"),
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
    figs.push(Figure::new(
        format!("{w}: p shares vs uniform"),
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
    figs.push(Figure::new(
        format!("{w}: p first item vs uniform"),
        a.first_uniform.p,
        "p",
    ));
    if let Some(f) = a.window_model {
        figs.push(Figure::new(format!("{w}: p shares vs model"), f.p, "p"));
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

//! The figures of one fairness workload, as typed records: per-source shares (or, on
//! same-ticks, which source is served first within a tick), the model's prediction, the
//! p-values of every test, and the power of the window test.

use lab_findings::Figure;

use super::{Assessment, Basis, POWER, SIM_RUNS, SIM_SEED, Workload};
use crate::stats::ALPHA;

/// Parameter keys of the fairness figures.
pub const WORKLOAD: &str = "workload";
pub const SOURCE: &str = "source";

/// What the window figures are called: shares, or (same-ticks, whose window is the first
/// item of each tick) which source is served first within a tick.
pub fn window_metric(w: Workload) -> &'static str {
    match w {
        Workload::SameTicks { .. } => SERVED_FIRST,
        _ => SHARE,
    }
}

pub const SHARE: &str = "share";
pub const SERVED_FIRST: &str = "served first within a tick";

/// The p-value metric of the window test against `against` ("uniform", "model").
pub fn window_p(w: Workload, against: &str) -> String {
    let what = match w {
        Workload::SameTicks { .. } => SERVED_FIRST,
        _ => "shares",
    };
    format!("p {what} vs {against}")
}

pub const WORST_WINDOW: &str = "p worst window vs uniform";
pub const PER_RUN_MODEL: &str = "p favoured source's items per run vs model";
pub const EXACT: &str = "exact sequence as modelled";
pub const LONGEST_RUN: &str = "longest run while others had items";
/// Present (1) where the model's prediction is the executor's wake order, not the crate's
/// code: a match there credits the design with nothing.
pub const WAKE_ORDER: &str = "prediction is the executor's wake order";
pub const SKEW: &str = "smallest skew detected";
pub const VERDICT_ALARM: &str = "false-alarm rate of the verdict";
pub const MODEL_ALARM: &str = "false-alarm rate of the model claim";

pub fn figures_of(a: &Assessment) -> Vec<Figure> {
    let w = a.workload;
    let at = |f: Figure| f.at(WORKLOAD, w.to_string());
    let metric = window_metric(w);
    let total: u64 = a.obs.window.iter().sum();
    let mut figs: Vec<Figure> = a
        .obs
        .window
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let share = n as f64 / total.max(1) as f64;
            at(Figure::new(metric, share, format!("of {}", w.window_desc())).at(SOURCE, i))
        })
        .collect();
    if let Workload::AlwaysReady { .. } = w {
        let runs: u64 = a.obs.first.iter().sum();
        figs.extend(a.obs.first.iter().enumerate().map(|(i, &n)| {
            let share = n as f64 / runs.max(1) as f64;
            at(Figure::new("first item", share, "share of runs").at(SOURCE, i)).at("runs", runs)
        }));
    }
    let basis = match a.prediction.basis {
        Basis::Exact => "predicted exactly".to_string(),
        Basis::Simulated => {
            format!("over {SIM_RUNS} runs of the pick's model (seed {SIM_SEED:#x})")
        }
    };
    figs.extend(a.prediction.window.iter().enumerate().map(|(i, &p)| {
        at(Figure::new(format!("{metric}, model"), p, basis.clone()).at(SOURCE, i))
    }));
    let per_run = format!(
        "p, per run over {} runs (Student's t, Bonferroni over sources)",
        a.obs.runs
    );
    figs.push(at(Figure::new(
        window_p(w, "uniform"),
        a.window_uniform.p,
        per_run.clone(),
    )));
    if let Some(f) = a.worst_window {
        figs.push(at(Figure::new(WORST_WINDOW, f.p, per_run)));
        let per_run = a.obs.window.iter().sum::<u64>() / u64::from(a.obs.runs.max(1));
        figs.push(at(Figure::new(
            "windows tested",
            a.obs.windows.len() as f64,
            format!("of {per_run} items, before any source can run out"),
        )));
    }
    figs.extend(
        a.detectable_shift
            .map(|shift| at(skew_figure(w, shift, total))),
    );
    if !matches!(w, Workload::SameTicks { .. }) {
        figs.push(at(Figure::new(
            "p first item vs uniform",
            a.first_uniform.p,
            "p",
        )));
    }
    figs.extend(model_figures(a).into_iter().map(at));
    figs.push(at(Figure::new(
        LONGEST_RUN,
        a.obs.longest_run as f64,
        "items",
    )));
    figs.push(at(Figure::new(
        "same sequence in every run",
        f64::from(u8::from(a.obs.deterministic)),
        "1 = yes",
    )));
    figs
}

fn skew_figure(w: Workload, shift: f64, total: u64) -> Figure {
    let eligible = w.window_ready().iter().filter(|r| **r).count();
    Figure::new(
        SKEW,
        100.0 * shift,
        format!(
            "percentage points: a mean share of 1/{eligible} + this for one source is detected \
             {:.0}% of the time at p < {ALPHA:.0e}, given the spread between runs measured \
             here ({total} {} in all)",
            100.0 * POWER,
            match w {
                Workload::SameTicks { .. } => "ticks",
                _ => "items",
            }
        ),
    )
}

/// The comparisons with the design's pick model that apply to this workload.
fn model_figures(a: &Assessment) -> Vec<Figure> {
    let mut figs = Vec::new();
    if let Some(f) = a.window_model {
        figs.push(match &a.prediction.per_run {
            Some((s, _)) => Figure::new(PER_RUN_MODEL, f.p, "p").at(SOURCE, *s),
            None => Figure::new(window_p(a.workload, "model"), f.p, "p, per run"),
        });
    }
    if let Some(f) = a.first_model {
        figs.push(Figure::new("p first item vs model", f.p, "p"));
    }
    if a.prediction.depends_on_wake_order {
        figs.push(Figure::new(WAKE_ORDER, 1.0, "1 = yes"));
    }
    if a.model_sequence.is_some() {
        figs.push(Figure::new(
            EXACT,
            f64::from(u8::from(a.model_holds())),
            "1 = yes",
        ));
    }
    figs
}

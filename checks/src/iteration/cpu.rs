//! CPU-bound bodies (seed 000's throughput column and its spawn-overhead argument):
//! criterion's estimates for `benches/benches/iteration.rs`, each strategy's loop run as a
//! task on a tokio multi-thread runtime. Coarse bodies show which strategies use more than
//! one worker thread; fine-grained bodies show what each strategy costs per item. Both as
//! ratios to the sequential loop in the same run, with criterion's interval.

use lab_designs::iteration;
use lab_findings::{Figure, Finding, Repro, format};
pub use lab_workloads::bench::{COARSE_ITEMS, CPU_WORKERS, FINE_ITEMS};
use lab_workloads::bench::{
    COARSE_ROUNDS, CPU_COARSE_GROUP, CPU_FINE_GROUP, EMPTY_RUN, FINE_ROUNDS,
};

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::matrix::{self, MatrixColumn};
use crate::measure::{Timing, Timings, ci_high, ci_low};
use crate::rank::Noise;
use crate::section::{self, Chart, Facts, RATIO, Table};
use crate::{ITERATION, design_ref};

pub const CHECK: &str = "cpu-work";
pub const NS: &str = "ns/item";
/// A run over no items, per item of its group: the fixed cost inside every timed run.
pub const FIXED: &str = "fixed cost per run, per item";
/// The parameter that tells the two groups apart: items per run.
pub use super::backpressure::ITEMS;
/// The strategy every ratio is to.
pub const BASELINE: &str = "sequential";

pub struct CpuWork;

impl Check for CpuWork {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATION,
            kind: Kind::Criterion,
            about: "time per CPU-bound item on tokio's multi-thread runtime, coarse and fine-grained, against the sequential loop",
            title: "CPU-bound bodies on a multi-thread runtime: throughput and per-item overhead",
        }
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("coarse items", f64::from(COARSE_ITEMS)),
            ("coarse rounds", f64::from(COARSE_ROUNDS)),
            ("fine items", f64::from(FINE_ITEMS)),
            ("fine rounds", f64::from(FINE_ROUNDS)),
            ("workers", CPU_WORKERS as f64),
        ]
    }

    fn designs(&self) -> Vec<String> {
        cpu_ids()
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        match input {
            Input::Timings(t) => Ok(import(t)),
            _ => Err(wrong_input(self)),
        }
    }

    fn intro(&self, f: &Facts) -> String {
        let fixed = |n: u32| {
            let seq = f.findings.iter().find(|x| x.design.id == BASELINE);
            let at = [(ITEMS, n.into())];
            match (
                seq.and_then(|x| x.value(FIXED, &at)),
                seq.and_then(|x| x.value(NS, &at)),
            ) {
                (Some(e), Some(s)) => format!(
                    "{} µs per run, {:.1}% of the sequential loop's run",
                    format::value(e * f64::from(n) / 1000.0),
                    100.0 * e / s
                ),
                _ => "not measured".into(),
            }
        };
        format!(
            "Each strategy's loop runs as a task on a tokio multi-thread runtime with {} \
             worker threads, over a source that always has the next item ready; each body \
             is real work with no await inside, its result passed to black_box: {} rounds \
             of xorshift for the {} coarse items, {} rounds for the {} fine-grained ones. \
             The tokio JoinSet strategies spawn each body as a task, which the runtime may \
             run on another worker; every other strategy polls its bodies inside the \
             loop's own task, so on one thread. Ratios are to the sequential loop in the \
             same run (time per item; above 1 is slower); a difference counts only where \
             criterion's intervals do not overlap. A spawning strategy's ratio is its \
             spawn cost net of whatever the other worker gains it. Every timed run also \
             spawns the loop's task and blocks on it, and every time and ratio includes \
             that: the sequential loop over no items takes {} (coarse group) and {} (fine \
             group). The two strategies built on the lab executor's spawn are not run here.",
            f.s("workers"),
            f.s("coarse rounds"),
            f.s("coarse items"),
            f.s("fine rounds"),
            f.s("fine items"),
            fixed(COARSE_ITEMS),
            fixed(FINE_ITEMS),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let groups = [("coarse", COARSE_ITEMS), ("fine", FINE_ITEMS)];
        let mut columns = Vec::new();
        for (name, _) in groups {
            columns.push(format!("{name}: ns/item"));
            columns.push(format!("{name}: × {BASELINE}"));
        }
        Some(section::rows(findings, columns, |f| {
            groups
                .iter()
                .flat_map(|&(_, n)| {
                    let at = [(ITEMS, n.into())];
                    [
                        f.value(NS, &at).map_or("—".into(), |v| format!("{v:.1}")),
                        f.value(RATIO, &at).map_or("—".into(), format::value),
                    ]
                })
                .collect()
        }))
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        [("Coarse", COARSE_ITEMS), ("Fine-grained", FINE_ITEMS)]
            .into_iter()
            .map(|(what, n)| {
                section::bars(
                    findings,
                    format!("{what} CPU bodies: time per item relative to the sequential loop"),
                    "× sequential (lower is faster)",
                    RATIO,
                    &[(ITEMS, n.into())],
                )
            })
            .collect()
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        matrix::ranked(
            "cpu ns/item fine",
            findings,
            NS,
            &[(ITEMS, FINE_ITEMS.into())],
            Noise::Interval,
        )
    }
}

/// The strategies that have a CPU form, in report order.
pub fn cpu_ids() -> Vec<String> {
    iteration::all()
        .iter()
        .filter(|d| d.run_cpu(1, |_| 0).is_some())
        .map(|d| d.info().id.to_string())
        .collect()
}

/// Whether `design`'s time per item at `items` lies wholly above `other`'s, by criterion's
/// intervals; `None` where either lacks an interval (a quick run).
pub fn slower_beyond_noise(design: &Finding, other: &Finding, items: u32) -> Option<bool> {
    let at = [(ITEMS, items.into())];
    Some(design.value(&ci_low(NS), &at)? > other.value(&ci_high(NS), &at)?)
}

/// One finding per strategy with a CPU form; missing estimates are returned as problems.
pub fn import(timings: &dyn Timings) -> Produced {
    let mut problems = Vec::new();
    let groups = [
        (CPU_COARSE_GROUP, COARSE_ITEMS),
        (CPU_FINE_GROUP, FINE_ITEMS),
    ];
    let mut timed =
        |group: &str, id: &str| timings.timing(group, id).map_err(|e| problems.push(e)).ok();
    let baseline: Vec<Option<Timing>> = groups.iter().map(|(g, _)| timed(g, BASELINE)).collect();
    let empty: Vec<Option<Timing>> = groups.iter().map(|(g, _)| timed(g, EMPTY_RUN)).collect();
    let mut findings = Vec::new();
    for id in cpu_ids() {
        let info = iteration::by_id(&id).expect("listed").info();
        let mut figures = Vec::new();
        let mut parts = Vec::new();
        for ((&(group, n), base), empty) in groups.iter().zip(&baseline).zip(&empty) {
            let Some(t) = timed(group, &id) else { continue };
            let at = |f: Figure| f.at(ITEMS, n);
            if let (BASELINE, Some(e)) = (id.as_str(), empty) {
                figures.push(at(Figure::new(FIXED, e.mean, "ns")));
            }
            figures.push(at(Figure::new(NS, t.mean, "ns")));
            figures.extend(t.interval_figures(NS).into_iter().map(at));
            let what = if n == COARSE_ITEMS { "coarse" } else { "fine" };
            match base {
                Some(b) => {
                    let ratio = t.mean / b.mean;
                    figures.push(at(Figure::new(RATIO, ratio, "×")));
                    parts.push(format!(
                        "{what}: {:.1} ns/item, {ratio:.2}× {BASELINE}",
                        t.mean
                    ));
                }
                None => parts.push(format!("{what}: {:.1} ns/item", t.mean)),
            }
        }
        if figures.is_empty() {
            continue;
        }
        // The sequential finding carries the empty run's figure too.
        let functions = if id == BASELINE {
            format!("({id}|{EMPTY_RUN})")
        } else {
            id.clone()
        };
        let repro = Repro::Criterion {
            bench: Some("iteration".into()),
            filter: format!("iteration-cpu-[a-z]+/{functions}$"),
        };
        findings.push(Finding::measured(
            ITERATION,
            CHECK,
            design_ref(&info),
            parts.join("; "),
            figures,
            repro,
        ));
    }
    Produced { findings, problems }
}

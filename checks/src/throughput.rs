//! Throughput: criterion's estimates for the drain benchmark (`benches/`), one finding per
//! design: ns per item at each source count and the ratio to the synchronous floor measured
//! in the same run.

use lab_designs::concurrent;
use lab_findings::{DesignRef, Figure, Finding, Repro, format};
use lab_workloads::bench::{DRAIN_ITEMS, FLOOR, SOURCES, drain_group};

use crate::baselines::drain_floor;
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::matrix::{self, MatrixColumn};
use crate::measure::{Timing, Timings};
use crate::rank::{self, Noise};
use crate::section::{self, Chart, Facts, RATIO, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "throughput";
pub const NS: &str = "ns/item";
pub use crate::section::N;
/// The source count the verdict matrix and the ranking show (the largest measured if absent).
pub const HEADLINE_N: i64 = 8;

pub struct Throughput;

impl Check for Throughput {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::Criterion,
            about: "time to drain N always-ready sources, as a ratio to a synchronous round-robin",
            title: "Throughput: draining N always-ready sources",
        }
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![("items", f64::from(DRAIN_ITEMS))]
    }

    fn designs(&self) -> Vec<String> {
        crate::drainable_ids()
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        match input {
            Input::Timings(t) => Ok(import(t)),
            _ => Err(wrong_input(self)),
        }
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design drains N sources of {} always-ready items (N = {}); the floor is a \
             synchronous Iterator doing a round-robin over the same items. Ratios are to the \
             floor measured in the same run on this machine: compare ratios, not absolute \
             times.",
            f.s("items"),
            format::list(&f.ints(N)),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let n = matrix::headline_param(findings, NS, N, HEADLINE_N);
        Some(rank::table(
            findings,
            NS,
            " ns",
            Some((N, n)),
            Noise::Interval,
        ))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        let n = matrix::headline_param(findings, NS, N, HEADLINE_N);
        matrix::ranked(
            &format!("ns/item n={n}"),
            findings,
            NS,
            &[(N, n.into())],
            Noise::Interval,
        )
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        ratio_charts(findings, NS, "Time")
    }
}

/// One chart per source count: each design's `metric` as a ratio to the floor.
pub fn ratio_charts(findings: &[&Finding], metric: &str, what: &str) -> Vec<Chart> {
    section::param_ints(findings, Some(metric), N)
        .into_iter()
        .map(|n| {
            section::bars(
                findings,
                format!("{what} per item relative to the synchronous floor, n={n}"),
                "× floor (lower is cheaper)",
                RATIO,
                &[(N, n.into())],
            )
        })
        .collect()
}

/// One finding per design (and one for the floor). Missing estimates are returned as
/// problems rather than failing the import.
pub fn import(timings: &dyn Timings) -> Produced {
    let mut problems = Vec::new();
    let mut ns = |n: usize, function: &str| {
        timings
            .timing(&drain_group(n), function)
            .map_err(|e| problems.push(e))
            .ok()
    };
    let floors: Vec<Option<Timing>> = SOURCES.iter().map(|&n| ns(n, FLOOR)).collect();
    let mut findings = Vec::new();
    let floor_figures: Vec<Figure> = SOURCES
        .iter()
        .zip(&floors)
        .filter_map(|(&n, f)| f.map(|t| Figure::new(NS, t.mean, "ns").at(N, n)))
        .collect();
    if !floor_figures.is_empty() {
        findings.push(measured(drain_floor(), floor_figures, "the floor".into()));
    }
    for design in concurrent::all() {
        let info = design.info();
        let mut figures = Vec::new();
        let mut parts = Vec::new();
        for (&n, floor) in SOURCES.iter().zip(&floors) {
            if !design.arity().supports(n) {
                parts.push(format!("n={n}: not expressible"));
                continue;
            }
            let Some(t) = ns(n, info.id) else { continue };
            figures.push(Figure::new(NS, t.mean, "ns").at(N, n));
            figures.extend(t.interval_figures(NS).into_iter().map(|f| f.at(N, n)));
            if let Some(floor) = floor {
                let ratio = t.mean / floor.mean;
                figures.push(Figure::new(RATIO, ratio, "×").at(N, n));
                parts.push(format!("n={n}: {ratio:.1}× the floor"));
            }
        }
        if !figures.is_empty() {
            findings.push(measured(design_ref(&info), figures, parts.join(", ")));
        }
    }
    Produced { findings, problems }
}

fn measured(design: DesignRef, figures: Vec<Figure>, summary: String) -> Finding {
    let filter = format!("drain-n[0-9]+/{}$", design.id);
    let repro = Repro::Criterion {
        bench: None,
        filter,
    };
    Finding::measured(CONCURRENT, CHECK, design, summary, figures, repro)
}

//! Throughput: reads criterion's estimates for the drain benchmark (`benches/`) and turns
//! them into one finding per design: ns per item at each source count and the ratio to the
//! synchronous floor measured in the same run.

use std::fs;
use std::path::{Path, PathBuf};

use lab_designs::concurrent;
use lab_findings::{DesignRef, Figure, Finding, Verdict};
use serde::Deserialize;

use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "throughput";

pub use lab_workloads::bench::{FLOOR, ITEMS, SOURCES, sync_floor};

pub fn group(n: usize) -> String {
    format!("drain-n{n}")
}

#[derive(Deserialize)]
struct Benchmark {
    throughput: Option<ThroughputSpec>,
}

#[derive(Deserialize)]
enum ThroughputSpec {
    Elements(u64),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Estimates {
    mean: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Interval {
    confidence_level: f64,
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Deserialize)]
struct Sample {
    iters: Vec<f64>,
}

/// Fewer samples than this and criterion's bootstrap interval means little (`--quick`
/// takes two): the interval figures are left out and nothing is decided from them.
pub const MIN_SAMPLES: usize = 10;

/// Criterion's estimate of the mean time per element, with its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
    /// The interval's confidence level (criterion's default is 0.95).
    pub level: f64,
    /// Samples criterion took; the interval is a bootstrap over these alone, so it says
    /// nothing about drift between two benchmarks run one after the other.
    pub samples: usize,
}

impl Timing {
    /// The interval as figures named `{prefix}ns/item, CI low` and `.., CI high`; none when
    /// criterion took fewer than [`MIN_SAMPLES`] samples.
    pub fn interval_figures(&self, prefix: &str, per: &str) -> Vec<Figure> {
        if self.samples < MIN_SAMPLES {
            return Vec::new();
        }
        let unit = format!(
            "ns, {:.0}% bootstrap interval of the mean over {} samples",
            100.0 * self.level,
            self.samples
        );
        vec![
            Figure::new(
                format!("{prefix}ns/{per}, CI low"),
                self.lower,
                unit.clone(),
            ),
            Figure::new(format!("{prefix}ns/{per}, CI high"), self.upper, unit),
        ]
    }
}

/// Mean ns per element of one benchmark, or why it is not available.
pub fn ns_per_item(criterion_dir: &Path, group: &str, function: &str) -> Result<f64, String> {
    timing(criterion_dir, group, function).map(|t| t.mean)
}

/// Time per element of one benchmark with criterion's confidence interval, or why it is not
/// available.
pub fn timing(criterion_dir: &Path, group: &str, function: &str) -> Result<Timing, String> {
    let dir = criterion_dir.join(group).join(function).join("new");
    let read = |name: &str| -> Result<String, String> {
        let path: PathBuf = dir.join(name);
        fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let bench: Benchmark = serde_json::from_str(&read("benchmark.json")?)
        .map_err(|e| format!("{}/benchmark.json: {e}", dir.display()))?;
    let estimates: Estimates = serde_json::from_str(&read("estimates.json")?)
        .map_err(|e| format!("{}/estimates.json: {e}", dir.display()))?;
    let sample: Sample = serde_json::from_str(&read("sample.json")?)
        .map_err(|e| format!("{}/sample.json: {e}", dir.display()))?;
    match bench.throughput {
        Some(ThroughputSpec::Elements(n)) if n > 0 => {
            let (m, n) = (&estimates.mean, n as f64);
            Ok(Timing {
                mean: m.point_estimate / n,
                lower: m.confidence_interval.lower_bound / n,
                upper: m.confidence_interval.upper_bound / n,
                level: m.confidence_interval.confidence_level,
                samples: sample.iters.len(),
            })
        }
        _ => Err(format!("{group}/{function} has no Throughput::Elements")),
    }
}

const REPRO: &str = "cargo bench -p lab-benches -- 'drain-n[0-9]+/{id}$' && cargo run --release -p lab -- import-bench";

/// One finding per design (and one for the floor). Missing measurements are listed in the
/// returned problems rather than failing the import.
pub fn import(criterion_dir: &Path) -> (Vec<Finding>, Vec<String>) {
    let mut problems = Vec::new();
    let floors: Vec<Option<f64>> = SOURCES
        .iter()
        .map(|&n| {
            ns_per_item(criterion_dir, &group(n), FLOOR)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    let floor_ref = DesignRef {
        id: FLOOR.into(),
        krate: "std".into(),
        version: "-".into(),
        construct: "Iterator (round-robin)".into(),
        summary: "synchronous round-robin over N iterators: the floor every design is compared to"
            .into(),
    };
    let mut findings = Vec::new();
    let floor_figures = SOURCES
        .iter()
        .zip(&floors)
        .filter_map(|(n, f)| f.map(|v| Figure::new(format!("ns/item n={n}"), v, "ns")))
        .collect::<Vec<_>>();
    if !floor_figures.is_empty() {
        findings.push(measured(floor_ref, floor_figures, "the floor".into()));
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
            match ns_per_item(criterion_dir, &group(n), info.id) {
                Ok(ns) => {
                    figures.push(Figure::new(format!("ns/item n={n}"), ns, "ns"));
                    if let Some(floor) = floor {
                        let ratio = ns / floor;
                        figures.push(Figure::new(format!("ratio to floor n={n}"), ratio, "×"));
                        parts.push(format!("n={n}: {ratio:.1}× the floor"));
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        if !figures.is_empty() {
            findings.push(measured(design_ref(&info), figures, parts.join(", ")));
        }
    }
    (findings, problems)
}

fn measured(design: DesignRef, figures: Vec<Figure>, summary: String) -> Finding {
    let repro = REPRO.replace("{id}", &design.id);
    Finding::new(
        CONCURRENT,
        CHECK,
        design,
        Verdict::Measured,
        summary,
        figures,
        repro,
    )
}

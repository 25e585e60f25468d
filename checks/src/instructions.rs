//! Instruction counts (callgrind) of the drain workload: the repeatable counterpart of the
//! throughput benchmark. The counted process links only the designs and workloads — not the
//! counting allocator `lab` carries for the allocation check — so allocations cost what the
//! system allocator charges. Designs that pick with an RNG the lab cannot seed can vary
//! between runs.

use lab_designs::concurrent;
use lab_findings::{DesignRef, Figure, Finding, Repro, format};
use lab_workloads::bench::{DRAIN_ITEMS, FLOOR, SOURCES};

use crate::baselines::drain_floor;
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::counting::{per_unit, strings};
use crate::matrix::{self, MatrixColumn};
use crate::measure::Counter;
use crate::rank::{self, Noise};
use crate::section::{Chart, Facts, RATIO, Table};
use crate::throughput::HEADLINE_N;
use crate::throughput::{N, ratio_charts};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "instructions";
pub const PER_ITEM: &str = "instructions/item";

pub struct Instructions;

impl Check for Instructions {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::Callgrind,
            about: "instructions per item of the drain under callgrind, against the floor",
            title: "Instructions per item (callgrind)",
        }
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![("items", f64::from(DRAIN_ITEMS))]
    }

    fn designs(&self) -> Vec<String> {
        crate::drainable_ids()
    }

    fn run(&self, input: Input<'_>, options: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Counter(counter) = input else {
            return Err(wrong_input(self));
        };
        let sources: Vec<usize> = if options.quick {
            vec![8]
        } else {
            SOURCES.to_vec()
        };
        Ok(measure(counter, &sources))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "The same drain as the throughput benchmark ({} items per source, N = {}), run \
             once per design in a fresh process under valgrind's callgrind, minus the same \
             process with no items: instructions per item, and the ratio to the floor. The \
             counted binary (lab-icount-target) links the designs with the system \
             allocator only, so a design that allocates per item is charged what malloc \
             costs, not the lab's allocation counter. Compare these across commits on one \
             machine: they depend on the C library and the CPU-specific routines it picks. \
             Each workload is counted once in this run; the designs that pick with an RNG \
             the lab cannot seed ({}) can count differently from run to run, by an amount \
             this run does not measure, so the ranking leaves them out.",
            f.s("items"),
            format::list(&f.ints(N)),
            random_designs().join(", "),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let n = matrix::headline_param(findings, PER_ITEM, N, HEADLINE_N);
        Some(rank::table(
            findings,
            PER_ITEM,
            "",
            Some((N, n)),
            Noise::Once {
                varies: picks_at_random,
            },
        ))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        let n = matrix::headline_param(findings, PER_ITEM, N, HEADLINE_N);
        vec![matrix::figures(
            &format!("instr/item n={n}"),
            "instructions per item of the drain under callgrind",
            findings,
            PER_ITEM,
            &[(N, n.into())],
            "",
        )]
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        ratio_charts(findings, PER_ITEM, "Instructions")
    }
}

/// Instructions per item of one concurrent design (or the floor) at `n` sources.
fn drain_per_item(counter: &dyn Counter, design: &str, n: usize) -> Result<f64, String> {
    let per_source = |items: u64| {
        strings(&[
            "drain",
            "--design",
            design,
            "--n",
            &n.to_string(),
            "--items",
            &(items / n as u64).to_string(),
        ])
    };
    per_unit(counter, per_source, n as u64 * u64::from(DRAIN_ITEMS))
}

/// One finding per design (and the floor) at each of `sources`; what could not be counted
/// is returned as problems.
pub fn measure(counter: &dyn Counter, sources: &[usize]) -> Produced {
    let mut problems = Vec::new();
    let floor: Vec<Option<f64>> = sources
        .iter()
        .map(|&n| {
            drain_per_item(counter, FLOOR, n)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    let mut findings = Vec::new();
    let floor_figures: Vec<Figure> = sources
        .iter()
        .zip(&floor)
        .filter_map(|(&n, v)| v.map(|v| Figure::new(PER_ITEM, v, "instructions").at(N, n)))
        .collect();
    if !floor_figures.is_empty() {
        findings.push(measured(drain_floor(), "the floor".into(), floor_figures));
    }
    for d in concurrent::all() {
        let info = d.info();
        let mut figures = Vec::new();
        let mut parts = Vec::new();
        for (&n, floor) in sources.iter().zip(&floor) {
            if !d.arity().supports(n) {
                continue;
            }
            match drain_per_item(counter, info.id, n) {
                Ok(v) => {
                    figures.push(Figure::new(PER_ITEM, v, "instructions").at(N, n));
                    if let Some(f) = floor.filter(|f| *f > 0.0) {
                        figures.push(Figure::new(RATIO, v / f, "×").at(N, n));
                        parts.push(format!(
                            "n={n}: {v:.0} instructions/item ({:.1}× the floor)",
                            v / f
                        ));
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        if !figures.is_empty() {
            findings.push(measured(design_ref(&info), parts.join(", "), figures));
        }
    }
    Produced { findings, problems }
}

fn measured(design: DesignRef, summary: String, figures: Vec<Figure>) -> Finding {
    Finding::measured(
        CONCURRENT,
        CHECK,
        design,
        summary,
        figures,
        Repro::Callgrind,
    )
}

/// Whether a concurrent design picks with an RNG, so its count varies between runs.
pub fn picks_at_random(id: &str) -> bool {
    concurrent::by_id(id).is_ok_and(|d| d.declares().pick.is_random())
}

fn random_designs() -> Vec<&'static str> {
    concurrent::all()
        .iter()
        .map(|d| d.info().id)
        .filter(|id| picks_at_random(id))
        .collect()
}

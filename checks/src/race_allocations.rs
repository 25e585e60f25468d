//! Allocations per item of the `read_send` race (issue 13's remedies beside the merges):
//! each design races a fixed script on the lab executor, once to warm up, then at two
//! sizes; the difference between the two counts over the difference in scripted items is
//! the cost per item, so the executor's and the workload's fixed costs cancel. Lossy
//! designs are charged per scripted item, delivered or not.

use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_executor::Outcome;
use lab_findings::{Figure, Finding, Verdict, format};
use lab_workloads::ReadSendScript;

use crate::allocations::{count, per_unit, per_unit_finding};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::data_loss::{script, trial};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Column, Facts, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "race-allocations";
pub const PER_ITEM: &str = "allocations per scripted item";
pub const BYTES: &str = "bytes allocated per scripted item";
/// Batches in the two scripts; each batch is four items, with two packets per batch.
pub const SIZES: [u32; 2] = [8, 24];
pub const BATCH: u32 = 4;
const MAX_POLLS: u64 = 1_000_000;
/// Measurements averaged for a design whose pick draws from an RNG the lab cannot seed.
pub const RANDOM_REPEATS: u32 = 5;
pub const RUNS: &str = "measurements averaged (random pick)";
pub const LOWEST: &str = "lowest allocations per scripted item";
pub const HIGHEST: &str = "highest allocations per scripted item";

/// `batches` batches of [`BATCH`] items a tick apart, two packets per batch a tick apart,
/// each send taking a tick.
pub fn race_script(batches: u32) -> ReadSendScript {
    script(
        vec![(1, BATCH); batches as usize],
        vec![1; 2 * batches as usize],
        1,
    )
}

pub struct RaceAllocations;

impl Check for RaceAllocations {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "allocations per scripted item while the design races read_send against the packets",
            title: "Allocations per item in the read_send race",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(CONCURRENT)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        // Three counts per measurement; a random-pick design repeats it (more runs).
        3
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("fewer batches", f64::from(SIZES[0])),
            ("more batches", f64::from(SIZES[1])),
            ("items per batch", f64::from(BATCH)),
            ("random-pick measurements", f64::from(RANDOM_REPEATS)),
        ]
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = concurrent::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design races read_send over a fixed script, batches of {} items a tick \
             apart with two packets per batch, on the lab executor: once to warm up, then \
             with {} and {} batches. The difference between the two runs' allocation counts \
             over the difference in scripted items is the cost per item, so fixed costs \
             cancel; a design that loses items is still charged per scripted item. Counted \
             with allocation-counter on the thread that runs the executor (the workload's own \
             allocations are in every design's figure alike): {} allocations per item were \
             seen. A design whose pick draws from its crate's RNG can lose a different number \
             of turns from run to run, each recreating read_send, so its figure is the mean \
             of {} measurements, with their lowest and highest.",
            f.s("items per batch"),
            f.s("fewer batches"),
            f.s("more batches"),
            f.range(PER_ITEM, |_| true),
            f.s("random-pick measurements"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("allocations per item", PER_ITEM),
                Column::new("bytes per item", BYTES),
            ],
        ))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::figures(
            "race allocs / item",
            self.about(),
            findings,
            PER_ITEM,
            &[],
            "",
        )]
    }
}

fn counted(design: &dyn ConcurrentDesign, batches: u32) -> Result<(u64, u64, u64), String> {
    let s = race_script(batches);
    let items = s.expected().len() as u64;
    let (allocs, bytes, run) = count(|| trial(design, &s, MAX_POLLS))?;
    match run.outcome {
        Outcome::Completed(()) => Ok((allocs, bytes, items)),
        other => Err(format!("the race over {batches} batches ended: {other}")),
    }
}

pub fn check(design: &dyn ConcurrentDesign, progress: &dyn Fn()) -> Finding {
    let random = design.declares().pick.is_random();
    let repeats = if random { RANDOM_REPEATS } else { 1 };
    let runs: Result<Vec<(f64, f64)>, String> = (0..repeats)
        .map(|_| per_unit((SIZES[0], SIZES[1]), |n| counted(design, n), progress))
        .collect();
    let measured = runs.as_ref().map_err(Clone::clone).map(|runs| {
        let n = runs.len() as f64;
        (
            runs.iter().map(|r| r.0).sum::<f64>() / n,
            runs.iter().map(|r| r.1).sum::<f64>() / n,
        )
    });
    let runs = runs.unwrap_or_default();
    let mut f = per_unit_finding(
        (CONCURRENT, CHECK),
        design_ref(&design.info()),
        (PER_ITEM, BYTES),
        "scripted item",
        measured,
    );
    if random && f.verdict == Verdict::Measured {
        // The crate's RNG decides which branch wins a turn, and a lost turn recreates
        // read_send, so the count moves from run to run: report the mean and its range.
        let lo = runs.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
        let hi = runs.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max);
        f.summary = format!(
            "{}: the mean of {repeats} runs, which ranged {}–{} (its pick draws from the \
             crate's RNG)",
            f.summary,
            format::value(lo),
            format::value(hi)
        );
        f.figures
            .push(Figure::new(RUNS, f64::from(repeats), "runs"));
        f.figures.push(Figure::new(LOWEST, lo, "allocations"));
        f.figures.push(Figure::new(HIGHEST, hi, "allocations"));
    }
    f
}

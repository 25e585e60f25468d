//! What each design allocates per item (seed 003's objection to spawning: "it requires an
//! extra allocation"). The timed workload runs unwatched at two sizes after one warm-up run
//! (tokio sets up thread-locals on first use); the difference between the two counts over
//! the difference in items is the per-item cost, so the executor's and the workload's fixed
//! costs cancel. Every design's fetches are the same boxed futures (one allocation per item
//! in all of them); what differs is what the design adds.

use lab_designs::starvation::{self, AwaitingDesign};
use lab_executor::{Config, Executor, Outcome};
use lab_findings::Finding;
use lab_workloads::Fetches;

use super::{LIMIT, MAX_POLLS};
use crate::allocations::{count, per_unit, per_unit_finding};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Chart, Column, Facts, Table};
use crate::{AWAITING, design_ref};

pub const CHECK: &str = "spawn-cost";
pub const PER_ITEM: &str = "allocations per item";
pub const BYTES: &str = "bytes allocated per item";
/// The two sizes the per-item cost is taken between.
pub const SIZES: [u32; 2] = [16, 48];

pub struct SpawnCost;

impl Check for SpawnCost {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: AWAITING,
            kind: Kind::PerDesign,
            about: "allocations per item each design makes, the workload's own boxed fetch included",
            title: "Allocations per item: what spawning costs",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(AWAITING)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        3
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("fewer items", f64::from(SIZES[0])),
            ("more items", f64::from(SIZES[1])),
        ]
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = starvation::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "The resume-delay workload, without its watch, runs once to warm up and then at \
             {} and {} items; the difference between the two runs' allocation counts over \
             the difference in items is the cost per item, so the executor's and the \
             workload's fixed costs cancel. Each design's fetches are the same boxed \
             futures, one allocation per item in every design; what differs is what the \
             design adds (a task per fetch where it spawns; the lab executor's spawn is the \
             lab's, tokio's spawn_local and JoinSet are tokio's). Counted with \
             allocation-counter on the thread that runs the executor: {} allocations per item \
             were seen.",
            f.s("fewer items"),
            f.s("more items"),
            f.range(PER_ITEM, |_| true),
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

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        vec![section::bars(
            findings,
            "Allocations per item",
            "allocations",
            PER_ITEM,
            &[],
        )]
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::figures(
            "allocations / item",
            self.about(),
            findings,
            PER_ITEM,
            &[],
            "",
        )]
    }
}

/// Allocations, bytes and items of one unwatched run over `items`.
fn counted(design: &dyn AwaitingDesign, items: u32) -> Result<(u64, u64, u64), String> {
    let (allocs, bytes, outcome) = count(|| {
        let exec = Executor::new(Config::with_max_polls(MAX_POLLS));
        let handle = exec.handle();
        exec.run(design.run(Fetches::timed(items, LIMIT, &handle, None)))
            .outcome
    })?;
    match outcome {
        Outcome::Completed(()) => Ok((allocs, bytes, u64::from(items))),
        other => Err(format!("the run at {items} items ended: {other}")),
    }
}

pub fn check(design: &dyn AwaitingDesign, progress: &dyn Fn()) -> Finding {
    let measured = per_unit((SIZES[0], SIZES[1]), |n| counted(design, n), progress);
    per_unit_finding(
        (AWAITING, CHECK),
        design_ref(&design.info()),
        (PER_ITEM, BYTES),
        "item",
        measured,
    )
}

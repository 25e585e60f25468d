//! The checks: each turns a property or a measurement into [`Finding`]s. A check is a value
//! behind the [`Check`] trait, one file each, registered by one line in [`CHECKS`]; the CLI,
//! the report and the tests only iterate over that list. Every per-design check runs on
//! every design of its question.

pub mod allocations;
pub mod awaiting;
pub mod baselines;
pub mod cancellation;
pub mod check;
pub mod compiled;
pub mod counting;
pub mod data_loss;
pub mod explain;
pub mod fairness;
pub mod fuzz;
pub mod fuzzing;
pub mod instructions;
pub mod interleavings;
pub mod iter_instructions;
pub mod iter_throughput;
pub mod iteration;
pub mod matrix;
pub mod measure;
pub mod modes;
pub mod per_run;
pub mod poll_after_end;
pub mod property;
pub mod race_allocations;
pub mod rank;
pub mod repro;
pub mod runtimes;
pub mod schedules;
pub mod section;
pub mod select_fuse;
pub mod size;
pub mod starvation;
pub mod stats;
pub mod strategies;
pub mod stream_end;
pub mod structured;
pub mod throughput;
pub mod unpolled;

use lab_designs::DesignInfo;
use lab_executor::Outcome;
use lab_findings::{DesignRef, Verdict};

pub use check::{Check, CheckInfo, Input, Kind, Options, Produced, Setting};

/// Question ids, as used in finding ids.
pub const CONCURRENT: &str = "concurrent";
pub const ITERATOR: &str = "iterator";
pub const INTERLEAVINGS: &str = "interleavings";
pub const ITERATION: &str = "iteration";
pub const MODES: &str = "modes";
pub const AWAITING: &str = "awaiting-body";
pub const UNPOLLED: &str = "unpolled";
pub const STRUCTURED: &str = "structured";

/// Every check, in report order: adding a check is one file and one line here.
pub static CHECKS: &[&dyn Check] = &[
    &data_loss::DATA_LOSS,
    &stream_end::STREAM_END,
    &schedules::Schedules,
    &fairness::Fairness,
    &starvation::PickBias,
    &poll_after_end::PollAfterEnd,
    &select_fuse::SelectFuse,
    &throughput::Throughput,
    &instructions::Instructions,
    &race_allocations::RaceAllocations,
    &runtimes::RealRuntimes,
    &cancellation::CANCELLATION,
    &runtimes::iterator::IterRealRuntimes,
    &size::Size,
    &allocations::Allocations,
    &iter_throughput::IterThroughput,
    &iter_instructions::IterInstructions,
    &iteration::backpressure::Backpressure,
    &iteration::breaking::Break,
    &iteration::cpu::CpuWork,
    &iteration::expressible::Expressible,
    &modes::semantics::ModeSemantics,
    &modes::ready_race::ReadyRace,
    &awaiting::resume_delay::ResumeDelay,
    &awaiting::permit_deadlock::PermitDeadlock,
    &awaiting::spawn_cost::SpawnCost,
    &unpolled::futurelock::Futurelock,
    &unpolled::detector::Detector,
    &structured::reopen::Reopen,
    &interleavings::Loom,
    &fuzz::Fuzz,
    &strategies::Strategies,
];

/// Looks a check up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static dyn Check, String> {
    CHECKS
        .iter()
        .copied()
        .find(|c| c.id() == id)
        .ok_or_else(|| {
            let ids: Vec<_> = CHECKS.iter().map(|c| c.id()).collect();
            format!("unknown check {id:?}; valid checks: {}", ids.join(", "))
        })
}

/// The design ids of a question.
pub fn design_ids(question: &str) -> Vec<String> {
    let infos: Vec<DesignInfo> = match question {
        CONCURRENT => lab_designs::concurrent::all()
            .iter()
            .map(|d| d.info())
            .collect(),
        ITERATOR => lab_designs::iterator::all()
            .iter()
            .map(|d| d.info())
            .collect(),
        ITERATION => lab_designs::iteration::all()
            .iter()
            .map(|d| d.info())
            .collect(),
        MODES => lab_designs::modes::all().iter().map(|d| d.info()).collect(),
        AWAITING => lab_designs::starvation::all()
            .iter()
            .map(|d| d.info())
            .collect(),
        UNPOLLED => lab_designs::unpolled::all()
            .iter()
            .map(|d| d.info())
            .collect(),
        STRUCTURED => lab_designs::structured::all()
            .iter()
            .map(|d| d.info())
            .collect(),
        _ => Vec::new(),
    };
    infos.into_iter().map(|i| i.id.to_string()).collect()
}

/// The concurrent designs the drain checks (fairness, pick bias, throughput, instruction
/// counts) run: those with a drain at some arity.
pub fn drainable_ids() -> Vec<String> {
    lab_designs::concurrent::all()
        .iter()
        .filter(|d| d.arity() != lab_designs::concurrent::Arity::OneOf(&[]))
        .map(|d| d.info().id.to_string())
        .collect()
}

/// Checks a design id against every question; the error lists the valid ids.
pub fn validate_design(id: &str) -> Result<(), String> {
    let all: Vec<String> = [
        CONCURRENT, ITERATOR, ITERATION, MODES, AWAITING, UNPOLLED, STRUCTURED,
    ]
    .iter()
    .flat_map(|q| design_ids(q))
    .collect();
    if all.iter().any(|d| d == id) {
        Ok(())
    } else {
        Err(format!(
            "unknown design {id:?}; valid designs: {}",
            all.join(", ")
        ))
    }
}

/// The verdict a concurrent design declares for a race check: `Deadlock` if the race never
/// returns (see [`Declares::never_ends`](lab_designs::concurrent::Declares)), otherwise
/// `Fail` where it declares the loss the check looks for (`loses`) and `Pass` where not.
pub fn declared_race(
    design: &dyn lab_designs::concurrent::ConcurrentDesign,
    loses: bool,
) -> Verdict {
    if design.declares().never_ends {
        Verdict::Deadlock
    } else if loses {
        Verdict::Fail
    } else {
        Verdict::Pass
    }
}

/// The one mapping from how a run ended to a verdict: completed runs pass when their
/// property held (`true`) and fail when it did not.
pub fn verdict_of(outcome: Outcome<bool>) -> Verdict {
    match outcome {
        Outcome::Completed(true) => Verdict::Pass,
        Outcome::Completed(false) => Verdict::Fail,
        Outcome::Deadlock { .. } => Verdict::Deadlock,
        Outcome::BudgetExceeded { .. } => Verdict::BudgetExceeded,
        Outcome::Panicked { .. } => Verdict::Panicked,
        // Only real runtimes time out: the lab's own bound is its step budget.
        Outcome::TimedOut { .. } => Verdict::BudgetExceeded,
    }
}

pub fn design_ref(info: &DesignInfo) -> DesignRef {
    design_ref_parts(info.id, info.krate, info.construct, info.summary)
}

pub fn design_ref_parts(id: &str, krate: &str, construct: &str, summary: &str) -> DesignRef {
    DesignRef {
        id: id.into(),
        krate: krate.into(),
        version: lab_designs::versions::of(krate).into(),
        construct: construct.into(),
        summary: summary.into(),
    }
}

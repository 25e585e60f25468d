//! The starvation claims follow the awaiting-body findings both ways.

use lab_checks::AWAITING;
use lab_checks::awaiting::{permit_deadlock, resume_delay, spawn_cost};
use lab_findings::{Env, Figure, RunRecord, Verdict};

use super::awaiting::{POLL_PROGRESS, SPAWNING, STALLING};
use super::tests::{claim, in_question, with_figures};

const STARVES: &str = "s003-starvation-alternating-control-flow";
const PROGRESS: &str = "s003-poll-progress-fixes-starvation";
const SPAWN: &str = "s003-spawn-fixes-starvation-at-an-allocation";

/// A run as measured: stalling designs fail and deadlock, the remedies pass both; spawners
/// allocate `spawn` per item, the others `rest`.
fn record(spawn: f64, rest: f64) -> RunRecord {
    let mut r = RunRecord::new(Env::default());
    let mut put = |d: &str, delay: Verdict, lock: Verdict, allocs: f64| {
        r.upsert([
            in_question(AWAITING, resume_delay::CHECK, d, delay),
            in_question(AWAITING, permit_deadlock::CHECK, d, lock),
            with_figures(
                AWAITING,
                spawn_cost::CHECK,
                d,
                Verdict::Measured,
                vec![Figure::new(spawn_cost::PER_ITEM, allocs, "allocations")],
            ),
        ]);
    };
    for d in STALLING {
        put(d, Verdict::Fail, Verdict::Deadlock, rest);
    }
    put(POLL_PROGRESS, Verdict::Pass, Verdict::Pass, rest);
    for d in SPAWNING {
        put(d, Verdict::Pass, Verdict::Pass, spawn);
    }
    r
}

fn status(r: &RunRecord, id: &str) -> &'static str {
    claim(&super::judged(r), id).status
}

#[test]
fn the_measured_run_supports_all_three() {
    let r = record(8.0, 6.0);
    assert_eq!(status(&r, STARVES), "supported");
    assert_eq!(status(&r, PROGRESS), "supported");
    assert_eq!(status(&r, SPAWN), "supported");
}

#[test]
fn a_stalling_design_that_passes_refutes_the_starvation_claim() {
    let mut r = record(8.0, 6.0);
    r.upsert([in_question(
        AWAITING,
        resume_delay::CHECK,
        STALLING[2],
        Verdict::Pass,
    )]);
    assert_eq!(status(&r, STARVES), "not supported");
}

#[test]
fn a_deadlocked_remedy_refutes_its_claim() {
    let mut r = record(8.0, 6.0);
    r.upsert([in_question(
        AWAITING,
        permit_deadlock::CHECK,
        POLL_PROGRESS,
        Verdict::Deadlock,
    )]);
    assert_eq!(status(&r, PROGRESS), "not supported");
    r.upsert([in_question(
        AWAITING,
        permit_deadlock::CHECK,
        SPAWNING[1],
        Verdict::Deadlock,
    )]);
    assert_eq!(status(&r, SPAWN), "not supported");
}

#[test]
fn without_a_control_that_passes_starvation_is_not_measured() {
    let mut r = record(8.0, 6.0);
    r.upsert([in_question(
        AWAITING,
        resume_delay::CHECK,
        SPAWNING[0],
        Verdict::Fail,
    )]);
    assert_eq!(status(&r, STARVES), "not measured in this run");
}

#[test]
fn spawning_without_extra_allocations_is_only_partly_supported() {
    assert_eq!(status(&record(6.0, 6.0), SPAWN), "partly supported");
    let mut r = record(8.0, 6.0);
    r.findings.retain(|f| f.check != spawn_cost::CHECK);
    assert_eq!(
        status(&r, SPAWN),
        "first half supported; allocations not measured"
    );
}

//! The detached/structured claims follow the reopen findings both ways.

use lab_checks::STRUCTURED;
use lab_checks::structured::reopen::{CHECK, CLOSE, RATE, RATE_BY_CLOSE, RUNNING};
use lab_findings::{Env, Figure, RunRecord, Verdict};

use super::structured::{DETACHED, SCOPED};
use super::tests::{claim, with_figures};

const REOPEN: &str = "s003-detached-close-breaks-reopen";
const OUTLIVE: &str = "s003-structured-tasks-do-not-outlive-scope";
const SHIM: &str = "s003-structured-spawn-as-shim";

fn put(r: &mut RunRecord, d: &str, v: Verdict, rate: f64, running: f64) {
    r.upsert([with_figures(
        STRUCTURED,
        CHECK,
        d,
        v,
        vec![
            Figure::new(RATE, rate, "share"),
            Figure::new(RUNNING, running, "schedules"),
            Figure::new(RATE_BY_CLOSE, rate, "share").at(CLOSE, "succeeds"),
            Figure::new(RATE_BY_CLOSE, rate, "share").at(CLOSE, "fails"),
        ],
    )]);
}

/// As measured: one detached design fails in half its schedules for each close outcome,
/// the other in all.
fn record() -> RunRecord {
    let mut r = RunRecord::new(Env::default());
    put(&mut r, DETACHED[0], Verdict::Fail, 0.5, 8.0);
    put(&mut r, DETACHED[1], Verdict::Fail, 1.0, 4.0);
    for d in SCOPED {
        put(&mut r, d, Verdict::Pass, 0.0, 0.0);
    }
    r
}

fn status(r: &RunRecord, id: &str) -> &'static str {
    claim(&super::judged(r), id).status
}

#[test]
fn the_measured_run_supports_all_three() {
    let r = record();
    for id in [REOPEN, OUTLIVE] {
        assert_eq!(status(&r, id), "supported", "{id}");
    }
    // A scope cancelled mid-use is not measured.
    assert_eq!(status(&r, SHIM), "partly supported");
}

#[test]
fn a_reopen_that_fails_every_time_is_not_non_deterministic() {
    let mut r = record();
    put(&mut r, DETACHED[0], Verdict::Fail, 1.0, 8.0);
    assert_eq!(status(&r, REOPEN), "partly supported");
}

#[test]
fn a_structured_design_that_fails_refutes_the_claims() {
    let mut r = record();
    put(&mut r, SCOPED[1], Verdict::Fail, 0.1, 3.0);
    assert_eq!(status(&r, REOPEN), "not supported");
    assert_eq!(status(&r, OUTLIVE), "not supported");
    assert_eq!(status(&r, SHIM), "not supported");
}

#[test]
fn the_shim_needs_its_control() {
    let mut r = record();
    put(&mut r, DETACHED[0], Verdict::Pass, 0.0, 0.0);
    assert_eq!(status(&r, SHIM), "not measured in this run");
}

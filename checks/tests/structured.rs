//! The reopen check, both ways: detached closes fail (the lab executor's in some of its
//! schedules, tokio's in every one of this setup's), closes awaited before returning pass
//! in a complete search; asking for none is not-run, and a false
//! declaration is caught.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_checks::structured::reopen::{self, FAILURES, LOST, RATE, RUNNING, SCHEDULES};
use lab_designs::structured::{self, Declares, Design, DesignInfo, Failure, StructuredDesign};
use lab_executor::Handle;
use lab_findings::Verdict;
use lab_workloads::Resource;

#[test]
fn every_design_gets_its_declared_verdict() {
    let (mut fail, mut pass) = (0, 0);
    for d in structured::all() {
        let f = reopen::check(*d, 1_000, &|| {});
        assert_eq!(
            Some(f.verdict),
            f.expected,
            "{}: {}",
            d.info().id,
            f.summary
        );
        match f.verdict {
            Verdict::Fail => fail += 1,
            Verdict::Pass => pass += 1,
            other => panic!("{other}"),
        }
    }
    assert!(fail >= 2 && pass >= 4, "{fail} fail, {pass} pass");
}

#[test]
fn the_detached_close_fails_in_some_schedules_and_loses_every_error() {
    let f = reopen::check(
        structured::by_id("detached-drop-spawn").unwrap(),
        1_000,
        &|| {},
    );
    let share = f.value(RATE, &[]).unwrap();
    assert!(share > 0.0 && share < 1.0, "{share}");
    let n = f.value(SCHEDULES, &[]).unwrap();
    assert_eq!(f.value(RUNNING, &[]), Some(n));
    // Half the schedules close with an error; none reaches the caller.
    assert_eq!(f.value(LOST, &[]), Some(n / 2.0));
}

#[test]
fn a_one_task_design_has_one_schedule_per_close_and_none_is_not_run() {
    let scope = structured::by_id("reference-scope").unwrap();
    let f = reopen::check(scope, 1_000, &|| {});
    assert_eq!(f.value(SCHEDULES, &[]), Some(2.0));
    assert_eq!(reopen::check(scope, 0, &|| {}).verdict, Verdict::NotRun);
    // The detached design's second task gives the search more than one schedule.
    let lab = reopen::check(
        structured::by_id("detached-drop-spawn").unwrap(),
        1_000,
        &|| {},
    );
    assert!(lab.value(SCHEDULES, &[]).unwrap() > 2.0);
}

/// Opens and drops the handle without closing it: the resource stays open forever.
struct Leaks;

impl Design for Leaks {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "leaks-handle",
            krate: "lab",
            construct: "drop(db)",
            summary: "drops the handle without closing it, declared structured",
        }
    }
}

impl StructuredDesign for Leaks {
    fn declares(&self) -> Declares {
        Declares {
            outlives_scope: false,
        }
    }

    fn use_once(&self, r: Resource, _: Handle) -> LocalBoxFuture<'static, Result<(), Failure>> {
        async move {
            drop(r.open().await.map_err(Failure::Open)?);
            Ok(())
        }
        .boxed_local()
    }
}

#[test]
fn a_false_declaration_is_caught() {
    let f = reopen::check(&Leaks, 1_000, &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    assert_ne!(Some(f.verdict), f.expected);
    assert_eq!(f.value(FAILURES, &[]), f.value(SCHEDULES, &[]));
}

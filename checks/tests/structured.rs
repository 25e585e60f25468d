//! The reopen check, both ways: detached closes fail (the lab executor's on some seeded
//! schedules, tokio's on every one), closes awaited before returning pass; too few runs
//! cannot pass, none is not-run, and a false declaration is caught.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_checks::structured::reopen::{self, FAILURES, LOST, RATE, RUNNING};
use lab_designs::structured::{self, Declares, Design, DesignInfo, Failure, StructuredDesign};
use lab_executor::Handle;
use lab_findings::Verdict;
use lab_workloads::Resource;

#[test]
fn every_design_gets_its_declared_verdict() {
    let (mut fail, mut pass) = (0, 0);
    for d in structured::all() {
        let f = reopen::check(*d, 100, 3_003, &|| {});
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
fn the_detached_close_fails_on_some_schedules_and_loses_every_error() {
    let f = reopen::check(
        structured::by_id("detached-drop-spawn").unwrap(),
        100,
        3_003,
        &|| {},
    );
    let rate = f.value(RATE, &[]).unwrap();
    assert!(rate > 0.0 && rate < 1.0, "{rate}");
    assert_eq!(f.value(RUNNING, &[]), Some(100.0));
    assert_eq!(f.value(LOST, &[]), Some(25.0));
    // The same seeds, the same count.
    let again = reopen::check(
        structured::by_id("detached-drop-spawn").unwrap(),
        100,
        3_003,
        &|| {},
    );
    assert_eq!(f.value(FAILURES, &[]), again.value(FAILURES, &[]));
}

#[test]
fn too_few_runs_cannot_pass_and_none_is_not_run() {
    let scope = structured::by_id("reference-scope").unwrap();
    assert_eq!(
        reopen::check(scope, 10, 1, &|| {}).verdict,
        Verdict::Inconclusive
    );
    assert_eq!(reopen::check(scope, 0, 1, &|| {}).verdict, Verdict::NotRun);
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
    let f = reopen::check(&Leaks, 40, 1, &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    assert_ne!(Some(f.verdict), f.expected);
    assert_eq!(f.value(FAILURES, &[]), Some(40.0));
}

//! The iteration-strategy checks (seed 000), both ways: every design gets the verdict its
//! declaration predicts — bounded strategies pass backpressure and unbounded ones fail it;
//! only the strategies that stop between items pass `break` — and a design whose
//! declaration is false is contradicted by the measurement.

use futures::future::{BoxFuture, LocalBoxFuture};
use lab_checks::iteration::{backpressure, breaking, drive};
use lab_designs::iteration::{
    self, CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak,
};
use lab_executor::Outcome;
use lab_findings::{Param, Verdict};
use lab_workloads::{ItemState, Work};

#[test]
fn every_design_passes_backpressure_as_its_limit_predicts() {
    let (mut passed, mut failed) = (0, 0);
    for d in iteration::all() {
        let f = backpressure::check(*d, &|| {});
        assert_eq!(
            Some(f.verdict),
            f.expected,
            "{}: {}",
            d.info().id,
            f.summary
        );
        assert!(
            f.contradicts.is_empty(),
            "{}: {:?}",
            d.info().id,
            f.contradicts
        );
        let at = |n: u32| [(backpressure::ITEMS, Param::from(n))];
        let big = f.value(backpressure::AHEAD, &at(256)).unwrap();
        match d.declares().limit {
            Some(limit) => {
                passed += 1;
                // Bounded: at most the limit in flight, plus one item pulled and waiting.
                assert!(big <= f64::from(limit) + 1.0, "{}: {big}", d.info().id);
            }
            None => {
                failed += 1;
                // Unbounded: everything was pulled ahead.
                assert_eq!(big, 256.0, "{}", d.info().id);
            }
        }
    }
    assert!(
        passed >= 5 && failed >= 3,
        "{passed} bounded, {failed} unbounded"
    );
}

#[test]
fn every_design_breaks_as_it_declares() {
    for d in iteration::all() {
        let f = breaking::check(*d);
        assert_eq!(
            Some(f.verdict),
            f.expected,
            "{}: {}",
            d.info().id,
            f.summary
        );
        assert!(
            f.contradicts.is_empty(),
            "{}: {:?}",
            d.info().id,
            f.contradicts
        );
        let left = f.value(breaking::LEFT, &[]).unwrap();
        let later = f.value(breaking::LATER, &[]).unwrap();
        match d.declares().on_break {
            OnBreak::Nothing => assert_eq!(left, 0.0, "{}", d.info().id),
            OnBreak::Dropped => assert!(left > 0.0 && later == 0.0, "{}", d.info().id),
            OnBreak::Detached => assert!(later > 0.0, "{}", d.info().id),
        }
    }
}

#[test]
fn the_parallel_default_returns_before_its_bodies_run_and_they_finish_after() {
    let d = iteration::by_id("parallel-by-default").unwrap();
    let Outcome::Completed(r) = drive(d, 16, None) else {
        panic!("the run did not complete");
    };
    assert_eq!(r.returned_at, 0);
    assert_eq!((r.at_return.pulled, r.at_return.started), (16, 0));
    assert_eq!(r.end.finished, 16);
    assert!(r.states_end.iter().all(|s| *s == ItemState::Finished));
    assert_eq!(r.settled_at, Some(lab_checks::iteration::TICKS));
}

/// Another design under a declaration that is not its own.
struct Claims(&'static dyn IterationDesign, Declares);

impl Design for Claims {
    fn info(&self) -> DesignInfo {
        self.0.info()
    }
}

impl IterationDesign for Claims {
    fn declares(&self) -> Declares {
        self.1
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        self.0.run(w)
    }

    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        self.0.run_until(w, k)
    }

    fn run_cpu(&self, items: u32, body: CpuBody) -> Option<BoxFuture<'static, ()>> {
        self.0.run_cpu(items, body)
    }
}

#[test]
fn a_false_declaration_is_contradicted() {
    let unbounded = iteration::by_id("for-each-concurrent-unbounded").unwrap();
    let lying = Claims(
        unbounded,
        Declares {
            limit: Some(8),
            on_break: OnBreak::Nothing,
        },
    );
    let f = backpressure::check(&lying, &|| {});
    assert_eq!(
        (f.verdict, f.expected),
        (Verdict::Fail, Some(Verdict::Pass))
    );
    assert!(f.contradicts[0].contains("256 were"), "{:?}", f.contradicts);
    let f = breaking::check(&lying);
    assert_eq!(
        (f.verdict, f.expected),
        (Verdict::Fail, Some(Verdict::Pass))
    );
    assert!(
        f.contradicts[0].contains("measured Dropped"),
        "{:?}",
        f.contradicts
    );
    // A limit higher than the one it reaches is contradicted too.
    let eight = iteration::by_id("for-each-concurrent-8").unwrap();
    let high = Claims(
        eight,
        Declares {
            limit: Some(16),
            on_break: OnBreak::Dropped,
        },
    );
    let f = backpressure::check(&high, &|| {});
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.summary);
    assert!(f.contradicts[0].contains("8 were"), "{:?}", f.contradicts);
}

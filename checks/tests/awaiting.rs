//! Seed 003's starvation checks, both ways: the designs nothing drives while the body awaits
//! fail the resume delay and deadlock on the shared permit, with an explanation that names
//! the stuck fetch and the waiting body; those that drive in-flight work pass both; a false
//! declaration is caught; a design that skips work cannot pass.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_checks::awaiting::{Form, drive, permit_deadlock, resume_delay};
use lab_designs::starvation::{self, AwaitingDesign, Declares, Design, DesignInfo, fetch_stream};
use lab_findings::Verdict;
use lab_workloads::Fetches;

#[test]
fn every_design_gets_its_declared_verdicts() {
    let (mut stalls, mut drives) = (0, 0);
    for d in starvation::all() {
        let id = d.info().id;
        let delay = resume_delay::check(*d);
        assert_eq!(
            Some(delay.verdict),
            delay.expected,
            "{id}: {}",
            delay.summary
        );
        let lock = permit_deadlock::check(*d, &|| {});
        assert_eq!(Some(lock.verdict), lock.expected, "{id}: {}", lock.summary);
        match (delay.verdict, lock.verdict) {
            (Verdict::Fail, Verdict::Deadlock) => stalls += 1,
            (Verdict::Pass, Verdict::Pass) => drives += 1,
            other => panic!("{id}: {other:?}"),
        }
    }
    assert!(stalls >= 4 && drives >= 3, "{stalls} stall, {drives} drive");
}

#[test]
fn the_deadlock_is_explained_by_who_waits_for_what() {
    let d = starvation::by_id("buffered-loop").unwrap();
    let f = permit_deadlock::check(d, &|| {});
    assert_eq!(f.verdict, Verdict::Deadlock);
    let why = &f
        .counterexample
        .as_ref()
        .expect("a deadlock keeps its evidence")
        .failure;
    // Fetch 0 ran, released the permit at tick 2 to fetch 1 (first in the queue) and woke
    // it; the loop then awaited body 0, which queued behind, and nothing polled fetch 1.
    assert!(
        why.contains("fetch 1 queues for the permit since tick 0"),
        "{why}"
    );
    assert!(why.contains("its waker fired at tick 2"), "{why}");
    assert!(
        why.contains("body 0 queues for the permit since tick 2"),
        "{why}"
    );
    assert!(why.contains("none is available"), "{why}");
    let cx = f.counterexample.unwrap();
    assert_eq!((cx.reproduced, cx.reruns), (1, 1));
}

#[test]
fn a_drained_design_leaves_no_woken_fetch_behind() {
    let d = drive(
        starvation::by_id("lab-spawn-loop").unwrap(),
        Form::Contended,
        8,
    );
    assert!(d.incomplete(8).is_none(), "{:?}", d.outcome);
    assert!(
        d.fetches
            .iter()
            .all(|w| w.completed && w.woken_unpolled.is_none())
    );
    assert_eq!(d.permits.unwrap().available, 1);
}

/// `buffered` declared as if something drove it: the checks must contradict it.
struct Misdeclared;

impl Design for Misdeclared {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "misdeclared-buffered",
            krate: "futures",
            construct: "StreamExt::buffered",
            summary: "buffered(8) declared as driving its fetches",
        }
    }
}

impl AwaitingDesign for Misdeclared {
    fn declares(&self) -> Declares {
        Declares {
            drives_while_body_awaits: true,
            spawns: false,
        }
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        starvation::consume(fetch_stream(&f).buffered(f.limit), f)
    }
}

#[test]
fn a_false_declaration_is_caught() {
    let delay = resume_delay::check(&Misdeclared);
    assert_eq!(delay.verdict, Verdict::Fail);
    assert_ne!(Some(delay.verdict), delay.expected);
    let lock = permit_deadlock::check(&Misdeclared, &|| {});
    assert_eq!(lock.verdict, Verdict::Deadlock);
    assert_ne!(Some(lock.verdict), lock.expected);
}

/// Runs the bodies without fetching anything: no wake is ever late, because there is none.
struct Skips;

impl Design for Skips {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "skips-fetches",
            krate: "lab",
            construct: "no fetch",
            summary: "calls the body on every item without fetching it",
        }
    }
}

impl AwaitingDesign for Skips {
    fn declares(&self) -> Declares {
        Declares {
            drives_while_body_awaits: true,
            spawns: false,
        }
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        async move {
            for i in 0..f.items {
                (f.body)(i).await;
            }
        }
        .boxed_local()
    }
}

#[test]
fn a_design_that_never_fetches_cannot_pass() {
    let delay = resume_delay::check(&Skips);
    assert_eq!(delay.verdict, Verdict::Inconclusive, "{}", delay.summary);
}

#[cfg(feature = "count-allocations")]
#[test]
fn spawning_costs_allocations_the_reference_does_not() {
    let per = |id: &str| {
        let f = lab_checks::awaiting::spawn_cost::check(starvation::by_id(id).unwrap(), &|| {});
        f.value(lab_checks::awaiting::spawn_cost::PER_ITEM, &[])
            .unwrap_or_else(|| panic!("{id}: {}", f.summary))
    };
    let reference = per("reference-poll-progress");
    for spawner in ["tokio-join-set-loop", "lab-spawn-loop"] {
        assert!(per(spawner) > reference + 1.0, "{spawner}");
    }
}

//! The futures-unpolled checks, both ways: the designs that keep the waiter alive and
//! unpolled deadlock, explained; the remedies finish; the detector flags a wake its task
//! polled past and not one answered at once, and over the lab's designs flags every
//! deadlock with no false alarm.

use std::pin::pin;

use futures::FutureExt;
use lab_checks::unpolled::{detector, drive, futurelock};
use lab_designs::unpolled;
use lab_executor::{Config, Executor, Watch};
use lab_findings::Verdict;

#[test]
fn every_design_gets_its_declared_verdict() {
    let (mut locked, mut finished) = (0, 0);
    for d in unpolled::all() {
        let f = futurelock::check(*d, &|| {});
        assert_eq!(
            Some(f.verdict),
            f.expected,
            "{}: {}",
            d.info().id,
            f.summary
        );
        match f.verdict {
            Verdict::Deadlock => locked += 1,
            Verdict::Pass => finished += 1,
            other => panic!("{}: {other}", d.info().id),
        }
    }
    assert!(
        locked >= 3 && finished >= 3,
        "{locked} locked, {finished} finished"
    );
}

#[test]
fn the_futurelock_names_the_woken_waiter_and_the_blocked_handler() {
    let f = futurelock::check(unpolled::by_id("tokio-select-mut-waiter").unwrap(), &|| {});
    let why = &f.counterexample.as_ref().unwrap().failure;
    // The holder let go at tick 2. select! polls its branches in a random order, so when
    // the timer won at tick 1 it may or may not have polled the waiter first.
    assert!(
        why.contains("its waker fired at tick 2 and it has not been polled since tick 1")
            || why.contains("its waker fired at tick 2 and it has not been polled since tick 0"),
        "{why}"
    );
    assert!(
        why.contains("timer handler queues for the permit since tick 1"),
        "{why}"
    );
    assert!(
        why.ends_with("timer handler waits for the permit while waiter, woken, is not polled"),
        "{why}"
    );
    let d = drive(unpolled::by_id("futures-unordered-waiter").unwrap());
    // The set polls only woken futures: the waiter was last polled when it first queued.
    assert_eq!(d.watched[0].last_polled, Some(0));
}

#[test]
fn the_detector_flags_a_wake_its_task_passed_over_and_not_a_prompt_one() {
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let watch = Watch::new(&clock);
    let (c, w) = (clock.clone(), watch.clone());
    let run = ex.run(watch.wrap_task(async move {
        let mut late = pin!(w.wrap("late", c.sleep(1)));
        let prompt = w.wrap("prompt", c.sleep(1));
        assert!((&mut late).now_or_never().is_none());
        // Woken at tick 1 with `late`; awaited here, so answered in the same task poll.
        prompt.await;
        c.sleep(2).await;
        late.await;
    }));
    assert!(run.outcome.completed().is_some());
    let alarms = detector::alarms(&watch.seen(), &watch.task_polls(), 1);
    assert_eq!(alarms.len(), 1, "{alarms:?}");
    assert_eq!(alarms[0].future, "late");
    assert_eq!(alarms[0].answered_after, Some(2));
    // Two ticks late is not late under a threshold of three.
    assert!(detector::alarms(&watch.seen(), &watch.task_polls(), 3).is_empty());
    // Without the task's polls nothing shows it was passed over.
    assert!(detector::alarms(&watch.seen(), &[], 1).is_empty());
}

#[test]
fn the_detector_flags_every_deadlock_and_no_clean_design() {
    let f = detector::check(1, &|| {});
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.summary);
    let v = |m: &str| f.value(m, &[]).unwrap();
    assert_eq!(v(detector::DETECTED), v(detector::DEADLOCKED));
    assert!(v(detector::DEADLOCKED) >= 7.0);
    assert_eq!(v(detector::FALSE_ALARMS), 0.0);
    // The control deadlocks with nothing woken: not the detector's kind, and not flagged.
    assert_eq!(v(detector::CONTROL), 0.0);
    // The stalling designs' completed runs starve, and are flagged for it.
    assert!(v(detector::STARVED) >= 4.0, "{}", v(detector::STARVED));
}

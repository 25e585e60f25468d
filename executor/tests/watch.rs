//! Watches, both ways: a future polled at the tick its waker fired has no delay; one left
//! unpolled after its wake shows the ticks it waited, or, at a deadlock, the wake still
//! unanswered in the picture frozen before teardown.

use std::pin::pin;

use futures::FutureExt;
use lab_executor::{Config, Executor, Outcome, Watch};

#[test]
fn a_wake_answered_at_once_has_no_delay() {
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let watch = Watch::new(&clock);
    let fut = watch.wrap("prompt", clock.sleep(3));
    let run = ex.run(fut);
    assert!(run.outcome.completed().is_some());
    let seen = watch.seen();
    assert_eq!(seen[0].delays, vec![0]);
    assert!(seen[0].completed && seen[0].woken_unpolled.is_none());
}

#[test]
fn a_wake_left_unpolled_shows_how_long_it_waited() {
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let watch = Watch::new(&clock);
    let (c, w) = (clock.clone(), watch.clone());
    let run = ex.run(async move {
        let mut late = pin!(w.wrap("late", c.sleep(3)));
        // Polled once, so its timer holds the watch's waker; then left alone past tick 3.
        assert!((&mut late).now_or_never().is_none());
        c.sleep(5).await;
        late.await;
    });
    assert!(run.outcome.completed().is_some());
    assert_eq!(watch.seen()[0].delays, vec![2]);
}

#[test]
fn a_deadlock_keeps_the_unanswered_wake_in_the_frozen_picture() {
    let ex = Executor::new(Config::default());
    let handle = ex.handle();
    let clock = handle.clock().clone();
    let watch = Watch::new(&clock);
    watch.freeze_at_teardown(&handle);
    let (c, w) = (clock.clone(), watch.clone());
    let run = ex.run(async move {
        let mut stuck = Box::pin(w.wrap("stuck", c.sleep(1)));
        assert!((&mut stuck).now_or_never().is_none());
        std::future::pending::<()>().await;
        drop(stuck);
    });
    assert!(
        matches!(run.outcome, Outcome::Deadlock { at: 1, .. }),
        "{}",
        run.outcome
    );
    let seen = watch.seen();
    assert_eq!(seen[0].woken_unpolled, Some(1));
    assert_eq!(seen[0].last_polled, Some(0));
    assert!(!seen[0].completed);
}

//! The executor's verdicts, each asserted both ways.

use std::rc::Rc;

use futures::FutureExt;
use lab_executor::{Config, Executor, Outcome, Probe, TimerOrder, yield_now};

fn exec() -> Executor {
    Executor::new(Config::default())
}

#[test]
fn virtual_time_jumps_to_the_next_timer() {
    let ex = exec();
    let clock = ex.handle().clock().clone();
    let run = ex.run(async move {
        clock.sleep(1_000_000).await;
        clock.sleep_until(1_000_005).await;
        clock.now()
    });
    assert_eq!(run.outcome.completed(), Some(1_000_005));
    assert_eq!(run.stats.timers_fired, 2);
    assert_eq!(run.stats.end_tick, 1_000_005);
    // One poll to start, one after each timer.
    assert_eq!(run.stats.polls, 3);
}

#[test]
fn a_future_that_is_never_woken_is_a_deadlock_not_a_hang() {
    let run = exec().run(std::future::pending::<()>());
    assert!(matches!(
        run.outcome,
        Outcome::Deadlock {
            at: 0,
            pending_tasks: 1
        }
    ));

    // Same shape, but a timer will wake it: completes.
    let ex = exec();
    let clock = ex.handle().clock().clone();
    let run = ex.run(async move { clock.sleep(3).await });
    assert!(matches!(run.outcome, Outcome::Completed(())));
}

#[test]
fn a_busy_loop_of_self_wakes_hits_the_step_budget() {
    let ex = Executor::new(Config {
        max_polls: 50,
        ..Config::default()
    });
    let run = ex.run(async {
        loop {
            yield_now().await;
        }
    });
    assert!(matches!(
        run.outcome,
        Outcome::BudgetExceeded { polls: 50, .. }
    ));

    let ex = Executor::new(Config {
        max_polls: 50,
        ..Config::default()
    });
    let run = ex.run(async {
        for _ in 0..48 {
            yield_now().await;
        }
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    assert_eq!(run.stats.polls, 49);
    assert_eq!(run.stats.wakes, 48);
}

#[test]
fn a_panic_is_a_verdict() {
    let run = exec().run(async { panic!("boom") });
    match run.outcome {
        Outcome::Panicked { message } => assert_eq!(message, "boom"),
        other => panic!("expected a panic verdict, got {other}"),
    }
}

#[test]
fn spawned_tasks_join_and_leftovers_are_counted() {
    let ex = exec();
    let h = ex.handle();
    let run = ex.run(async move {
        let clock = h.clock().clone();
        let a = h.spawn({
            let clock = clock.clone();
            async move {
                clock.sleep(5).await;
                7
            }
        });
        // Detached and never finishes before main does.
        let _b = h.spawn(async move { clock.sleep(100).await });
        a.await
    });
    assert_eq!(run.outcome.completed(), Some(7));
    assert_eq!(run.stats.tasks_spawned, 3);
    assert_eq!(run.stats.tasks_completed, 2);
    assert_eq!(run.stats.tasks_dropped_pending, 1);
    assert_eq!(run.stats.end_tick, 5);
}

#[test]
fn a_wake_after_completion_is_counted_as_never_polled() {
    let ex = exec();
    let run = ex.run(std::future::poll_fn(|cx| {
        cx.waker().wake_by_ref();
        std::task::Poll::Ready(())
    }));
    assert_eq!(run.stats.wakes, 1);
    assert_eq!(run.stats.wakes_never_polled, 1);

    let run = exec().run(async { yield_now().await });
    assert_eq!(run.stats.wakes, 1);
    assert_eq!(run.stats.wakes_never_polled, 0);
}

#[test]
fn probes_tell_cancelled_from_completed_futures() {
    let ex = exec();
    let clock = ex.handle().clock().clone();
    let probe = Probe::default();
    let p = probe.clone();
    let run = ex.run(async move {
        let slow = p.wrap(clock.sleep(10));
        let fast = p.wrap(clock.sleep(1));
        futures::select! {
            _ = slow.fuse() => {},
            _ = fast.fuse() => {},
        }
        drop(p.wrap(async {}));
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    let s = probe.stats();
    assert_eq!(
        (s.created, s.completed, s.cancelled, s.never_polled),
        (3, 1, 1, 1)
    );
    // The cancelled sleep deregistered its timer: the run ends at tick 1, not 10.
    assert_eq!(run.stats.end_tick, 1);
}

fn interleaving() -> Vec<u32> {
    let ex = Executor::new(Config::default());
    let h = ex.handle();
    let log = Rc::new(std::cell::RefCell::new(Vec::new()));
    let out = log.clone();
    let run = ex.run(async move {
        let tasks: Vec<_> = (0..4)
            .map(|i| {
                let log = log.clone();
                h.spawn(async move {
                    for _ in 0..4 {
                        log.borrow_mut().push(i);
                        yield_now().await;
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await;
        }
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    out.take()
}

#[test]
fn ready_tasks_run_in_the_order_they_were_woken() {
    assert_eq!(interleaving(), [0, 1, 2, 3].repeat(4));
}

#[test]
fn a_dropped_sleep_does_not_keep_the_run_alive() {
    let ex = exec();
    let clock = ex.handle().clock().clone();
    let run = ex.run(async move {
        let s = clock.sleep(50);
        // Polled once (registers its timer), then dropped.
        let _ = futures::poll!(Box::pin(s));
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    assert_eq!(run.stats.timers_fired, 0);
}

/// Eight tasks each sleep until ticks 1, 2 and 3 (timers set in task order every time);
/// the order they run in at each tick is the order their timers woke them.
fn wake_order(timer_order: TimerOrder) -> Vec<Vec<u32>> {
    let ex = Executor::new(Config {
        timer_order,
        ..Config::default()
    });
    let h = ex.handle();
    let log = Rc::new(std::cell::RefCell::new(vec![Vec::new(); 3]));
    let out = log.clone();
    let run = ex.run(async move {
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let log = log.clone();
                let clock = h.clock().clone();
                h.spawn(async move {
                    for tick in 1..=3 {
                        clock.sleep_until(tick).await;
                        log.borrow_mut()[tick as usize - 1].push(i);
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await;
        }
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    out.take()
}

#[test]
fn simultaneous_timers_fire_in_order_set_or_in_a_seeded_permutation() {
    let fifo = wake_order(TimerOrder::Fifo);
    assert_eq!(fifo, vec![(0..8).collect::<Vec<_>>(); 3]);
    let a = wake_order(TimerOrder::Seeded(7));
    assert_eq!(
        a,
        wake_order(TimerOrder::Seeded(7)),
        "same seed, same order"
    );
    assert_ne!(
        a,
        wake_order(TimerOrder::Seeded(8)),
        "another seed, another order"
    );
    for tick in &a {
        let mut sorted = tick.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            (0..8).collect::<Vec<_>>(),
            "a permutation: {tick:?}"
        );
    }
    // A fresh permutation each tick, not one fixed order.
    assert!(a[0] != a[1] || a[1] != a[2], "{a:?}");
    assert_ne!(a, fifo);
}

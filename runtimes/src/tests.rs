//! Every runtime runs the same small workload to the same end, and bounds what does not end.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use futures::FutureExt;
use lab_executor::Outcome;

use super::{Limits, Runtime, run};

const LIMITS: Limits = Limits {
    tick: Duration::from_millis(1),
    deadline: Duration::from_millis(500),
    max_polls: 10_000,
};

#[test]
fn a_spawned_task_and_sleeps_finish_on_every_runtime_in_tick_order() {
    for rt in Runtime::ALL {
        let out = run(
            rt,
            LIMITS,
            Box::new(|h| {
                let h = h.clone();
                async move {
                    let order = Rc::new(Cell::new(0u32));
                    let seen = order.clone();
                    let clock = h.clock().clone();
                    let late = h.spawn(async move {
                        clock.sleep_until(5).await;
                        seen.set(seen.get() * 10 + 2);
                    });
                    h.clock().sleep_until(2).await;
                    order.set(order.get() * 10 + 1);
                    late.await;
                    (order.get(), h.clock().now())
                }
                .boxed_local()
            }),
        );
        match out {
            Outcome::Completed((order, now)) => {
                assert_eq!(order, 12, "{rt}");
                assert!(now >= 5, "{rt}: now {now}");
            }
            other => panic!("{rt}: {other}"),
        }
    }
}

#[test]
fn a_run_that_never_ends_times_out_on_real_runtimes_and_deadlocks_in_the_lab() {
    for rt in Runtime::ALL {
        let start = std::time::Instant::now();
        let out = run(
            rt,
            LIMITS,
            Box::new(|_| futures::future::pending::<()>().boxed_local()),
        );
        if rt.is_real() {
            assert!(
                start.elapsed() >= LIMITS.deadline,
                "{rt}: {:?}",
                start.elapsed()
            );
        }
        match (rt, out) {
            (Runtime::Lab, Outcome::Deadlock { .. }) => {}
            (_, Outcome::TimedOut { after_ms: 500 }) if rt.is_real() => {}
            (rt, other) => panic!("{rt}: {other}"),
        }
    }
}

#[test]
fn a_panic_in_a_spawned_task_ends_the_run_as_panicked() {
    for rt in Runtime::ALL {
        let out = run(
            rt,
            LIMITS,
            Box::new(|h| {
                let h = h.clone();
                async move {
                    h.spawn(async { panic!("boom") }).await;
                }
                .boxed_local()
            }),
        );
        match out {
            Outcome::Panicked { message } => assert_eq!(message, "boom", "{rt}"),
            other => panic!("{rt}: {other}"),
        }
    }
}

#[test]
fn ids_parse_back_and_a_bad_one_lists_the_valid_ones() {
    for rt in Runtime::ALL {
        assert_eq!(Runtime::parse(rt.id()), Ok(rt));
    }
    let e = Runtime::parse("glommio").unwrap_err();
    assert!(
        e.contains("tokio-multi-thread") && e.contains("smol"),
        "{e}"
    );
}

#[test]
fn a_task_still_pending_at_the_end_is_dropped_before_the_run_returns() {
    for rt in Runtime::ALL {
        let dropped = Rc::new(Cell::new(false));
        let seen = dropped.clone();
        struct Flag(Rc<Cell<bool>>);
        impl Drop for Flag {
            fn drop(&mut self) {
                self.0.set(true);
            }
        }
        let out = run(
            rt,
            LIMITS,
            Box::new(move |h| {
                let flag = Flag(seen);
                drop(h.spawn(async move {
                    let _flag = flag;
                    futures::future::pending::<()>().await;
                }));
                async {}.boxed_local()
            }),
        );
        assert!(matches!(out, Outcome::Completed(())), "{rt}: {out}");
        assert!(dropped.get(), "{rt}: the pending task was not dropped");
    }
}

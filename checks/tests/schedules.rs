//! The schedules check, both ways: a design that loses data fails, every scheduler ran it,
//! and its counterexample has a non-FIFO schedule and fails the same way when replayed (the
//! script may lose under FIFO too); a lossless one passes on enough racing scripts and is
//! inconclusive on too few. The producer task makes real choice points: a control design
//! whose loss needs a non-FIFO order is caught on scripts FIFO passes, and a run that never
//! completes fails apart from the losses.

use futures::future::LocalBoxFuture;
use futures::{FutureExt, StreamExt};
use lab_checks::schedules::{self, Settings, run};
use lab_designs::concurrent;
use lab_executor::schedule::{Random, Replay};
use lab_findings::{Param, Verdict};
use lab_workloads::Source;

fn settings(scripts: u64, runs: u64) -> Settings {
    Settings {
        scripts,
        runs,
        seed: 7,
    }
}

#[test]
fn the_producer_task_gives_the_scheduler_choices() {
    let script = schedules::scripts(20, 3)
        .into_iter()
        .find(|s| s.packets.len() >= 3 && s.batches.len() >= 2)
        .expect("a script with a race");
    let design = concurrent::by_id("fc-merge-vec").unwrap();
    let schedules: std::collections::BTreeSet<String> = (0..20)
        .map(|seed| run(design, &script, Random::new(seed)).schedule.to_string())
        .collect();
    assert!(schedules.len() > 1, "{schedules:?}");
    let r = run(design, &script, Random::new(1));
    assert!(!r.schedule.steps.is_empty());
    let again = run(design, &script, Replay::new(r.schedule.choices()));
    assert_eq!(
        again.schedule, r.schedule,
        "a deterministic design replays exactly"
    );
}

#[test]
fn a_lossy_design_fails_and_its_schedule_replays() {
    let design = concurrent::by_id("futures-select-biased").unwrap();
    let f = schedules::check(design, &settings(30, 2), &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    let c = f.counterexample.as_ref().expect("a counterexample");
    assert_eq!((c.reproduced, c.reruns), (1, 1), "{c:?}");
    let schedule = c.data["schedule"].as_str().unwrap();
    assert!(!schedule.is_empty(), "a non-FIFO loss is preferred: {c:?}");
    for s in schedules::SCHEDULERS {
        let at = [(schedules::SCHEDULER, Param::from(*s))];
        assert!(f.value(schedules::RUNS_METRIC, &at).unwrap() > 0.0, "{s}");
    }
    // Deterministic: the schedule-only count is measured.
    assert!(f.value(schedules::SCHEDULE_ONLY, &[]).is_some());
}

#[test]
fn a_lossless_design_passes_and_too_few_runs_are_inconclusive() {
    let design = concurrent::by_id("futures-select-hoisted").unwrap();
    let f = schedules::check(design, &settings(200, 1), &|| {});
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.summary);
    assert!(f.counterexample.is_none());
    let few = schedules::check(design, &settings(30, 2), &|| {});
    assert_eq!(few.verdict, Verdict::Inconclusive, "{}", few.summary);
}

#[test]
fn a_random_design_does_not_claim_schedule_only_losses() {
    let design = concurrent::by_id("tokio-select").unwrap();
    let f = schedules::check(design, &settings(20, 1), &|| {});
    assert!(f.value(schedules::SCHEDULE_ONLY, &[]).is_none());
    // Its counterexample is replayed 20 times, not once.
    let c = f.counterexample.as_ref().expect("tokio-select loses data");
    assert_eq!(c.reruns, schedules::REPLAYS, "{c:?}");
    // Neither the schedule-only count nor the exhaustive search stands for it.
    assert_eq!(f.not_measured.len(), 2, "{:?}", f.not_measured);
    let at = [(schedules::SCHEDULER, Param::from("exhaustive"))];
    assert!(f.value(schedules::RUNS_METRIC, &at).is_none());
}

/// A control the non-FIFO schedulers must catch and FIFO need not: the file is drained
/// first, then only the packets already sent are taken (`now_or_never`), as if "the file
/// has ended" meant "every packet has arrived". Where the producer's send and the last
/// file send fall on one tick, whether that packet is taken depends on which task runs first.
struct TakesWhatHasArrived;

impl lab_designs::Design for TakesWhatHasArrived {
    fn info(&self) -> lab_designs::DesignInfo {
        lab_designs::DesignInfo {
            id: "test-takes-what-has-arrived",
            krate: "lab tests",
            construct: "now_or_never after the file ends",
            summary: "drains the file, then takes only the packets already sent",
        }
    }
}

impl concurrent::ConcurrentDesign for TakesWhatHasArrived {
    fn declares(&self) -> concurrent::Declares {
        concurrent::Declares {
            expects_loss: true,
            loses_at_stream_end: true,
            polls_after_end: false,
            never_ends: false,
            pick: concurrent::Pick::Biased,
        }
    }

    fn arity(&self) -> concurrent::Arity {
        concurrent::Arity::OneOf(&[2])
    }

    fn race_read_send(&self, w: lab_workloads::ReadSend) -> LocalBoxFuture<'static, ()> {
        async move {
            let lab_workloads::ReadSend { io, mut packets } = w;
            while io.read_send().await {}
            while let Some(Some(p)) = packets.next().now_or_never() {
                io.deliver_packet(p);
            }
        }
        .boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: concurrent::Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("the schedules check races read_send only")
    }
}

#[test]
fn scripts_that_fail_only_off_fifo_are_counted_both_ways() {
    let f = schedules::check(&TakesWhatHasArrived, &settings(200, 4), &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    // Some non-FIFO scheduler found a failure on a script FIFO passed, and says when.
    assert!(
        ["random", "pct-d2", "pct-d3", "exhaustive"]
            .iter()
            .any(|s| f
                .value(
                    schedules::FIRST_OFF_FIFO,
                    &[(schedules::SCHEDULER, Param::from(*s))]
                )
                .is_some()),
        "{}",
        f.summary
    );
    let only = f.value(schedules::SCHEDULE_ONLY, &[]).unwrap();
    eprintln!("off-FIFO only: {only} scripts; {}", f.summary);
    assert!(only >= 1.0, "{}", f.summary);
    // A lossless design has none.
    let safe = concurrent::by_id("reference-merge-first").unwrap();
    let g = schedules::check(safe, &settings(200, 4), &|| {});
    assert_eq!(g.verdict, Verdict::Pass, "{}", g.summary);
    assert_eq!(g.value(schedules::SCHEDULE_ONLY, &[]), Some(0.0));
}

/// Never returns once the file is done: every run ends in the executor's deadlock.
struct StopsAtTheEnd;

impl lab_designs::Design for StopsAtTheEnd {
    fn info(&self) -> lab_designs::DesignInfo {
        lab_designs::DesignInfo {
            id: "test-stops-at-the-end",
            krate: "lab tests",
            construct: "pending() after the file",
            summary: "delivers everything, then waits forever",
        }
    }
}

impl concurrent::ConcurrentDesign for StopsAtTheEnd {
    fn declares(&self) -> concurrent::Declares {
        TakesWhatHasArrived.declares()
    }

    fn arity(&self) -> concurrent::Arity {
        concurrent::Arity::OneOf(&[2])
    }

    fn race_read_send(&self, w: lab_workloads::ReadSend) -> LocalBoxFuture<'static, ()> {
        async move {
            let lab_workloads::ReadSend { io, mut packets } = w;
            while io.read_send().await {}
            while let Some(p) = packets.next().await {
                io.deliver_packet(p);
            }
            futures::future::pending::<()>().await;
        }
        .boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: concurrent::Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("the schedules check races read_send only")
    }
}

#[test]
fn no_random_or_pct_runs_claim_no_pass() {
    let design = concurrent::by_id("futures-select-hoisted").unwrap();
    let f = schedules::check(design, &settings(200, 0), &|| {});
    assert_eq!(f.verdict, Verdict::Inconclusive, "{}", f.summary);
}

#[test]
fn a_run_that_does_not_complete_fails_apart_from_losses() {
    let f = schedules::check(&StopsAtTheEnd, &settings(20, 1), &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    let at = [(schedules::SCHEDULER, Param::from("fifo"))];
    assert_eq!(f.value(schedules::FAILING, &at), Some(0.0));
    assert_eq!(f.value(schedules::UNFINISHED, &at), Some(20.0));
    let c = f.counterexample.as_ref().unwrap();
    assert!(c.failure.contains("deadlock"), "{}", c.failure);
    assert_eq!((c.reproduced, c.reruns), (1, 1));
}

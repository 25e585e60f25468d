//! The real-runtimes check both ways: the lab's lossy and lossless designs get the lab's
//! answer on every runtime, and a control whose verdict is an artefact of the lab's virtual
//! time is caught as an unfinished-against-finished disagreement on every real runtime.
//! (The comparison itself, for every kind of answer, is tested in `runtimes::answer` and
//! `runtimes::tests`.)

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_checks::Options;
use lab_checks::runtimes::{
    self, BUDGET_RAN_OUT, DISAGREEMENTS, DRAINS_RUN, LOSSY, POLLS, RACES, RUNTIME, SHARE,
    STARVED_MEDIAN, UNFINISHED, UNTOUCHED, YIELDED,
};
use lab_designs::concurrent;
use lab_findings::{Param, Verdict};
use lab_runtimes::{Runtime, Set};
use lab_workloads::Source;

fn at(rt: Runtime) -> [(&'static str, Param); 1] {
    [(RUNTIME, rt.id().into())]
}

/// A test design's declaration: lossless, ending, with `pick`.
fn declares(pick: concurrent::Pick) -> concurrent::Declares {
    concurrent::Declares {
        expects_loss: false,
        loses_at_stream_end: false,
        polls_after_end: false,
        never_ends: false,
        pick,
    }
}

fn quick() -> Options {
    Options {
        quick: true,
        ..Options::default()
    }
}

#[test]
fn a_lossy_and_a_lossless_design_agree_with_the_lab_on_every_runtime() {
    for (id, lossy) in [("futures-select-biased", true), ("fc-merge-vec", false)] {
        let d = concurrent::by_id(id).unwrap();
        let f = runtimes::check(d, &quick(), &|| {});
        assert_eq!(f.verdict, Verdict::Pass, "{id}: {}", f.summary);
        assert_eq!(f.value(DISAGREEMENTS, &[]), Some(0.0));
        for rt in Runtime::ALL {
            assert_eq!(f.value(RACES, &at(rt)), Some(4.0), "{id} on {rt}");
            let lost = f.value(LOSSY, &at(rt)).unwrap();
            assert_eq!(lost > 0.0, lossy, "{id} on {rt}: {lost}");
            assert_eq!(f.value(DRAINS_RUN, &at(rt)), Some(30.0), "{id} on {rt}");
            // 512 receives in one drain task spend tokio's budget of 128 per task poll, so
            // every drain yields to tokio and is polled again; elsewhere the always-ready
            // channels let a drain finish in its first poll.
            let tokio = matches!(rt, Runtime::TokioCurrentThread | Runtime::TokioMultiThread);
            if tokio {
                assert_eq!(f.value(BUDGET_RAN_OUT, &at(rt)), Some(30.0), "{id} on {rt}");
            }
            let yielded = if tokio { 30.0 } else { 0.0 };
            assert_eq!(f.value(YIELDED, &at(rt)), Some(yielded), "{id} on {rt}");
            let polls = f.value(POLLS, &at(rt)).unwrap();
            assert_eq!(polls > 1.0, tokio, "{id} on {rt}: {polls}");
            let share = f.value(SHARE, &at(rt)).unwrap();
            let starved = f.value(STARVED_MEDIAN, &at(rt)).unwrap();
            // futures' biased select! always takes source 0, and source 1 gets nothing
            // until it runs out; the Vec merge rotates.
            if lossy {
                assert_eq!((share, starved), (1.0, 0.0), "{id} on {rt}");
            } else {
                assert!((share - 0.5).abs() < 0.1, "{id} on {rt}: {share}");
                assert!(starved > 0.0, "{id} on {rt}: {starved}");
            }
        }
        // Only the tokio columns' drains are compared.
        assert!(
            f.summary
                .contains(&format!("(async-std, smol: {UNTOUCHED})")),
            "{id}: {}",
            f.summary
        );
    }
}

#[test]
fn runtime_narrows_the_run_to_the_lab_and_the_runtimes_named() {
    let d = concurrent::by_id("fc-merge-vec").unwrap();
    let options = Options {
        runtimes: Some([Runtime::Smol].into_iter().collect::<Set>()),
        ..quick()
    };
    let f = runtimes::check(d, &options, &|| {});
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.summary);
    for rt in Runtime::ALL {
        let ran = matches!(rt, Runtime::Lab | Runtime::Smol);
        assert_eq!(f.value(RACES, &at(rt)).is_some(), ran, "{rt}");
    }
}

/// A control whose lab verdict is the lab's virtual time: once the file is read it waits
/// for the packets by spinning on `yield_now` and `now_or_never`. The lab executor moves
/// time only when no task is runnable, so a spinning task stops the clock and the run
/// exhausts its step budget; a real runtime's clock runs on, the packets arrive and the
/// run completes.
struct SpinsOnYield;

impl lab_designs::Design for SpinsOnYield {
    fn info(&self) -> lab_designs::DesignInfo {
        lab_designs::DesignInfo {
            id: "test-spins-on-yield",
            krate: "lab tests",
            construct: "loop { now_or_never(); yield_now().await }",
            summary: "waits for packets by spinning on yield_now",
        }
    }
}

impl concurrent::ConcurrentDesign for SpinsOnYield {
    fn declares(&self) -> concurrent::Declares {
        declares(concurrent::Pick::Biased)
    }

    fn arity(&self) -> concurrent::Arity {
        concurrent::Arity::OneOf(&[])
    }

    fn race_read_send(&self, w: lab_workloads::ReadSend) -> LocalBoxFuture<'static, ()> {
        async move {
            let lab_workloads::ReadSend { io, mut packets } = w;
            while io.read_send().await {}
            loop {
                match packets.next().now_or_never() {
                    Some(Some(p)) => io.deliver_packet(p),
                    Some(None) => break,
                    None => lab_executor::yield_now().await,
                }
            }
        }
        .boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: concurrent::Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("no drain")
    }
}

static SPINS: SpinsOnYield = SpinsOnYield;

#[test]
fn a_verdict_that_is_the_labs_virtual_time_is_a_disagreement_on_every_real_runtime() {
    let f = runtimes::check(&SPINS, &quick(), &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    assert_eq!(f.matches_expectation(), Some(false));
    assert_eq!(f.value(DISAGREEMENTS, &[]), Some(4.0), "{}", f.summary);
    assert!(f.value(UNFINISHED, &at(Runtime::Lab)).unwrap() > 0.0);
    for rt in Runtime::ALL.into_iter().filter(|r| r.is_real()) {
        assert_eq!(
            f.value(UNFINISHED, &at(rt)),
            Some(0.0),
            "{rt}: {}",
            f.summary
        );
        assert!(f.summary.contains(rt.id()), "{}", f.summary);
    }
}

/// Controls whose drains fail only once tokio's budget runs out: `select_all`'s drain, but
/// at the first item that leaves no budget one drops that item and the other delivers it
/// and panics. In the lab, async-std and smol the budget never runs out, so only the tokio
/// columns fail (the panicking one within the drain's first poll).
struct FailsWithoutBudget {
    id: &'static str,
    panics: bool,
}

impl lab_designs::Design for FailsWithoutBudget {
    fn info(&self) -> lab_designs::DesignInfo {
        lab_designs::DesignInfo {
            id: self.id,
            krate: "lab tests",
            construct: "select_all(sources), failing when has_budget_remaining() is false",
            summary: "a drain that fails under tokio's cooperative budget",
        }
    }
}

impl concurrent::ConcurrentDesign for FailsWithoutBudget {
    fn declares(&self) -> concurrent::Declares {
        declares(concurrent::Pick::RoundRobin)
    }

    fn arity(&self) -> concurrent::Arity {
        concurrent::Arity::Any
    }

    fn race_read_send(&self, w: lab_workloads::ReadSend) -> LocalBoxFuture<'static, ()> {
        concurrent::by_id("futures-select-all")
            .unwrap()
            .race_read_send(w)
    }

    fn drain(
        &self,
        sources: Vec<Source>,
        mut sink: concurrent::Sink,
    ) -> LocalBoxFuture<'static, ()> {
        let panics = self.panics;
        async move {
            let mut merged = futures::stream::select_all(sources);
            let mut failed = false;
            while let Some(item) = merged.next().await {
                if !failed && !tokio::task::coop::has_budget_remaining() {
                    failed = true;
                    if !panics {
                        continue;
                    }
                    sink(item);
                    panic!("no budget left at {item:?}");
                }
                sink(item);
            }
        }
        .boxed_local()
    }
}

static DROPS: FailsWithoutBudget = FailsWithoutBudget {
    id: "test-drops-without-budget",
    panics: false,
};
static PANICS: FailsWithoutBudget = FailsWithoutBudget {
    id: "test-panics-without-budget",
    panics: true,
};

#[test]
fn a_drain_that_fails_only_under_tokios_budget_is_a_disagreement_on_tokio() {
    for (control, kind, count) in [
        (
            &DROPS,
            "lost an item in a drain",
            runtimes::DRAIN_NAMES.lossy,
        ),
        (
            &PANICS,
            "panicked in a drain",
            runtimes::DRAIN_NAMES.panicked,
        ),
    ] {
        let f = runtimes::check(control, &quick(), &|| {});
        assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
        assert_eq!(f.value(DISAGREEMENTS, &[]), Some(2.0), "{}", f.summary);
        for rt in Runtime::ALL {
            let tokio = matches!(rt, Runtime::TokioCurrentThread | Runtime::TokioMultiThread);
            let failed = if tokio { 30.0 } else { 0.0 };
            assert_eq!(f.value(count, &at(rt)), Some(failed), "{rt}: {}", f.summary);
            assert_eq!(
                f.summary
                    .contains(&format!("{rt} {kind}: yes (in 30 of 30 drains)")),
                tokio,
                "{rt}: {}",
                f.summary
            );
        }
        // A failed drain gives no share; async-std's and smol's drains are not compared.
        assert!(f.summary.contains("not compared"), "{}", f.summary);
        assert!(
            f.summary.contains(&format!("async-std, smol: {UNTOUCHED}")),
            "{}",
            f.summary
        );
    }
}

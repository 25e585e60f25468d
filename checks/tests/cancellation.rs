//! Cancellation safety of every iterator design, asserted both ways: the natural
//! `async fn next` and the re-creating merge are caught with a minimal counterexample; the
//! `poll_next`, careful, generator, adapter, `dyn` and stored-merge designs pass every case.
//! `LAB_CASES` sets the number of cases (default 10,000).

use lab_checks::cancellation::{self, Case};
use lab_checks::property::PropertySettings as Settings;
use lab_designs::iterator;
use lab_findings::Verdict;
use lab_workloads::{Batch, BatchScript, LinesScript};

fn settings() -> Settings {
    let cases = std::env::var("LAB_CASES")
        .ok()
        .map_or(10_000, |v| v.parse().expect("LAB_CASES is a number"));
    Settings {
        cases,
        sweep: 200,
        reruns: 20,
        ..Settings::default()
    }
}

#[test]
fn cancel_safe_designs_lose_nothing() {
    for design in iterator::all().iter().filter(|d| d.cancel_safe()) {
        let f = cancellation::check(*design, &settings(), &|| {});
        assert_eq!(f.verdict, Verdict::Pass, "{}: {}", f.id, f.summary);
        assert_eq!(f.cases, Some(u64::from(settings().cases)));
        assert_eq!(
            f.figures_of("bytes and items lost").next().unwrap().value,
            0.0,
            "{}",
            f.id
        );
        // The check did cancel: futures were dropped in the sampled cases.
        assert!(
            f.figures_of("next() futures dropped").next().unwrap().value > 0.5,
            "{}",
            f.id
        );
    }
}

#[test]
fn lossy_designs_are_caught_with_a_minimal_counterexample() {
    for design in iterator::all().iter().filter(|d| !d.cancel_safe()) {
        let f = cancellation::check(*design, &settings(), &|| {});
        assert_eq!(f.verdict, Verdict::Fail, "{}: {}", f.id, f.summary);
        let cx = f.counterexample.as_ref().expect("a counterexample");
        assert!(cx.reproduced > 0, "{}", f.id);
        let case: Case = serde_json::from_value(cx.data.clone()).unwrap();
        // Shrinks to one single-item batch; the natural iterator needs one give-up, the
        // re-creating merge none (it cancels its own futures).
        assert_eq!(
            case.batches.batches,
            [Batch { at: 0, len: 1 }],
            "{}: {}",
            f.id,
            cx.input
        );
        assert!(case.give_up_after.len() <= 1, "{}: {}", f.id, cx.input);
        assert!(
            cx.failure.contains("items lost: s0#0"),
            "{}: {}",
            f.id,
            cx.failure
        );
    }
}

/// A partial line is read ("ab"), then the wait for the rest is abandoned after one poll.
fn torn_line() -> Case {
    Case {
        lines: LinesScript {
            chunks: vec![(0, b"ab".to_vec()), (1, b"c\n".to_vec())],
        },
        batches: BatchScript {
            batches: vec![],
            decode_ticks: 0,
        },
        give_up_after: vec![1],
    }
}

#[test]
fn the_natural_line_splitter_loses_a_torn_line_and_the_careful_one_does_not() {
    let natural = iterator::by_id("async-next-natural").unwrap();
    let t = cancellation::trial(natural, &torn_line(), 10_000);
    assert_eq!(t.lines, Some((vec![b"abc".to_vec()], vec![b"c".to_vec()])));
    assert_eq!(t.dropped, 1);
    for id in [
        "async-next-careful",
        "poll-next",
        "generator",
        "natural-as-stream",
        "dyn-async-next",
    ] {
        let t = cancellation::trial(iterator::by_id(id).unwrap(), &torn_line(), 10_000);
        assert_eq!(
            t.lines,
            Some((vec![b"abc".to_vec()], vec![b"abc".to_vec()])),
            "{id}"
        );
        assert_eq!(
            t.dropped, 1,
            "{id}: the future was dropped, and nothing was lost"
        );
    }
}

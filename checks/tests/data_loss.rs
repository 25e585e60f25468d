//! Every design's data-loss verdict, asserted both ways: designs declared lossless pass,
//! designs declared lossy are caught with a shrunk counterexample. `LAB_CASES` sets the
//! number of proptest cases (default 10,000).

use lab_checks::data_loss;
use lab_checks::property::PropertySettings as Settings;
use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_findings::Verdict;
use lab_workloads::{Batch, ReadSendScript};

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

fn check(design: &dyn ConcurrentDesign) -> lab_findings::Finding {
    data_loss::check(design, &settings(), &|| {})
}

#[test]
fn lossless_designs_pass_every_case() {
    for design in concurrent::all()
        .iter()
        .filter(|d| !d.declares().expects_loss && !d.declares().never_ends)
    {
        let f = check(*design);
        assert_eq!(f.verdict, Verdict::Pass, "{}: {}", f.id, f.summary);
        assert_eq!(f.cases, Some(u64::from(settings().cases)));
        assert!(f.counterexample.is_none());
        assert_eq!(
            f.figures_of("items lost").next().unwrap().value,
            0.0,
            "{}",
            f.id
        );
    }
}

#[test]
fn designs_whose_race_never_ends_are_a_deadlock_not_a_hang() {
    let never: Vec<_> = concurrent::all()
        .iter()
        .filter(|d| d.declares().never_ends)
        .collect();
    assert!(!never.is_empty(), "no design is declared never to end");
    for design in never {
        let f = check(*design);
        assert_eq!(f.verdict, Verdict::Deadlock, "{}: {}", f.id, f.summary);
        assert_eq!(f.expected, Some(Verdict::Deadlock), "{}", f.id);
    }
}

#[test]
fn lossy_designs_are_caught_with_a_minimal_counterexample() {
    for design in concurrent::all()
        .iter()
        .filter(|d| d.declares().expects_loss)
    {
        let f = check(*design);
        assert_eq!(f.verdict, Verdict::Fail, "{}: {}", f.id, f.summary);
        let cx = f
            .counterexample
            .as_ref()
            .expect("a failing finding has a counterexample");
        assert!(cx.failure.contains("lost"), "{}: {}", f.id, cx.failure);
        assert!(
            cx.reproduced > 0,
            "{}: the minimal case never failed again",
            f.id
        );
        let minimal: ReadSendScript = serde_json::from_value(cx.data.clone()).unwrap();
        if f.design.id == "futures-lite-or" {
            // Its loss is the merged stream ending with the packets while a batch is mid-send,
            // not a cancelled turn of a select!; proptest's shrinking stops at two batches
            // here, so the test asks for at most two batches of at most two items, no packets.
            assert!(
                minimal.batches.len() == 2 && minimal.batches.iter().all(|b| b.len <= 2),
                "{}: {}",
                f.id,
                cx.input
            );
            assert!(minimal.packets.is_empty(), "{}: {}", f.id, cx.input);
            continue;
        }
        // Shrinking reaches one single-item batch whose send only yields, raced against at
        // most one packet (futures' select! needs none: the packet stream's end is enough).
        assert_eq!(
            minimal.batches,
            [Batch { at: 0, len: 1 }],
            "{}: {}",
            f.id,
            cx.input
        );
        assert_eq!(minimal.send_ticks, 0, "{}: {}", f.id, cx.input);
        assert!(
            minimal.packets.iter().all(|&t| t == 0) && minimal.packets.len() <= 1,
            "{}: {}",
            f.id,
            cx.input
        );
        assert!(f.figures_of("items lost").next().unwrap().value > 0.0);
    }
}

#[test]
fn no_cases_is_not_run_and_too_few_is_inconclusive_never_pass() {
    let lossless = concurrent::by_id("futures-select-hoisted").unwrap();
    let lossy = concurrent::by_id("tokio-select").unwrap();
    let with = |cases| Settings {
        cases,
        ..settings()
    };
    for design in [lossless, lossy] {
        let f = data_loss::check(design, &with(0), &|| {});
        assert_eq!(f.verdict, Verdict::NotRun, "{}: {}", f.id, f.summary);
        assert!(f.figures.is_empty(), "{}: no figures from no cases", f.id);
    }
    let few = lab_checks::property::min_cases() - 1;
    let f = data_loss::check(lossless, &with(few), &|| {});
    assert_eq!(f.verdict, Verdict::Inconclusive, "{}", f.summary);
    let f = data_loss::check(lossless, &with(few + 1), &|| {});
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.summary);
    // A lossy design is still caught with few cases: a failure needs no power to be real.
    let f = data_loss::check(lossy, &with(few), &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
}

#[test]
fn a_pass_states_the_failure_rate_it_rules_out() {
    use lab_checks::property::{MISS, excluded_rate, min_cases};
    assert_eq!(min_cases(), 132);
    // 10,000 passing cases rule out designs failing on 0.14% of inputs or more.
    assert!((excluded_rate(10_000) - 0.00138).abs() < 1e-5);
    // Exactly: a design failing that often passes every case with probability MISS.
    let r = excluded_rate(500);
    assert!(((1.0 - r).powi(500) - MISS).abs() < 1e-12);
}

//! Every design's stream-end verdict, asserted both ways: designs whose `select!` completes on
//! the packet stream's `None` lose the batch in flight, and are caught with a minimal script
//! in which no packet arrives at all; every other design passes. `LAB_CASES` sets the cases.

use lab_checks::property::PropertySettings;
use lab_checks::stream_end;
use lab_designs::concurrent;
use lab_findings::Verdict;
use lab_workloads::ReadSendScript;

fn settings() -> PropertySettings {
    let cases = std::env::var("LAB_CASES")
        .ok()
        .map_or(10_000, |v| v.parse().expect("LAB_CASES is a number"));
    PropertySettings {
        cases,
        sweep: 200,
        reruns: 20,
        ..PropertySettings::default()
    }
}

#[test]
fn stream_end_verdicts_match_declarations_both_ways() {
    let mut caught = 0;
    for design in concurrent::all() {
        let f = stream_end::check(*design, &settings(), &|| {});
        if design.declares().never_ends {
            assert_eq!(f.verdict, Verdict::Deadlock, "{}: {}", f.id, f.summary);
        } else if design.declares().loses_at_stream_end {
            caught += 1;
            assert_eq!(f.verdict, Verdict::Fail, "{}: {}", f.id, f.summary);
            let cx = f.counterexample.as_ref().expect("a counterexample");
            let minimal: ReadSendScript = serde_json::from_value(cx.data.clone()).unwrap();
            assert!(minimal.packets.is_empty(), "{}: {}", f.id, cx.input);
            assert!(cx.failure.contains("lost"), "{}: {}", f.id, cx.failure);
        } else {
            assert_eq!(f.verdict, Verdict::Pass, "{}: {}", f.id, f.summary);
        }
    }
    // The check must be shown to catch something.
    assert!(caught >= 2, "no design is declared to lose at stream end");
}

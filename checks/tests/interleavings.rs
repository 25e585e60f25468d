//! The loom check's verdicts from model results, both ways: a correct model that passed and
//! a known-bad one that was caught are as expected; a known-bad one that passed, a correct
//! one that failed, a failure whose replay differed, and a result of no known design are
//! each reported as such.

use lab_checks::interleavings::{Loom, schedule_text};
use lab_checks::{Check, Input, Options};
use lab_findings::Verdict;
use lab_findings::loom::ModelRun;

fn run(design: &str, must_fail: bool, failure: Option<&str>) -> ModelRun {
    ModelRun {
        design: design.into(),
        flaw: "x".into(),
        binary: "channel".into(),
        about: "two producers".into(),
        threads: vec!["consumer".into(), "producer 0".into()],
        sent: vec![2, 1],
        preemption_bound: Some(2),
        interleavings: 13,
        seconds: 0.5,
        must_fail_with: must_fail.then(|| "lost wakeup".into()),
        commit: None,
        failure: failure.map(Into::into),
        schedule: if failure.is_some() {
            vec![0, 0, 1, 0]
        } else {
            vec![]
        },
        replayed: failure.map(|_| true),
        checkpoint: failure.map(|_| serde_json::json!({"pos": 0})),
    }
}

const LOST: &str = "deadlock; threads = [(Id(0), Blocked(Location(None))), (Id(1), Terminated)]";

fn check(runs: &[ModelRun]) -> lab_checks::Produced {
    Loom.run(Input::Loom(runs), &Options::default(), &|| {})
        .unwrap()
}

#[test]
fn as_required_both_ways() {
    let p = check(&[
        run("reference-channel", false, None),
        run("reference-channel-check-then-register", true, Some(LOST)),
    ]);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let [pass, caught] = &p.findings[..] else {
        panic!("two findings")
    };
    assert_eq!(
        (pass.verdict, pass.expected),
        (Verdict::Pass, Some(Verdict::Pass))
    );
    assert!(pass.counterexample.is_none());
    assert_eq!(
        (caught.verdict, caught.expected),
        (Verdict::Deadlock, Some(Verdict::Deadlock))
    );
    let c = caught
        .counterexample
        .as_ref()
        .expect("the failing interleaving");
    assert!(
        c.input
            .ends_with("consumer → consumer → producer 0 → consumer"),
        "{}",
        c.input
    );
    assert_eq!((c.reproduced, c.reruns), (1, 1));
    assert!(caught.contradicts.is_empty());
    assert_eq!(caught.value("executions explored", &[]), Some(13.0));
    assert_eq!(caught.value("preemption bound", &[]), Some(2.0));
}

#[test]
fn a_missed_flaw_and_a_failing_design_are_unexpected() {
    let p = check(&[
        run("reference-fair-merge-clear-after-poll", true, None),
        run("reference-fair-merge", false, Some("Arc leaked.")),
    ]);
    let [missed, failed] = &p.findings[..] else {
        panic!("two findings")
    };
    assert_eq!(missed.matches_expectation(), Some(false));
    assert_eq!(
        (failed.verdict, failed.matches_expectation()),
        (Verdict::Fail, Some(false))
    );
}

#[test]
fn a_replay_that_differs_is_a_contradiction() {
    let mut r = run("reference-channel-check-then-register", true, Some(LOST));
    r.replayed = Some(false);
    let p = check(&[r]);
    assert_eq!(p.findings[0].contradicts.len(), 1);
    assert_eq!(p.findings[0].counterexample.as_ref().unwrap().reproduced, 0);
}

#[test]
fn another_failure_than_the_one_required_is_a_contradiction() {
    let stuck =
        "deadlock; threads = [(Id(0), Blocked(Location(None))), (Id(1), Blocked(Location(None)))]";
    let p = check(&[run(
        "reference-channel-check-then-register",
        true,
        Some(stuck),
    )]);
    let f = &p.findings[0];
    // A deadlock, as declared, but not the lost wakeup the flaw is about.
    assert_eq!(f.verdict, Verdict::Deadlock);
    assert_eq!(f.contradicts.len(), 1, "{:?}", f.contradicts);
}

#[test]
fn a_result_of_no_design_is_a_problem() {
    let p = check(&[run("reference-nothing", false, None)]);
    assert!(p.findings.is_empty());
    assert!(
        p.problems[0].contains("reference-nothing"),
        "{:?}",
        p.problems
    );
}

#[test]
fn every_variant_is_expected() {
    let designs = Loom.designs();
    assert_eq!(
        designs,
        [
            "reference-channel",
            "reference-channel-check-then-register",
            "reference-fair-merge",
            "reference-fair-merge-clear-after-poll"
        ]
    );
}

#[test]
fn schedule_runs_are_named() {
    let mut r = run("x", true, Some(LOST));
    r.schedule = vec![0, 1, 0, 5];
    assert_eq!(
        schedule_text(&r),
        "threads in the order loom switched to them: consumer → producer 0 → consumer → thread 5"
    );
}

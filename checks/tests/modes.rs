//! The mode-semantics check, both ways: every crate's implementation does what its cell
//! of seed 002's tables says, the known-bad race that waits for all is caught with a shrunk
//! script, and the judge rejects outputs and return ticks of the wrong shape.

use lab_checks::modes::semantics::{self, ALL_FAIL_ERRORS, ModeRun, judge};
use lab_designs::modes::{self, Mode, ModeOutput};
use lab_findings::Verdict;
use lab_workloads::ItemState;

#[test]
fn every_design_gets_its_declared_verdict() {
    for d in modes::all() {
        let f = semantics::check(*d, 300, 7, &|| {});
        assert_eq!(
            Some(f.verdict),
            f.expected,
            "{}: {}",
            d.info().id,
            f.summary
        );
    }
    let bad = semantics::check(
        modes::by_id("reference-race-by-join").unwrap(),
        300,
        7,
        &|| {},
    );
    let c = bad.counterexample.expect("a shrunk script");
    assert_eq!(c.reproduced, 1, "{c:?}");
    assert!(c.failure.contains("not at"), "{}", c.failure);
}

#[test]
fn race_ok_implementations_return_different_errors_when_all_fail() {
    let errors = |id| {
        semantics::check(modes::by_id(id).unwrap(), 300, 7, &|| {})
            .value(ALL_FAIL_ERRORS, &[])
            .expect("some case had every operation fail")
    };
    // futures-concurrency's AggregateError keeps every error; futures' select_ok the last.
    assert_eq!(errors("fc-race-ok"), 3.0);
    assert_eq!(errors("futures-select-ok"), 1.0);
    let fewest = |id| {
        semantics::check(modes::by_id(id).unwrap(), 300, 7, &|| {})
            .value(semantics::ALL_FAIL_ERRORS_MIN, &[])
            .unwrap()
    };
    assert_eq!(
        (fewest("fc-race-ok"), fewest("futures-select-ok")),
        (3.0, 1.0)
    );
}

#[test]
fn the_judge_rejects_the_wrong_tick_output_and_running_operations() {
    let script = [(2, true), (0, false), (1, true)];
    let ran = |output, returned_at, states: Vec<ItemState>| ModeRun {
        output,
        returned_at,
        states,
    };
    let done = vec![ItemState::Finished; 3];
    let all = ModeOutput::All(vec![Ok(0), Err(1), Ok(2)]);
    assert!(judge(Mode::Join, &script, &ran(all.clone(), 2, done.clone())).is_ok());
    assert!(judge(Mode::Join, &script, &ran(all.clone(), 1, done.clone())).is_err());
    assert!(judge(Mode::Race, &script, &ran(all, 2, done.clone())).is_err());
    let first_err = ModeOutput::TryAll(Err(1));
    let mut running = done.clone();
    running[0] = ItemState::Started;
    assert!(
        judge(
            Mode::TryJoin,
            &script,
            &ran(first_err.clone(), 0, done.clone())
        )
        .is_ok()
    );
    assert!(judge(Mode::TryJoin, &script, &ran(first_err, 0, running)).is_err());
    assert!(
        judge(
            Mode::RaceOk,
            &script,
            &ran(ModeOutput::FirstOk(Ok(2)), 1, done.clone())
        )
        .is_ok()
    );
    assert!(
        judge(
            Mode::RaceOk,
            &script,
            &ran(ModeOutput::FirstOk(Ok(0)), 1, done.clone())
        )
        .is_err()
    );
    let late = ModeOutput::Each(vec![(0, Err(1)), (2, Ok(2)), (2, Ok(0))]);
    assert!(judge(Mode::Merge, &script, &ran(late, 2, done)).is_err());
}

#[test]
fn every_script_is_run_and_each_known_bad_reference_is_caught() {
    assert_eq!(semantics::every_script().len(), 1000);
    let f = semantics::check(modes::by_id("fc-join").unwrap(), 50, 7, &|| {});
    assert_eq!(f.value("scripts", &[]), Some(1000.0));
    for id in [
        "reference-race-by-join",
        "reference-try-join-by-join",
        "reference-race-ok-as-race",
        "reference-merge-by-join",
    ] {
        let f = semantics::check(modes::by_id(id).unwrap(), 300, 7, &|| {});
        assert_eq!(f.verdict, Verdict::Fail, "{id}: {}", f.summary);
        let c = f.counterexample.unwrap();
        assert_eq!(c.reproduced, 1, "{id}: {c:?}");
    }
}

#[test]
fn the_essay_names_every_cell() {
    let cells: Vec<_> = Mode::ALL
        .iter()
        .map(|m| (m.essay_name(), m.table_one(), m.table_two()))
        .collect();
    assert_eq!(
        cells[3],
        (
            "Future::try_race",
            ("Wait for first output", "Continue on error"),
            ("—", "—")
        )
    );
    assert_eq!(
        cells[5],
        (
            "Stream::merge + Stream::last",
            ("—", "—"),
            ("Response starts on last item", "Discard some items")
        )
    );
}

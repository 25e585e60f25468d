//! The poll-after-end check, both ways: every design that drains gets the verdict its
//! declaration predicts — the merges and futures' select! never poll an ended source,
//! tokio's select! polls it again on later turns — and a false declaration is unexpected.

use lab_checks::poll_after_end::{self, POLLS};
use lab_designs::concurrent;
use lab_findings::Verdict;

#[test]
fn every_design_polls_after_the_end_as_it_declares() {
    let (mut never, mut again) = (0, 0);
    for id in lab_checks::drainable_ids() {
        let d = concurrent::by_id(&id).unwrap();
        let f = poll_after_end::check(d);
        assert_eq!(Some(f.verdict), f.expected, "{id}: {}", f.summary);
        let polls = f.value(POLLS, &[]).unwrap();
        if d.declares().polls_after_end {
            again += 1;
            assert!(polls > 0.0, "{id}");
        } else {
            never += 1;
            assert_eq!(polls, 0.0, "{id}");
        }
    }
    assert!(never >= 10 && again >= 2, "{never} never, {again} again");
}

#[test]
fn a_design_without_a_drain_is_not_measured() {
    let d = concurrent::by_id("reference-spawn-each-operation").unwrap();
    let f = poll_after_end::check(d);
    assert_eq!(f.verdict, Verdict::NotMeasured, "{}", f.summary);
}

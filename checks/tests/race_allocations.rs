//! The race's allocation counts are exact and repeatable: the same design over the same
//! script counts the same, and every design is measured on the binary that counts.

#![cfg(feature = "count-allocations")]

use lab_checks::race_allocations::{HIGHEST, LOWEST, PER_ITEM, RANDOM_REPEATS, RUNS, check};
use lab_designs::concurrent;
use lab_findings::Verdict;

#[test]
fn every_design_is_measured_and_a_recount_agrees() {
    for d in concurrent::all() {
        let f = check(*d, &|| {});
        if d.declares().never_ends {
            // The race must complete to be counted.
            assert_eq!(f.verdict, Verdict::NotMeasured, "{}", d.info().id);
            continue;
        }
        assert_eq!(
            f.verdict,
            Verdict::Measured,
            "{}: {}",
            d.info().id,
            f.summary
        );
        let again = check(*d, &|| {});
        if d.declares().pick.is_random() {
            // The crate's RNG picks the branch, so a recount may differ, but not by much: the
            // recount's mean lies within the first measurement's range, widened by 0.05 (CI
            // has seen 1.146 and 1.156 for tokio-select).
            let lo = f.value(LOWEST, &[]).expect("lowest");
            let hi = f.value(HIGHEST, &[]).expect("highest");
            let mean = again.value(PER_ITEM, &[]).expect("mean");
            assert!(
                lo - 0.05 <= mean && mean <= hi + 0.05,
                "{}: recount {mean} outside {lo}..{hi}",
                d.info().id
            );
            assert_eq!(f.value(RUNS, &[]), Some(f64::from(RANDOM_REPEATS)));
        } else {
            assert_eq!(
                f.value(PER_ITEM, &[]),
                again.value(PER_ITEM, &[]),
                "{}",
                d.info().id
            );
            assert_eq!(f.value(RUNS, &[]), None, "{}", d.info().id);
        }
    }
}

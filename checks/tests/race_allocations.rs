//! The race's allocation counts are exact and repeatable: the same design over the same
//! script counts the same, and every design is measured on the binary that counts.

#![cfg(feature = "count-allocations")]

use lab_checks::race_allocations::{PER_ITEM, check};
use lab_designs::concurrent;
use lab_findings::Verdict;

#[test]
fn every_design_is_measured_and_a_recount_agrees() {
    for d in concurrent::all() {
        let f = check(*d, &|| {});
        assert_eq!(
            f.verdict,
            Verdict::Measured,
            "{}: {}",
            d.info().id,
            f.summary
        );
        let again = check(*d, &|| {});
        assert_eq!(
            f.value(PER_ITEM, &[]),
            again.value(PER_ITEM, &[]),
            "{}",
            d.info().id
        );
    }
}

//! The benchmark checks on synthetic estimates: ratios to the floor of the same group,
//! unsupported arities, and missing measurements reported instead of silently dropped.

use std::collections::HashMap;

use lab_checks::measure::{Timing, Timings};
use lab_checks::section::RATIO;
use lab_checks::throughput::{self, N, NS};
use lab_findings::{Verdict, param};
use lab_workloads::bench::{FLOOR, drain_group};

/// Estimates keyed by (group, function); anything else is missing, as criterion's folders
/// would be.
struct Fake(HashMap<(String, String), f64>);

impl Fake {
    fn with(entries: &[(usize, &str, f64)]) -> Self {
        Fake(
            entries
                .iter()
                .map(|&(n, f, ns)| ((drain_group(n), f.to_string()), ns))
                .collect(),
        )
    }
}

impl Timings for Fake {
    fn timing(&self, group: &str, function: &str) -> Result<Timing, String> {
        let mean = self
            .0
            .get(&(group.to_string(), function.to_string()))
            .ok_or_else(|| format!("{group}/{function}: no estimates"))?;
        Ok(Timing {
            mean: *mean,
            lower: 0.98 * mean,
            upper: 1.02 * mean,
            level: 0.95,
            samples: 100,
        })
    }
}

#[test]
fn ratios_are_computed_against_the_floor_of_the_same_group() {
    let fake = Fake::with(&[
        (2, FLOOR, 2.0),
        (2, "fc-merge-vec", 10.0),
        (32, FLOOR, 1.0),
        (32, "fc-merge-vec", 10.0),
    ]);
    let out = throughput::import(&fake);
    let vec = out
        .findings
        .iter()
        .find(|f| f.id == "concurrent/throughput/fc-merge-vec")
        .unwrap();
    assert_eq!(vec.verdict, Verdict::Measured);
    assert_eq!(vec.value(NS, &[param(N, 2)]), Some(10.0));
    assert_eq!(vec.value(RATIO, &[param(N, 2)]), Some(5.0));
    assert_eq!(vec.value(RATIO, &[param(N, 32)]), Some(10.0));
    assert_eq!(vec.value(RATIO, &[param(N, 8)]), None);
    let floor = out
        .findings
        .iter()
        .find(|f| f.id == "concurrent/throughput/sync-floor")
        .unwrap();
    assert_eq!(floor.value(NS, &[param(N, 2)]), Some(2.0));

    // Every other measurement is missing and says which.
    assert!(
        out.problems
            .iter()
            .any(|p| p.contains("drain-n8/sync-floor"))
    );
    assert!(
        out.problems
            .iter()
            .any(|p| p.contains("drain-n2/futures-select-recreate"))
    );
    // The tuple merge cannot be written for 32 sources: not a missing result.
    assert!(
        !out.problems
            .iter()
            .any(|p| p.contains("drain-n32/fc-merge-tuple"))
    );
}

#[test]
fn no_estimates_yield_no_findings_and_list_what_is_missing() {
    let out = throughput::import(&Fake::with(&[]));
    assert!(out.findings.is_empty());
    assert!(out.problems.len() > 30, "{}", out.problems.len());
}

#[test]
fn intervals_need_enough_samples() {
    let t = Fake::with(&[(2, FLOOR, 2.0)])
        .timing(&drain_group(2), FLOOR)
        .unwrap();
    assert_eq!(t.interval_figures("ns/item").len(), 2);
    let few = Timing { samples: 2, ..t };
    assert!(
        few.interval_figures("ns/item").is_empty(),
        "two samples decide nothing"
    );
}

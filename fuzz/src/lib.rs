//! What every fuzz target does: run its property (`lab_checks::fuzzing`) on the input for
//! the designs `LAB_FUZZ_DESIGNS` names (comma-separated), or else every design the lab
//! declares safe for it, and panic with the crash (design, decoded input, schedule) if one
//! breaks it.

use std::sync::OnceLock;

use lab_checks::fuzzing::{Target, run};

/// The designs this process runs, read once.
fn designs(target: Target) -> &'static [String] {
    static DESIGNS: OnceLock<Vec<String>> = OnceLock::new();
    DESIGNS.get_or_init(|| match std::env::var("LAB_FUZZ_DESIGNS") {
        Ok(list) => list.split(',').map(|d| d.trim().to_string()).collect(),
        Err(_) => target
            .safe_designs()
            .into_iter()
            .map(String::from)
            .collect(),
    })
}

pub fn check(target: Target, data: &[u8]) {
    let designs: Vec<&str> = designs(target).iter().map(String::as_str).collect();
    if let Err(crash) = run(target, data, &designs) {
        panic!("{crash}");
    }
}

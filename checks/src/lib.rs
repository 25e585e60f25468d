//! The checks: each turns a property or a measurement into [`Finding`]s, one per design.
//! One module per check; every check runs on every design of its question.

pub mod data_loss;
pub mod throughput;

use lab_designs::concurrent::DesignInfo;
use lab_findings::{DesignRef, Finding};

/// Question ids, as used in finding ids.
pub const CONCURRENT: &str = "concurrent";

/// The checks the CLI can run, with the question each belongs to.
pub const CHECKS: &[(&str, &str)] = &[
    (CONCURRENT, data_loss::CHECK),
    (CONCURRENT, throughput::CHECK),
];

/// Looks a check up by name; the error lists the valid names.
pub fn check_by_name(name: &str) -> Result<(&'static str, &'static str), String> {
    CHECKS
        .iter()
        .copied()
        .find(|(_, c)| *c == name)
        .ok_or_else(|| {
            let names: Vec<_> = CHECKS.iter().map(|(_, c)| *c).collect();
            format!("unknown check {name:?}; valid checks: {}", names.join(", "))
        })
}

pub fn design_ref(info: &DesignInfo) -> DesignRef {
    DesignRef {
        id: info.id.into(),
        krate: info.krate.into(),
        version: lab_designs::versions::of(info.krate).into(),
        construct: info.construct.into(),
        summary: info.summary.into(),
    }
}

pub(crate) fn finding_id(check: &str, design: &str) -> String {
    Finding::make_id(CONCURRENT, check, design)
}

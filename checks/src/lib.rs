//! The checks: each turns a property or a measurement into [`Finding`]s, one per design.
//! One module per check; every check runs on every design of its question.

pub mod data_loss;
pub mod fairness;
pub mod starvation;
pub mod stats;
pub mod throughput;

use lab_designs::concurrent::DesignInfo;
use lab_findings::{DesignRef, Finding};

/// Question ids, as used in finding ids.
pub const CONCURRENT: &str = "concurrent";

/// The checks the CLI can run, with the question each belongs to.
pub const CHECKS: &[(&str, &str)] = &[
    (CONCURRENT, data_loss::CHECK),
    (CONCURRENT, fairness::CHECK),
    (CONCURRENT, starvation::CHECK),
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

/// Checks that run on the designs directly (throughput comes from `cargo bench`).
pub const PROPERTY_CHECKS: &[&str] = &[data_loss::CHECK, fairness::CHECK, starvation::CHECK];

/// How much work to do; `None` takes each check's default (or its quick value).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub cases: Option<u32>,
    pub runs: Option<u32>,
    pub seed: Option<u64>,
    pub quick: bool,
}

impl Options {
    pub fn data_loss(&self) -> data_loss::Settings {
        let base = data_loss::Settings::default();
        data_loss::Settings {
            cases: self
                .cases
                .unwrap_or(if self.quick { 1_000 } else { base.cases }),
            seed: self.seed.unwrap_or(base.seed),
            sweep: if self.quick { 200 } else { base.sweep },
            reruns: if self.quick { 20 } else { base.reruns },
            ..base
        }
    }

    pub fn fairness(&self) -> fairness::Settings {
        let base = fairness::Settings::default();
        fairness::Settings {
            runs: self
                .runs
                .unwrap_or(if self.quick { 300 } else { base.runs }),
        }
    }

    pub fn starvation(&self) -> starvation::Settings {
        let base = starvation::Settings::default();
        let runs = self.runs.unwrap_or(if self.quick { 20 } else { base.runs });
        starvation::Settings {
            runs,
            tokio_runs: (runs / 4).max(1),
        }
    }

    /// Executor runs a check will make per design, for progress bars (failures and
    /// shrinking add more).
    pub fn planned_runs(&self, check: &str) -> u64 {
        match check {
            data_loss::CHECK => {
                let s = self.data_loss();
                u64::from(s.cases + s.sweep)
            }
            fairness::CHECK => u64::from(self.fairness().runs) * fairness::WORKLOADS.len() as u64,
            starvation::CHECK => {
                let s = self.starvation();
                u64::from(s.runs + s.tokio_runs)
            }
            _ => 0,
        }
    }
}

/// Runs one property check on one design.
pub fn run(
    check: &str,
    design: &dyn lab_designs::concurrent::ConcurrentDesign,
    options: &Options,
    progress: &dyn Fn(),
) -> Result<Finding, String> {
    match check {
        data_loss::CHECK => Ok(data_loss::check(design, &options.data_loss(), progress)),
        fairness::CHECK => Ok(fairness::check(design, &options.fairness(), progress)),
        starvation::CHECK => Ok(starvation::check(design, &options.starvation(), progress)),
        other => Err(format!(
            "{other} is not a property check; property checks: {}",
            PROPERTY_CHECKS.join(", ")
        )),
    }
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

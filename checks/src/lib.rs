//! The checks: each turns a property or a measurement into [`Finding`]s. One module per
//! check; every per-design check runs on every design of its question.

pub mod cancellation;
pub mod data_loss;
pub mod fairness;
pub mod footprint;
pub mod instructions;
pub mod iter_throughput;
pub mod property;
pub mod starvation;
pub mod stats;
pub mod stream_end;
pub mod throughput;

use lab_designs::concurrent::DesignInfo;
use lab_findings::{DesignRef, Finding};

/// Question ids, as used in finding ids.
pub const CONCURRENT: &str = "concurrent";
pub const ITERATOR: &str = cancellation::QUESTION;

/// How a check runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One finding per design of its question, from `lab check`.
    PerDesign,
    /// Findings for the question as a whole, from `lab check`.
    Whole,
    /// Measured by `just bench`: criterion (`lab import-bench`) or callgrind (`lab icount`).
    Bench,
}

#[derive(Clone, Copy, Debug)]
pub struct CheckSpec {
    pub question: &'static str,
    pub name: &'static str,
    pub kind: Kind,
}

/// Every check, in report order.
pub const CHECKS: &[CheckSpec] = &[
    CheckSpec {
        question: CONCURRENT,
        name: data_loss::CHECK,
        kind: Kind::PerDesign,
    },
    CheckSpec {
        question: CONCURRENT,
        name: stream_end::CHECK,
        kind: Kind::PerDesign,
    },
    CheckSpec {
        question: CONCURRENT,
        name: fairness::CHECK,
        kind: Kind::PerDesign,
    },
    CheckSpec {
        question: CONCURRENT,
        name: starvation::CHECK,
        kind: Kind::PerDesign,
    },
    CheckSpec {
        question: CONCURRENT,
        name: throughput::CHECK,
        kind: Kind::Bench,
    },
    CheckSpec {
        question: CONCURRENT,
        name: instructions::CHECK,
        kind: Kind::Bench,
    },
    CheckSpec {
        question: ITERATOR,
        name: cancellation::CHECK,
        kind: Kind::PerDesign,
    },
    CheckSpec {
        question: ITERATOR,
        name: footprint::SIZE,
        kind: Kind::Whole,
    },
    CheckSpec {
        question: ITERATOR,
        name: footprint::ALLOCATIONS,
        kind: Kind::Whole,
    },
    CheckSpec {
        question: ITERATOR,
        name: iter_throughput::CHECK,
        kind: Kind::Bench,
    },
    CheckSpec {
        question: ITERATOR,
        name: instructions::ITER_CHECK,
        kind: Kind::Bench,
    },
];

/// Looks a check up by name; the error lists the valid names.
pub fn check_by_name(name: &str) -> Result<CheckSpec, String> {
    CHECKS
        .iter()
        .copied()
        .find(|c| c.name == name)
        .ok_or_else(|| {
            let names: Vec<_> = CHECKS.iter().map(|c| c.name).collect();
            format!("unknown check {name:?}; valid checks: {}", names.join(", "))
        })
}

/// The design ids of a question.
pub fn designs_of(question: &str) -> Vec<&'static str> {
    match question {
        CONCURRENT => lab_designs::concurrent::all()
            .iter()
            .map(|d| d.info().id)
            .collect(),
        ITERATOR => lab_designs::iterator::all()
            .iter()
            .map(|d| d.info().id)
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks a design id against every question; the error lists the valid ids.
pub fn validate_design(id: &str) -> Result<(), String> {
    let all: Vec<&str> = [CONCURRENT, ITERATOR]
        .iter()
        .flat_map(|q| designs_of(q))
        .collect();
    if all.contains(&id) {
        Ok(())
    } else {
        Err(format!(
            "unknown design {id:?}; valid designs: {}",
            all.join(", ")
        ))
    }
}

/// How much work to do; `None` takes each check's default (or its quick value).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub cases: Option<u32>,
    pub runs: Option<u32>,
    pub seed: Option<u64>,
    pub quick: bool,
}

impl Options {
    /// Settings of the property checks (data loss, cancellation).
    pub fn property(&self) -> property::Settings {
        let base = property::Settings::default();
        property::Settings {
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
            seed: self.seed.unwrap_or(base.seed),
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
            data_loss::CHECK | stream_end::CHECK | cancellation::CHECK => {
                let s = self.property();
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

/// The settings a check runs with under `options`, as recorded in the run for the report's
/// prose to quote.
pub fn recorded_settings(check: &str, options: &Options) -> Vec<(&'static str, f64)> {
    match check {
        data_loss::CHECK | stream_end::CHECK | cancellation::CHECK => {
            let s = options.property();
            vec![
                ("cases", f64::from(s.cases)),
                ("seed", s.seed as f64),
                ("sample", f64::from(s.sweep)),
                ("reruns", f64::from(s.reruns)),
                ("shrink tries", f64::from(s.shrink_tries)),
                ("min cases", f64::from(property::min_cases())),
                ("detect rate %", 100.0 * property::DETECT_RATE),
                ("miss", property::MISS),
            ]
        }
        fairness::CHECK => vec![
            ("runs", f64::from(options.fairness().runs)),
            ("seed", options.fairness().seed as f64),
            ("model runs", f64::from(fairness::SIM_RUNS)),
            (
                "max undetected skew %",
                100.0 * fairness::MAX_UNDETECTED_SKEW,
            ),
            ("power %", 100.0 * fairness::POWER),
            ("alpha", stats::ALPHA),
            ("min expected", stats::MIN_EXPECTED),
            ("items", f64::from(fairness::ITEMS)),
            ("ticks", fairness::TICKS as f64),
            ("short", f64::from(fairness::SHORT)),
            ("window per source", fairness::WINDOW_PER_SOURCE as f64),
        ],
        starvation::CHECK => {
            let s = options.starvation();
            vec![
                ("runs", f64::from(s.runs)),
                ("tokio runs", f64::from(s.tokio_runs)),
                ("items", f64::from(starvation::ITEMS)),
            ]
        }
        footprint::ALLOCATIONS => vec![("items", footprint::ITEMS as f64)],
        throughput::CHECK | instructions::CHECK => vec![("items", f64::from(throughput::ITEMS))],
        iter_throughput::CHECK | instructions::ITER_CHECK => vec![
            ("lines", lab_workloads::bench::LINES as f64),
            ("chunk", lab_workloads::bench::CHUNK as f64),
            ("chain items", lab_workloads::bench::CHAIN_ITEMS as f64),
        ],
        _ => Vec::new(),
    }
}

/// Runs a per-design check on one design of its question.
pub fn run_on(
    check: &str,
    design: &str,
    options: &Options,
    progress: &dyn Fn(),
) -> Result<Finding, String> {
    let concurrent = || lab_designs::concurrent::by_id(design);
    match check {
        data_loss::CHECK => Ok(data_loss::check(
            concurrent()?,
            &options.property(),
            progress,
        )),
        stream_end::CHECK => Ok(stream_end::check(
            concurrent()?,
            &options.property(),
            progress,
        )),
        fairness::CHECK => Ok(fairness::check(
            concurrent()?,
            &options.fairness(),
            progress,
        )),
        starvation::CHECK => Ok(starvation::check(
            concurrent()?,
            &options.starvation(),
            progress,
        )),
        cancellation::CHECK => Ok(cancellation::check(
            lab_designs::iterator::by_id(design)?,
            &options.property(),
            progress,
        )),
        other => Err(format!("{other} does not run per design")),
    }
}

/// Runs a check of a question as a whole.
pub fn run_whole(check: &str) -> Result<Vec<Finding>, String> {
    match check {
        footprint::SIZE => Ok(footprint::sizes()),
        footprint::ALLOCATIONS => Ok(footprint::allocations()),
        other => Err(format!("{other} is not a whole-question check")),
    }
}

pub fn design_ref(info: &DesignInfo) -> DesignRef {
    design_ref_parts(info.id, info.krate, info.construct, info.summary)
}

pub fn iter_design_ref(info: &lab_designs::iterator::IterInfo) -> DesignRef {
    design_ref_parts(info.id, info.krate, info.interface, info.summary)
}

pub fn design_ref_parts(id: &str, krate: &str, construct: &str, summary: &str) -> DesignRef {
    DesignRef {
        id: id.into(),
        krate: krate.into(),
        version: lab_designs::versions::of(krate).into(),
        construct: construct.into(),
        summary: summary.into(),
    }
}

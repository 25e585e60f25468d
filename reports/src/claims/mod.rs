//! Claims of the seeds judged from the findings of the run being rendered: each claim names
//! the findings it rests on and says whether their figures support it. Nothing here is
//! written in advance of the measurement.

mod seed_001;
#[cfg(test)]
mod tests;

use lab_findings::{Finding, Param, RunRecord, Verdict, format};
use serde::Serialize;

pub use seed_001::seed_001;

/// The claims this run can judge: seed 001's when it has iterator findings.
pub fn judged(record: &RunRecord) -> Vec<Claim> {
    if record
        .findings
        .iter()
        .any(|f| f.question == lab_checks::ITERATOR)
    {
        seed_001(record)
    } else {
        Vec::new()
    }
}

#[derive(Serialize)]
pub struct Claim {
    pub text: &'static str,
    pub status: &'static str,
    pub evidence: String,
    /// (finding id, anchor) of the findings it rests on.
    pub findings: Vec<(String, String)>,
}

pub const NOT_MEASURED: &str = "not measured in this run";

/// The iterator findings of a run, looked up by check and design.
pub struct Lookup<'a>(pub &'a RunRecord);

impl Lookup<'_> {
    pub fn get(&self, check: &str, design: &str) -> Option<&Finding> {
        let id = Finding::make_id(lab_checks::ITERATOR, check, design);
        self.0.findings.iter().find(|f| f.id == id)
    }

    pub fn value(
        &self,
        check: &str,
        design: &str,
        metric: &str,
        at: &[(&str, Param)],
    ) -> Option<f64> {
        self.get(check, design)?.value(metric, at)
    }

    /// The verdict of a property finding, only if it decided something: a deadlock, a
    /// panic, a step budget, too few cases or none at all leave a claim unmeasured.
    pub fn decided(&self, check: &str, design: &str) -> Option<Verdict> {
        self.get(check, design)
            .map(|f| f.verdict)
            .filter(|v| matches!(v, Verdict::Pass | Verdict::Fail))
    }
}

pub fn refs(findings: &[Option<&Finding>]) -> Vec<(String, String)> {
    findings
        .iter()
        .flatten()
        .map(|f| (f.id.clone(), f.anchor()))
        .collect()
}

pub fn verdict_of(f: Option<&Finding>) -> String {
    f.map_or("—".into(), |f| f.verdict.to_string())
}

pub fn fmt(v: Option<f64>) -> String {
    v.map_or("—".into(), format::value)
}

//! Claims of the seeds judged from the findings of the run being rendered: each claim quotes
//! its seed, names the findings it rests on and says whether their figures support it.
//! Claims no check measures yet stay listed and say what would measure them. Nothing here
//! is written in advance of the measurement.

mod awaiting;
#[cfg(test)]
mod awaiting_tests;
mod rules;
mod seed_000;
mod seed_001;
pub mod seed_002;
mod seed_003;
mod structured;
#[cfg(test)]
mod structured_tests;
#[cfg(test)]
mod tests;

use lab_findings::{Finding, Param, RunRecord, Verdict, format};
use serde::Serialize;

pub use seed_001::seed_001;

/// Every seed's claims, judged from `record` where it measured them.
pub fn judged(record: &RunRecord) -> Vec<Claim> {
    let mut out = seed_000::seed_000(record);
    out.extend(seed_001(record));
    out.extend(seed_002::seed_002(record));
    out.extend(seed_003::seed_003(record));
    for c in &mut out {
        c.class = class_of(c.status);
        (c.evidence_lead, c.evidence_more) = split_evidence(&c.evidence);
    }
    out
}

/// The evidence's first clause (cut at "; " or ". " past 100 characters), shown in the
/// table, and the rest, behind a fold: a long list of verdicts stays one fold.
fn split_evidence(evidence: &str) -> (String, String) {
    let cut = evidence
        .char_indices()
        .skip(100)
        .find(|&(i, c)| (c == ';' || c == '.') && evidence[i + 1..].starts_with(' '));
    match cut {
        Some((i, _)) if evidence.len() - i > 40 => {
            (evidence[..=i].to_string(), evidence[i + 2..].to_string())
        }
        _ => (evidence.to_string(), String::new()),
    }
}

#[derive(Serialize)]
pub struct Claim {
    /// A stable id (`s001-…`), the claim's anchor on the page.
    pub id: &'static str,
    pub seed: &'static str,
    /// A short verbatim quote from the seed.
    pub quote: &'static str,
    /// The claim as the lab tests it.
    pub text: &'static str,
    pub status: &'static str,
    /// `supported`, `refuted`, `mixed` or `unmeasured`, for colouring and counting.
    pub class: &'static str,
    pub evidence: String,
    /// The evidence split for the page: its lead, and the rest (empty if short).
    pub evidence_lead: String,
    pub evidence_more: String,
    /// (finding id, anchor) of the findings it rests on.
    pub findings: Vec<(String, String)>,
    /// False for claims no check of the lab measures yet.
    pub measurable: bool,
}

impl Claim {
    pub fn new(
        id: &'static str,
        seed: &'static str,
        quote: &'static str,
        text: &'static str,
    ) -> Self {
        Self {
            id,
            seed,
            quote,
            text,
            status: NOT_MEASURED,
            class: "unmeasured",
            evidence: String::new(),
            evidence_lead: String::new(),
            evidence_more: String::new(),
            findings: Vec::new(),
            measurable: true,
        }
    }

    /// A claim no check of the lab measures yet; `by` says what would.
    pub fn not_measurable(mut self, by: &str) -> Self {
        self.status = NOT_MEASURABLE;
        self.measurable = false;
        self.evidence = format!("no check measures this yet: {by}");
        self
    }

    pub fn judged(
        mut self,
        status: &'static str,
        evidence: String,
        findings: Vec<(String, String)>,
    ) -> Self {
        self.status = status;
        self.evidence = evidence;
        self.findings = findings;
        self
    }
}

pub const NOT_MEASURED: &str = "not measured in this run";
pub const NOT_MEASURABLE: &str = "not yet measurable";

/// The class a status counts as. Anything qualified ("partly supported", "consistent: …",
/// "first half supported; …") is mixed.
pub fn class_of(status: &str) -> &'static str {
    match status {
        "supported" => "supported",
        // No difference beyond noise is evidence against a claimed difference.
        "not supported" | "no difference detected" => "refuted",
        NOT_MEASURED | NOT_MEASURABLE | "not tested by the lab" => "unmeasured",
        _ => "mixed",
    }
}

/// How many claims fall in each class, in a fixed order, for the page's summary line.
pub fn counts(claims: &[Claim]) -> Vec<(&'static str, usize)> {
    ["supported", "refuted", "mixed", "unmeasured"]
        .into_iter()
        .map(|c| (c, claims.iter().filter(|x| x.class == c).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// A run's findings, looked up by check and design (iterator findings unless a question is
/// given).
pub struct Lookup<'a>(pub &'a RunRecord);

impl Lookup<'_> {
    pub fn get(&self, check: &str, design: &str) -> Option<&Finding> {
        self.find(lab_checks::ITERATOR, check, design)
    }

    pub fn find(&self, question: &str, check: &str, design: &str) -> Option<&Finding> {
        let id = Finding::make_id(question, check, design);
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

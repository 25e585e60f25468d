//! The findings model: what every check produces and the report renders. `findings.json`
//! (a serialized [`RunRecord`]) is the single source of the HTML page and the Markdown;
//! [`runs`] is the one place that reads and writes it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub mod compile;
mod env;
mod figure;
pub mod format;
pub mod fuzz;
pub mod loom;
mod repro;
mod runs;
mod salvage;

pub use env::Env;
pub use figure::{Figure, NotMeasured, Param, Params, param};
pub use repro::{LAB, LOOM_ENV, LOOM_RESULTS, Repro};
pub use runs::{FINDINGS, Runs, latest};
pub use salvage::Salvaged;

/// Bumped whenever a field changes meaning; the report refuses other versions. 2: figures
/// are typed records with parameters; reproductions are structured; not-measured records.
pub const SCHEMA: u32 = 2;

/// A recorded setting: a count or seed exactly (seeds use all 64 bits), or a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Number {
    Int(u64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(v) => v as f64,
            Number::Float(v) => v,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunRecord {
    pub schema: u32,
    pub env: Env,
    /// Which checks and designs this run was asked for, so the report can tell what is
    /// missing from what was expected.
    pub requested: Vec<Requested>,
    // Everything small comes before `findings`, the long part, so that a file cut short
    // keeps it (see `salvage`).
    /// How this run was narrowed (e.g. "only the checks: data-loss", "quick mode"); empty
    /// for a full run. The page says so at the top.
    #[serde(default)]
    pub scope: Vec<String>,
    /// The settings each check ran with (`question/check` → name → value), so the report's
    /// prose states the run's own numbers rather than defaults written into a template.
    #[serde(default)]
    pub settings: BTreeMap<String, BTreeMap<String, Number>>,
    /// What could not be measured or read, said plainly (e.g. a missing benchmark result).
    #[serde(default)]
    pub problems: Vec<String>,
    /// Criterion's own HTML report for the benchmarks of this run, if they ran.
    #[serde(default)]
    pub criterion_report: Option<String>,
    pub findings: Vec<Finding>,
}

impl RunRecord {
    pub fn new(env: Env) -> Self {
        Self {
            schema: SCHEMA,
            env,
            requested: Vec::new(),
            findings: Vec::new(),
            problems: Vec::new(),
            criterion_report: None,
            settings: BTreeMap::new(),
            scope: Vec::new(),
        }
    }

    /// Records the settings a check ran with (a later record of the same check replaces it).
    pub fn record_settings(
        &mut self,
        question: &str,
        check: &str,
        settings: impl IntoIterator<Item = (&'static str, Number)>,
    ) {
        self.settings.insert(
            format!("{question}/{check}"),
            settings
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        );
    }

    /// One setting of a check, if this run recorded it.
    pub fn setting(&self, question: &str, check: &str, name: &str) -> Option<Number> {
        self.settings
            .get(&format!("{question}/{check}"))?
            .get(name)
            .copied()
    }

    /// Adds findings, replacing earlier ones with the same id (a re-run supersedes).
    pub fn upsert(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for f in findings {
            match self.findings.iter_mut().find(|old| old.id == f.id) {
                Some(old) => *old = f,
                None => self.findings.push(f),
            }
        }
    }

    pub fn request(&mut self, r: Requested) {
        if !self.requested.contains(&r) {
            self.requested.push(r);
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requested {
    pub question: String,
    pub check: String,
    pub designs: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The property held in every case run.
    Pass,
    /// A counterexample was found.
    Fail,
    /// A run could make no progress (the counterexample says where).
    Deadlock,
    /// A run exceeded its step budget.
    BudgetExceeded,
    /// The design panicked while the check ran it.
    Panicked,
    /// A measurement, not a pass/fail property.
    Measured,
    /// The check ran no case (e.g. `--cases 0`): it says nothing about the design.
    NotRun,
    /// Too few cases or runs to reach the check's stated false-alarm rate or power: the
    /// property held where it was tried, but a pass would claim more than was measured.
    Inconclusive,
    /// The check could not measure what it measures (the finding's `not_measured` says
    /// what and why): no statement about the design.
    NotMeasured,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Deadlock => "deadlock",
            Verdict::BudgetExceeded => "budget-exceeded",
            Verdict::Panicked => "panicked",
            Verdict::Measured => "measured",
            Verdict::NotRun => "not-run",
            Verdict::Inconclusive => "inconclusive",
            Verdict::NotMeasured => "not-measured",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignRef {
    pub id: String,
    /// The crate the primitive comes from, and its resolved version.
    pub krate: String,
    pub version: String,
    pub construct: String,
    pub summary: String,
}

/// A shrunk, minimal failing input, written for a reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counterexample {
    /// The input, e.g. the workload script.
    pub input: String,
    /// What went wrong on it, e.g. which items were lost.
    pub failure: String,
    /// The same input as data, to be fed back in.
    pub data: serde_json::Value,
    /// How often re-running the minimal input failed again (designs whose choices use an
    /// RNG we cannot seed do not fail every time).
    pub reproduced: u32,
    pub reruns: u32,
    /// How it was found, where it is not a shrunk minimal input (e.g. the first failing
    /// interleaving of loom's search).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable across runs: `question/check/design`.
    pub id: String,
    pub question: String,
    pub check: String,
    pub design: DesignRef,
    pub verdict: Verdict,
    /// The verdict the design declares it should get, where it declares one.
    pub expected: Option<Verdict>,
    pub summary: String,
    pub figures: Vec<Figure>,
    /// What the check meant to measure here and could not, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_measured: Vec<NotMeasured>,
    /// What the design declares that this run contradicted beyond its verdict (a declared
    /// pick model that a test rejected, say): the report lists these as unexpected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradicts: Vec<String>,
    pub cases: Option<u64>,
    pub seed: Option<u64>,
    pub counterexample: Option<Counterexample>,
    /// What reproduces this finding from a checkout ([`Repro::command`] renders it).
    pub repro: Repro,
}

impl Finding {
    /// A finding with its essentials; `expected`, `cases`, `seed` and `counterexample` start
    /// empty, for the checks that have them to set.
    pub fn new(
        question: &str,
        check: &str,
        design: DesignRef,
        verdict: Verdict,
        summary: String,
        figures: Vec<Figure>,
        repro: Repro,
    ) -> Self {
        Self {
            id: Self::make_id(question, check, &design.id),
            question: question.into(),
            check: check.into(),
            design,
            verdict,
            expected: None,
            summary,
            figures,
            not_measured: Vec::new(),
            contradicts: Vec::new(),
            cases: None,
            seed: None,
            counterexample: None,
            repro,
        }
    }

    /// A measurement's finding: verdict `measured`, no declared expectation.
    pub fn measured(
        question: &str,
        check: &str,
        design: DesignRef,
        summary: String,
        figures: Vec<Figure>,
        repro: Repro,
    ) -> Self {
        Self::new(
            question,
            check,
            design,
            Verdict::Measured,
            summary,
            figures,
            repro,
        )
    }

    pub fn make_id(question: &str, check: &str, design: &str) -> String {
        format!("{question}/{check}/{design}")
    }

    /// The HTML anchor: the id with `/` replaced, so it is a valid fragment.
    pub fn anchor(&self) -> String {
        self.id.replace('/', "--")
    }

    /// The figure of `metric` at exactly the parameters `at`.
    pub fn figure(&self, metric: &str, at: &[(&str, Param)]) -> Option<&Figure> {
        self.figures.iter().find(|f| f.is(metric, at))
    }

    /// The value of `metric` at exactly the parameters `at`.
    pub fn value(&self, metric: &str, at: &[(&str, Param)]) -> Option<f64> {
        self.figure(metric, at).map(|f| f.value)
    }

    /// Every figure of `metric`, at whatever parameters.
    pub fn figures_of<'a>(&'a self, metric: &'a str) -> impl Iterator<Item = &'a Figure> + 'a {
        self.figures.iter().filter(move |f| f.metric == metric)
    }

    /// The integer values a parameter takes over the figures of `metric`, smallest first.
    pub fn int_params(&self, metric: &str, key: &str) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .figures_of(metric)
            .filter_map(|f| f.param(key)?.as_int())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    pub fn matches_expectation(&self) -> Option<bool> {
        self.expected.map(|e| e == self.verdict)
    }
}

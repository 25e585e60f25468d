//! Reproducing one finding: rerun the check behind it with exactly the settings its
//! reproduction records (check, design, cases, runs, seed, quick), and compare what comes
//! out with the finding. Benchmark findings are not rerun here: their reproduction is a
//! `cargo bench` command.

use lab_findings::{Figure, Finding, Repro};

use crate::check::{Input, Kind, Options};

/// Reruns the check behind `finding`; `progress` is called once per executor run.
pub fn rerun(finding: &Finding, progress: &dyn Fn()) -> Result<Finding, String> {
    let check = crate::by_id(&finding.check)?;
    let Repro::Check {
        cases,
        runs,
        seed,
        quick,
        runtimes,
        ..
    } = &finding.repro
    else {
        return Err(format!(
            "{} is a measurement taken outside `lab check`; reproduce it with: {}",
            finding.id,
            finding.repro.command()
        ));
    };
    let options = Options {
        cases: cases.map(|c| u32::try_from(c).unwrap_or(u32::MAX)),
        runs: runs.map(|r| u32::try_from(r).unwrap_or(u32::MAX)),
        seed: *seed,
        quick: *quick,
        runtimes: (!runtimes.is_empty())
            .then(|| {
                runtimes
                    .iter()
                    .map(|r| lab_runtimes::Runtime::parse(r))
                    .collect::<Result<lab_runtimes::Set, _>>()
            })
            .transpose()?,
    };
    let input = match check.kind() {
        Kind::PerDesign => Input::Design(&finding.design.id),
        Kind::Whole => Input::Whole,
        Kind::Criterion | Kind::Callgrind | Kind::Loom | Kind::Fuzz | Kind::Compile => {
            unreachable!("their reproduction is not a check")
        }
    };
    check
        .run(input, &options, progress)?
        .findings
        .into_iter()
        .find(|f| f.id == finding.id)
        .ok_or_else(|| {
            format!(
                "rerunning {} produced no finding with that id",
                finding.check
            )
        })
}

/// How a rerun compares with the finding it reproduces.
#[derive(Debug)]
pub struct Comparison {
    pub verdict: (lab_findings::Verdict, lab_findings::Verdict),
    pub identical_figures: usize,
    /// Figures whose value moved (label, before, after), and those only one side has.
    pub moved: Vec<(String, Option<f64>, Option<f64>)>,
    /// Whether the minimal counterexample is the same input, where either has one.
    pub same_counterexample: Option<bool>,
    /// How often the rerun's minimal counterexample failed again (designs whose RNG the lab
    /// cannot seed do not fail every time).
    pub reproduced: Option<(u32, u32)>,
}

impl Comparison {
    pub fn same_verdict(&self) -> bool {
        self.verdict.0 == self.verdict.1
    }
}

pub fn compare(before: &Finding, after: &Finding) -> Comparison {
    let value = |f: &Finding, x: &Figure| {
        let at: Vec<(&str, lab_findings::Param)> = x
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        f.value(&x.metric, &at)
    };
    let mut moved = Vec::new();
    let mut identical = 0;
    for x in &before.figures {
        match value(after, x) {
            Some(v) if v == x.value => identical += 1,
            other => moved.push((x.label(), Some(x.value), other)),
        }
    }
    for x in &after.figures {
        if value(before, x).is_none() {
            moved.push((x.label(), None, Some(x.value)));
        }
    }
    let same_counterexample = match (&before.counterexample, &after.counterexample) {
        (None, None) => None,
        (Some(a), Some(b)) => Some(a.input == b.input),
        _ => Some(false),
    };
    Comparison {
        verdict: (before.verdict, after.verdict),
        identical_figures: identical,
        moved,
        same_counterexample,
        reproduced: after
            .counterexample
            .as_ref()
            .map(|c| (c.reproduced, c.reruns)),
    }
}

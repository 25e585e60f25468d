//! What a check is: a value behind the [`Check`] trait, one file each, registered by one
//! line in [`crate::CHECKS`]. A check carries its id and question, its settings (with the
//! defaults and quick values that the CLI help, `lab list` and the README read), what it
//! plans to run, how it runs, and its section of the report. The CLI, the report and the
//! tests only ever iterate over the registry.

use lab_findings::compile::CompileRun;
use lab_findings::fuzz::FuzzRun;
use lab_findings::loom::ModelRun;
use lab_findings::{Finding, Number};

use crate::matrix::{self, MatrixColumn};
use crate::measure::{Counter, Timings};
use crate::section::{Chart, Facts, Table};

/// How a check gets what it measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One finding per design of its question, from `lab check`.
    PerDesign,
    /// Findings for the question as a whole, from `lab check`.
    Whole,
    /// From criterion's estimates (`cargo bench -p lab-benches`, then `lab import-bench`).
    Criterion,
    /// From instruction counts under callgrind (`lab icount`).
    Callgrind,
    /// From the loom models' results (`just loom`, then `lab import-loom`).
    Loom,
    /// From libFuzzer runs of `fuzz/` (`lab fuzz`).
    Fuzz,
    /// From trybuild's compile cases (`cargo test -p lab-expressible`, then `lab import-compile`).
    Compile,
}

impl Kind {
    /// Whether `lab check` runs it (the others need a benchmark or valgrind first).
    pub fn runs_in_check(self) -> bool {
        matches!(self, Kind::PerDesign | Kind::Whole)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::PerDesign => "per design (lab check)",
            Kind::Whole => "whole question (lab check)",
            Kind::Criterion => "benchmark (cargo bench, lab import-bench)",
            Kind::Callgrind => "instruction counts (lab icount)",
            Kind::Loom => "loom models (just loom, lab import-loom)",
            Kind::Fuzz => "libFuzzer runs (just fuzz)",
            Kind::Compile => "compile cases (trybuild, lab import-compile)",
        }
    }
}

/// The command-line flag a setting answers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Cases,
    Runs,
    Seed,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Flag::Cases => "--cases",
            Flag::Runs => "--runs",
            Flag::Seed => "--seed",
        }
    }
}

/// One tunable number of a check: the single place its default and quick value are stated.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    pub name: &'static str,
    pub flag: Option<Flag>,
    pub default: u64,
    pub quick: u64,
    pub about: &'static str,
}

impl Setting {
    /// The value under `options`: the flag's value if given, else the quick or default one.
    pub fn value(&self, options: &Options) -> u64 {
        let given = match self.flag {
            Some(Flag::Cases) => options.cases.map(u64::from),
            Some(Flag::Runs) => options.runs.map(u64::from),
            Some(Flag::Seed) => options.seed,
            None => None,
        };
        given.unwrap_or(if options.quick {
            self.quick
        } else {
            self.default
        })
    }

    pub fn value_u32(&self, options: &Options) -> u32 {
        u32::try_from(self.value(options)).unwrap_or(u32::MAX)
    }
}

/// What the command line asked for; `None` takes each setting's default (or quick value).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub cases: Option<u32>,
    pub runs: Option<u32>,
    pub seed: Option<u64>,
    pub quick: bool,
    /// The real runtimes the real-runtimes check runs on (`--runtime`); `None`: all.
    pub runtimes: Option<lab_runtimes::Set>,
}

/// What a check runs on.
#[derive(Clone, Copy)]
pub enum Input<'a> {
    /// One design of the check's question (for [`Kind::PerDesign`]).
    Design(&'a str),
    /// The question as a whole ([`Kind::Whole`]).
    Whole,
    /// Criterion's estimates ([`Kind::Criterion`]).
    Timings(&'a dyn Timings),
    /// A callgrind runner ([`Kind::Callgrind`]).
    Counter(&'a dyn Counter),
    /// The loom models' results ([`Kind::Loom`]).
    Loom(&'a [ModelRun]),
    /// libFuzzer runs ([`Kind::Fuzz`]), and the findings the run held before them (the
    /// strategies check sets libFuzzer beside the schedules check's schedulers).
    Fuzz(&'a [FuzzRun], &'a [Finding]),
    /// The compile cases' results ([`Kind::Compile`]).
    Compile(&'a [CompileRun]),
}

impl<'a> Input<'a> {
    /// The design id of a per-design input; the error names the input `check` takes.
    pub fn design(self, check: &dyn Check) -> Result<&'a str, String> {
        match self {
            Input::Design(id) => Ok(id),
            _ => Err(wrong_input(check)),
        }
    }
}

/// What a run of a check produced: findings, and what it could not measure at all (a
/// benchmark whose estimates are missing, say), for the report's "missing" list.
#[derive(Default)]
pub struct Produced {
    pub findings: Vec<Finding>,
    pub problems: Vec<String>,
}

impl Produced {
    pub fn of(findings: Vec<Finding>) -> Self {
        Self {
            findings,
            problems: Vec::new(),
        }
    }

    pub fn one(f: Finding) -> Self {
        Self {
            findings: vec![f],
            problems: Vec::new(),
        }
    }
}

/// What a check is, for the registry, the CLI and the report.
#[derive(Clone, Copy, Debug)]
pub struct CheckInfo {
    /// The check's id, as in finding ids (`question/check/design`) and `--check`.
    pub id: &'static str,
    pub question: &'static str,
    pub kind: Kind,
    /// One line: what the check asks of each design.
    pub about: &'static str,
    /// The report section's title.
    pub title: &'static str,
}

pub trait Check: Sync {
    fn info(&self) -> CheckInfo;

    fn id(&self) -> &'static str {
        self.info().id
    }

    fn question(&self) -> &'static str {
        self.info().question
    }

    fn kind(&self) -> Kind {
        self.info().kind
    }

    fn about(&self) -> &'static str {
        self.info().about
    }

    fn title(&self) -> &'static str {
        self.info().title
    }

    /// Its tunable numbers.
    fn settings(&self) -> &'static [Setting] {
        &[]
    }

    /// Fixed numbers its verdicts rest on (thresholds, workload sizes), recorded with the
    /// run so the report's prose quotes them from the run.
    fn constants(&self) -> Vec<(&'static str, f64)> {
        Vec::new()
    }

    /// The settings (exactly) and constants the check runs with under `options`, as the
    /// run records them for the report's prose to quote.
    fn recorded(&self, options: &Options) -> Vec<(&'static str, Number)> {
        let mut out: Vec<(&'static str, Number)> = self
            .settings()
            .iter()
            .map(|s| (s.name, Number::Int(s.value(options))))
            .collect();
        out.extend(
            self.constants()
                .into_iter()
                .map(|(name, v)| (name, Number::Float(v))),
        );
        out
    }

    /// The design ids a complete run produces findings for.
    fn designs(&self) -> Vec<String>;

    /// Executor runs per design under `options`, for progress bars (failures and shrinking
    /// add more).
    fn planned_runs(&self, _options: &Options) -> u64 {
        0
    }

    /// Runs the check. `progress` is called once per executor run.
    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String>;

    /// The section's introduction, every number in it from `facts` (the run's recorded
    /// settings and its findings).
    fn intro(&self, facts: &Facts) -> String;

    fn table(&self, _findings: &[&Finding]) -> Option<Table> {
        None
    }

    fn charts(&self, _findings: &[&Finding]) -> Vec<Chart> {
        Vec::new()
    }

    /// Its columns in the question's verdict matrix, at the top of the report: by default
    /// the verdict of each finding of a per-design check, and nothing for measurements.
    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        match self.kind() {
            Kind::PerDesign => vec![matrix::verdicts(self.id(), self.about(), findings)],
            _ => Vec::new(),
        }
    }

    /// Whether the section's table sits behind a fold, because the verdict matrix already
    /// shows its headline: by default a whole-question check's, the loom models' and the
    /// fuzz runs'.
    fn fold_table(&self) -> bool {
        matches!(
            self.kind(),
            Kind::Whole | Kind::Loom | Kind::Fuzz | Kind::Compile
        )
    }

    /// The metrics that decide a finding, shown beside it; the rest of its figures sit
    /// behind a fold. Empty: every figure decides.
    fn deciding(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The error for an input a check does not take.
pub fn wrong_input(check: &dyn Check) -> String {
    format!(
        "{} does not take this input: it runs {}",
        check.id(),
        check.kind().describe()
    )
}

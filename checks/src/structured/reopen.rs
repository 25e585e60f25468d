//! Reopen after close (seed 003's sqlite story): each design uses the single-instance
//! resource and returns; the resource is reopened at once. Over many seeded random
//! schedules (which ready task runs first, which of the timers due together fires first)
//! the check counts reopen failures, runs in which the design's close was still running when
//! the design had returned, and close errors the caller never saw (every fourth run's close
//! fails). A design passes when none of the three ever happened in enough runs to bound the
//! reopen failure rate below a tenth (rule of three); it fails on the first that did.

use lab_designs::structured::{self, Failure, StructuredDesign};
use lab_executor::Outcome;
use lab_findings::{Figure, Finding, Repro, Verdict, format};

use super::drive;
use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::section::{self, Chart, Column, Facts, Table};
use crate::stats::rate_interval;
use crate::{STRUCTURED, design_ref, verdict_of};

pub const CHECK: &str = "reopen";
pub const FAILURES: &str = "reopen failures";
pub const RATE: &str = "reopen failure rate";
pub const UPPER: &str = "reopen failure rate, 95% upper bound";
pub const RUNNING: &str = "runs with the close still running when the design returned";
pub const INJECTED: &str = "close errors raised";
pub const SURFACED: &str = "close errors the caller saw";
pub const LOST: &str = "close errors lost";
/// Fewer runs than this cannot bound a zero rate below a tenth (3 / 30).
pub const MIN_RUNS: u32 = 30;
/// Every this-many-th run's close fails.
pub const FAIL_EVERY: u32 = 4;

pub const RUNS: Setting = Setting {
    name: "runs",
    flag: Some(Flag::Runs),
    default: 400,
    quick: 100,
    about: "seeded schedules per design (0 records not-run)",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 3_003,
    quick: 3_003,
    about: "the first schedule's seed; run i uses seed + i",
};

pub struct Reopen;

impl Check for Reopen {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: STRUCTURED,
            kind: Kind::PerDesign,
            about: "reopen the single-instance resource as soon as the design returns: does it ever fail, is the close still running, is a close error lost?",
            title: "Reopen after close: detached against structured",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(STRUCTURED)
    }

    fn settings(&self) -> &'static [Setting] {
        &[RUNS, SEED]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("runs needed to pass", f64::from(MIN_RUNS)),
            ("a close fails every", f64::from(FAIL_EVERY)),
        ]
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        RUNS.value(options)
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = structured::by_id(input.design(self)?)?;
        Ok(Produced::one(check(
            design,
            RUNS.value_u32(options),
            SEED.value(options),
            progress,
        )))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "A resource only one handle may hold open (sqlite's database file): opening takes \
             a virtual tick and fails while a handle is open, closing is async and takes a \
             tick. Each design opens it, works with it, lets the handle go its own way and \
             returns; the resource is then reopened at once. Each of {} runs per design uses \
             its own seeded random schedule (from seed {}: which ready task runs first, and \
             which of the timers due together fires first), inside a tokio LocalSet as a \
             long-lived runtime context; every {}th run's close fails. Counted: reopen \
             failures, runs in which the close was still running when the design had \
             returned, and close errors the caller never saw. A design passes when none of \
             the three happened in at least {} runs (a zero count bounds the reopen failure \
             rate below a tenth); the 95% interval of each rate is exact (Clopper–Pearson). \
             Reopen failure rates of {} were seen.",
            f.s("runs"),
            f.s("seed"),
            f.s("a close fails every"),
            f.s("runs needed to pass"),
            f.range(RATE, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("reopen failures", FAILURES),
                Column::new("rate", RATE),
                Column::new("95% upper", UPPER),
                Column::new("close still running", RUNNING),
                Column::new("close errors lost", LOST),
            ],
        ))
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        vec![section::bars(
            findings,
            "Reopen failure rate over seeded schedules",
            "share of runs",
            RATE,
            &[],
        )]
    }

    fn deciding(&self) -> Vec<String> {
        vec![FAILURES.into(), RUNNING.into(), LOST.into()]
    }
}

pub fn check(design: &dyn StructuredDesign, runs: u32, seed: u64, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let (mut failures, mut running, mut raised, mut surfaced) = (0u32, 0u32, 0u32, 0u32);
    let mut broken = None;
    for i in 0..runs {
        progress();
        let fail_close = i % FAIL_EVERY == FAIL_EVERY - 1;
        match drive(design, seed + u64::from(i), fail_close) {
            Outcome::Completed(u) => {
                failures += u32::from(!u.reopened);
                running += u32::from(u.at_return.closes_running() > 0);
                raised += u.settled.close_errors;
                surfaced += u32::from(matches!(u.returned, Err(Failure::Close(_))));
            }
            other => {
                broken.get_or_insert((i, other));
            }
        }
    }
    let lost = raised.saturating_sub(surfaced);
    let mut figures = Vec::new();
    if runs > 0 {
        let (_, upper) = rate_interval(u64::from(failures), u64::from(runs));
        figures.extend([
            Figure::new(FAILURES, f64::from(failures), "runs"),
            Figure::new(RATE, f64::from(failures) / f64::from(runs), "share"),
            Figure::new(UPPER, upper, "share"),
            Figure::new(RUNNING, f64::from(running), "runs"),
            Figure::new(INJECTED, f64::from(raised), "errors"),
            Figure::new(SURFACED, f64::from(surfaced), "errors"),
            Figure::new(LOST, f64::from(lost), "errors"),
        ]);
    }
    let pct = |x: f64| format!("{}%", format::value(100.0 * x));
    let (verdict, summary) = match broken {
        _ if runs == 0 => (Verdict::NotRun, "no run was asked for".to_string()),
        Some((i, other)) => (
            verdict_of(other.as_ref().map(|_| true)),
            format!("run {i} (seed {}) ended: {other}", seed + u64::from(i)),
        ),
        None if failures + running + lost > 0 => (
            Verdict::Fail,
            format!(
                "reopen failed in {failures} of {runs} runs ({}); the close was still running \
                 when the design returned in {running}; {lost} of {raised} close errors lost",
                pct(f64::from(failures) / f64::from(runs))
            ),
        ),
        None if runs < MIN_RUNS => (
            Verdict::Inconclusive,
            format!(
                "nothing went wrong in {runs} runs: fewer than {MIN_RUNS}, too few to bound the rate"
            ),
        ),
        None => (
            Verdict::Pass,
            format!(
                "reopen never failed in {runs} runs (95% upper bound {}); no close ran past \
                 the design; all {raised} close errors reached the caller",
                pct(rate_interval(0, u64::from(runs)).1)
            ),
        ),
    };
    let mut f = Finding::new(
        STRUCTURED,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::Check {
            check: CHECK.into(),
            design: Some(info.id.into()),
            cases: None,
            runs: Some(u64::from(runs)),
            seed: Some(seed),
            quick: false,
        },
    );
    f.expected = Some(if design.declares().outlives_scope {
        Verdict::Fail
    } else {
        Verdict::Pass
    });
    f.cases = Some(u64::from(runs));
    f.seed = Some(seed);
    f
}

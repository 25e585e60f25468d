//! Reopen after close (seed 003's sqlite story): each design uses the single-instance
//! resource and returns; the resource is reopened at once. The check runs every schedule
//! of the lab executor (each choice of which ready task runs first and which of the timers
//! due together fires first, explored depth-first), once with a close that succeeds and
//! once with one that fails, and counts the schedules in which the reopen failed, in which
//! the close was still running when the design returned, and in which a close error never
//! reached the caller. A design passes when none of the three happened in any schedule of
//! a complete search, and fails if any did. A schedule here is a sequence of the lab's
//! choices, and several can give the same run (an order of timers that all wake one task
//! changes nothing), so counts are of choice sequences and their shares are not
//! probabilities; the per-outcome shares say only whether both results are reachable.

use lab_designs::structured::{self, Failure, StructuredDesign};
use lab_executor::Outcome;
use lab_executor::explore::every;
use lab_findings::{Figure, Finding, Repro, Verdict, format};

use super::drive;
use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::section::{self, Chart, Column, Facts, Table};
use crate::{STRUCTURED, design_ref, verdict_of};

pub const CHECK: &str = "reopen";
pub const SCHEDULES: &str = "schedules run";
pub const FAILURES: &str = "schedules in which the reopen failed";
pub const RATE: &str = "share of schedules in which the reopen failed";
pub const RUNNING: &str = "schedules with the close still running when the design returned";
pub const INJECTED: &str = "close errors raised";
pub const SURFACED: &str = "close errors the caller saw";
pub const LOST: &str = "close errors lost";
/// The share for one close outcome (`CLOSE` is "succeeds" or "fails").
pub const RATE_BY_CLOSE: &str = "share of schedules in which the reopen failed, by close";
pub const CLOSE: &str = "close";

pub const RUNS: Setting = Setting {
    name: "schedules",
    flag: Some(Flag::Runs),
    default: 1_000,
    quick: 1_000,
    about: "most schedules run per close outcome (a search cut short cannot pass; 0 records not-run)",
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
        &[RUNS]
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = structured::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, RUNS.value(options), progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "A resource only one handle may hold open (sqlite's database file): opening takes \
             a virtual tick and fails while a handle is open, closing is async and takes a \
             tick. Each design opens it, works with it, lets the handle go its own way and \
             returns; the resource is then reopened at once, inside a tokio LocalSet that \
             outlives the design. The check runs every schedule of the lab executor (which \
             ready task runs first, which of the timers due together fires first; at most {} \
             per close outcome), with a close that succeeds and with one that fails, and \
             counts the schedules in which the reopen failed, in which the close was still \
             running when the design returned, and in which a close error never reached the \
             caller. A design passes when none of the three happened in a complete search. \
             A schedule is a sequence of the lab's choices; several can give the same run (an \
             order of timers that all wake one task changes nothing), so the counts are of \
             choice sequences and the shares are not probabilities: per close outcome, a \
             share above none and below all says both results are reachable. A design that \
             runs as one task with one timer at a time has one schedule per close outcome. In \
             the tokio \
             detached design the close and the reopen both run inside the LocalSet, one lab \
             task: tokio's run_until polls its own future (the reopen) before the LocalSet's \
             tasks, so with equal open and close times the reopen always comes first, a \
             consequence of this setup rather than a rate of tokio's. Shares of {} were \
             seen.",
            f.s("schedules"),
            f.range(RATE, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("schedules", SCHEDULES),
                Column::new("reopen failed", FAILURES),
                Column::new("share", RATE),
                Column::new("close still running", RUNNING),
                Column::new("close errors lost", LOST),
            ],
        ))
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        vec![section::bars(
            findings,
            "Share of schedules in which the reopen failed",
            "share of schedules",
            RATE,
            &[],
        )]
    }

    fn deciding(&self) -> Vec<String> {
        vec![FAILURES.into(), RUNNING.into(), LOST.into()]
    }
}

pub fn check(design: &dyn StructuredDesign, max: u64, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let (mut schedules, mut failures, mut running, mut raised, mut surfaced) = (0u64, 0, 0, 0, 0);
    let mut by_close = Vec::new();
    let mut broken = None;
    let mut complete = max > 0;
    for fail_close in [false, true] {
        if max == 0 {
            break;
        }
        let (outcomes, done) = every(max, |replay| {
            progress();
            drive(design, replay, fail_close)
        });
        complete &= done;
        let (n, failed_before) = (outcomes.len() as f64, failures);
        for outcome in outcomes {
            schedules += 1;
            match outcome {
                Outcome::Completed(u) => {
                    failures += u64::from(!u.reopened);
                    running += u64::from(u.at_return.closes_running() > 0);
                    raised += u64::from(u.settled.close_errors);
                    surfaced += u64::from(matches!(u.returned, Err(Failure::Close(_))));
                }
                other => {
                    let v = verdict_of(other.as_ref().map(|_| true));
                    broken.get_or_insert((v, format!("a schedule ended: {other}")));
                }
            }
        }
        let label = if fail_close { "fails" } else { "succeeds" };
        by_close.push((label, (failures - failed_before) as f64 / n.max(1.0)));
    }
    let lost = raised.saturating_sub(surfaced);
    let mut figures = Vec::new();
    if schedules > 0 {
        figures.extend([
            Figure::new(SCHEDULES, schedules as f64, "schedules"),
            Figure::new(FAILURES, failures as f64, "schedules"),
            Figure::new(RATE, failures as f64 / schedules as f64, "share"),
            Figure::new(RUNNING, running as f64, "schedules"),
            Figure::new(INJECTED, raised as f64, "errors"),
            Figure::new(SURFACED, surfaced as f64, "errors"),
            Figure::new(LOST, lost as f64, "errors"),
        ]);
        for (label, share) in by_close {
            figures.push(Figure::new(RATE_BY_CLOSE, share, "share").at(CLOSE, label));
        }
    }
    let (verdict, summary) = match broken {
        _ if schedules == 0 => (Verdict::NotRun, "no schedule was asked for".to_string()),
        Some((v, why)) => (v, why),
        None if failures + running + lost > 0 => (
            Verdict::Fail,
            format!(
                "the reopen failed in {failures} of {schedules} schedules ({}); the close was \
                 still running when the design returned in {running}; {lost} of {raised} close \
                 errors lost",
                format::value(failures as f64 / schedules as f64)
            ),
        ),
        None if !complete => (
            Verdict::Inconclusive,
            format!("nothing went wrong in {schedules} schedules, but the search was cut short"),
        ),
        None => (
            Verdict::Pass,
            format!(
                "the reopen never failed in any of the {schedules} schedules of the lab's choices; no close \
                 ran past the design; all {raised} close errors reached the caller"
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
            runs: Some(max),
            seed: None,
            quick: false,
            runtimes: Vec::new(),
        },
    );
    f.expected = Some(if design.declares().outlives_scope {
        Verdict::Fail
    } else {
        Verdict::Pass
    });
    f.cases = Some(schedules);
    f
}

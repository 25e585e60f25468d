//! Issue 14's first objection, "that is your executor, not a real runtime", checked as
//! yes/no agreement. Each check here runs one design's workload on the lab executor and on
//! each real runtime (`lab-runtimes`: tokio current-thread and multi-thread, async-std,
//! smol, with a scripted tick slept on the runtime's own timer), asks every runtime the
//! same yes/no questions about its runs (did any lose data? was any left unfinished?), and
//! passes a design when every runtime answers as the lab does. Counts are shown beside the
//! answers and each disagreement is spelled out in the design's finding.

mod answer;
pub mod concurrent;
mod drains;
pub mod iterator;
mod races;
mod tally;
#[cfg(test)]
mod tests;

use std::time::Duration;

use lab_findings::{Figure, Finding, Verdict};
use lab_runtimes::{Runtime, Set};

use crate::check::Options;
use crate::section::{self, Table};

pub use answer::{Answer, Comparison, NotCompared, compare};
pub use concurrent::{
    BUDGET_RAN_OUT, CHECK, LOSSY, PANICKED, POLLS, RACES, RealRuntimes, SHARE, STARVED_MEDIAN,
    UNFINISHED, YIELDED, check,
};
pub use drains::{
    DRAIN_ITEMS, DRAINS_RUN, Drains, NAMES as DRAIN_NAMES, UNEVEN, UNTOUCHED, WINDOW,
};
pub use tally::{Names, Ran, Tally};

/// The checks that read `--runtime`.
pub const CHECKS: [&str; 2] = [concurrent::CHECK, iterator::CHECK];
pub const RUNTIME: &str = "runtime";
pub const DISAGREEMENTS: &str = "runtimes that disagree with the lab";
/// The real duration of one scripted tick.
pub const TICK: Duration = Duration::from_millis(1);
const MAX_POLLS: u64 = 100_000;

/// A run's time limit on a real runtime: three times `horizon`, a generous length of its
/// script in ticks, plus 100 ms, a margin meant to keep scheduling noise from making a
/// finishing run look unfinished.
fn deadline(horizon: u64) -> Duration {
    TICK * u32::try_from(3 * horizon).unwrap_or(u32::MAX) + Duration::from_millis(100)
}

/// The runtimes a run covers: the lab first, then the real ones asked for.
fn runtimes(options: &Options) -> Vec<Runtime> {
    let real = options.runtimes.unwrap_or_else(Set::real);
    std::iter::once(Runtime::Lab)
        .chain(real.iter().filter(|r| r.is_real()))
        .collect()
}

/// One runtime's answers.
struct Measured {
    runtime: Runtime,
    answers: Vec<Answer>,
}

/// The verdict over every runtime's answers: a pass when every real one answers as the lab
/// (`measured[0]`) does, with `sample` (what ran) and `lab` (how the lab's runs went) in a
/// pass's summary, and the questions not compared named; not run when the lab's runs
/// answer nothing. The figure counts the runtimes that disagree.
fn judge(measured: &[Measured], sample: &str, lab: &str) -> (Verdict, String, Figure) {
    let mut differ = Vec::new();
    let mut skipped = Vec::new();
    for m in &measured[1..] {
        let c = compare(m.runtime.id(), &measured[0].answers, &m.answers);
        if !c.disagreements.is_empty() {
            differ.push(c.disagreements.join("; "));
        }
        skipped.extend(c.not_compared);
    }
    // Each question once, not once per runtime.
    let skipped = answer::describe_not_compared(&skipped);
    let figure = Figure::new(DISAGREEMENTS, differ.len() as f64, "runtimes");
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!("; {}", skipped.join("; "))
    };
    let real = measured.len() - 1;
    if real == 0 {
        (
            Verdict::NotRun,
            "no real runtime was selected".into(),
            figure,
        )
    } else if measured[0].answers.iter().all(|a| a.yes.is_none()) {
        (Verdict::NotRun, format!("nothing ran: {sample}"), figure)
    } else if differ.is_empty() {
        (
            Verdict::Pass,
            format!(
                "all {real} real runtimes answer as the lab does over {sample}; the lab: {lab}{skipped}"
            ),
            figure,
        )
    } else {
        (
            Verdict::Fail,
            format!("disagrees with the lab: {}{skipped}", differ.join("; ")),
            figure,
        )
    }
}

/// The section's table: one column per runtime that ran, each cell from `cell`.
fn table(findings: &[&Finding], cell: impl Fn(&Finding, &str) -> Option<String>) -> Table {
    let shown: Vec<&'static str> = Runtime::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| findings.iter().any(|f| cell(f, id).is_some()))
        .collect();
    let columns = shown.iter().map(|s| s.to_string()).collect();
    section::with_outcomes(
        section::rows(findings, columns, |f| {
            shown
                .iter()
                .map(|rt| cell(f, rt).unwrap_or_else(|| "—".into()))
                .collect()
        }),
        findings,
    )
}

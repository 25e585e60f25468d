//! Backpressure (seed 000): with a source that always has the next item ready, how many
//! items does each strategy pull ahead of the work it has completed, and does that grow
//! with the input? Each design runs at several input sizes; a design has backpressure when
//! the peak pulled ahead is the same at the two largest sizes and below the middle one. The
//! same runs give peak bodies in flight and items per tick (IO-like bodies on the lab's
//! virtual clock): seed 000's table of strategies, regenerated.

use lab_designs::iteration::{self, IterationDesign};
use lab_executor::Outcome;
use lab_findings::{Figure, Finding, Repro, Verdict, format};

use super::{Driven, TICKS, drive};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Chart, Column, Facts, Table};
use crate::{ITERATION, design_ref};

pub const CHECK: &str = "backpressure";
pub const ITEMS: &str = "items";
pub const IN_FLIGHT: &str = "peak bodies in flight";
pub const AHEAD: &str = "peak items pulled ahead";
pub const FINISH: &str = "ticks to finish";
pub const RATE: &str = "items per virtual tick";
/// Input sizes, smallest first; the verdict compares the last two.
pub const SIZES: [u32; 3] = [16, 64, 256];

pub struct Backpressure;

impl Check for Backpressure {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATION,
            kind: Kind::PerDesign,
            about: "items pulled ahead of the completed work as the input grows: bounded, or growing with it?",
            title: "Backpressure and throughput per iteration strategy (seed 000's table)",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(ITERATION)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        SIZES.len() as u64
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = iteration::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, progress)))
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![("ticks per body", TICKS as f64)]
    }

    fn intro(&self, f: &Facts) -> String {
        let sizes = f.ints(ITEMS);
        let (big, next) = match sizes.as_slice() {
            [.., next, big] => (big.to_string(), next.to_string()),
            _ => ("(not measured)".into(), "(not measured)".into()),
        };
        format!(
            "Each strategy runs a loop over N = {} work items whose source always has the \
             next one ready (a producer faster than any consumer); each body waits {} \
             virtual ticks (IO-like work on the lab executor, which runs one task at a time; \
             CPU-bound bodies on tokio's worker threads are measured under cpu-work). Pulled ahead counts items taken from the \
             source and not yet finished or dropped; in flight counts bodies started and not \
             yet finished. A strategy has backpressure when its peak pulled ahead is the same \
             at N = {next} and N = {big}, and below N = {next}; otherwise it is judged to pull \
             more as the input grows. Items per virtual tick is the input size over the \
             virtual ticks until the last body finished (for spawning strategies, after the \
             loop returned): the lab's timers all run at once, so an unbounded strategy \
             can finish in about one body's ticks (see ticks to finish) and its rate is the input size over that — a \
             measure of overlap, not of what a machine would sustain. One deterministic \
             run per size: FIFO scheduling, no RNG.",
            format::list(&sizes),
            f.s("ticks per body"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let big = SIZES[2];
        let mut columns =
            vec![Column::new(format!("in flight at N = {big}"), IN_FLIGHT).at(ITEMS, big)];
        for n in SIZES {
            columns.push(Column::new(format!("ahead at N = {n}"), AHEAD).at(ITEMS, n));
        }
        columns.push(Column::new(format!("items/virtual tick at N = {big}"), RATE).at(ITEMS, big));
        let mut table = section::figure_table(findings, &columns);
        table.columns.push("backpressure".into());
        for (row, f) in table.rows.iter_mut().zip(findings) {
            row.cells.push(
                match f.verdict {
                    Verdict::Pass => "yes",
                    Verdict::Fail => "no",
                    _ => "—",
                }
                .into(),
            );
        }
        Some(table)
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        let series = findings
            .iter()
            .map(|f| {
                let points = SIZES
                    .iter()
                    .filter_map(|&n| Some((f64::from(n), f.value(AHEAD, &[(ITEMS, n.into())])?)))
                    .collect();
                (f.design.id.clone(), points)
            })
            .collect();
        vec![Chart::Lines {
            title: "Peak items pulled ahead of completed work, by input size".into(),
            x_label: "items in the input".into(),
            y_label: "peak pulled ahead".into(),
            series,
        }]
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::verdicts("backpressure", self.about(), findings)]
    }

    fn deciding(&self) -> Vec<String> {
        vec![AHEAD.into(), IN_FLIGHT.into()]
    }
}

pub fn check(design: &dyn IterationDesign, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let declares = design.declares();
    let mut figures = Vec::new();
    let mut ahead = Vec::new();
    let mut in_flight = Vec::new();
    let mut broken = None;
    for n in SIZES {
        progress();
        let at = |f: Figure| f.at(ITEMS, n);
        match drive(design, n, None) {
            Outcome::Completed(d) => {
                if let Some(problem) = unfinished(&d, n) {
                    broken.get_or_insert(format!("at {n} items: {problem}"));
                    continue;
                }
                let finish = d.settled_at.expect("checked by unfinished");
                figures.push(at(Figure::new(
                    IN_FLIGHT,
                    f64::from(d.end.peak_in_flight),
                    "bodies",
                )));
                figures.push(at(Figure::new(AHEAD, f64::from(d.end.peak_ahead), "items")));
                figures.push(at(Figure::new(FINISH, finish as f64, "ticks")));
                figures.push(at(Figure::new(
                    RATE,
                    f64::from(n) / finish.max(1) as f64,
                    "items/tick",
                )));
                ahead.push(d.end.peak_ahead);
                in_flight.push(d.end.peak_in_flight);
            }
            other => {
                broken.get_or_insert(format!("at {n} items: {other}"));
            }
        }
    }
    let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(" / ");
    let sizes = list(&SIZES);
    let (verdict, summary) = match broken {
        Some(problem) => (
            Verdict::Fail,
            format!("the loop did not process every item: {problem}"),
        ),
        // Bounded: the same peak at the two largest sizes, and below the middle size (a
        // bound as large as the input cannot be told from no bound).
        None if ahead[2] == ahead[1] && ahead[1] < SIZES[1] => (
            Verdict::Pass,
            format!(
                "pulled ahead {} at N = {sizes} items: bounded; in flight at most {}",
                list(&ahead),
                in_flight[2]
            ),
        ),
        None => (
            Verdict::Fail,
            format!(
                "pulled ahead {} at N = {sizes} items: grows with the input; in flight up to {}",
                list(&ahead),
                in_flight[2]
            ),
        ),
    };
    let mut contradicts = Vec::new();
    // With an always-ready source a limited strategy reaches its limit: a peak above or
    // below it contradicts the declaration.
    if let (Some(limit), Some(peak)) = (declares.limit, in_flight.last())
        && *peak != limit
    {
        contradicts.push(format!(
            "declares at most {limit} bodies in flight; {peak} were at most"
        ));
    }
    let mut f = Finding::new(
        ITERATION,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    f.expected = Some(if declares.limit.is_some() {
        Verdict::Pass
    } else {
        Verdict::Fail
    });
    f.contradicts = contradicts;
    f.cases = Some(SIZES.len() as u64);
    f
}

/// Why a run without `break` did not process all `n` items, if it did not.
fn unfinished(d: &Driven, n: u32) -> Option<String> {
    match d.settled_at {
        _ if d.end.pulled != n => Some(format!("pulled {} of {n}", d.end.pulled)),
        _ if d.end.dropped > 0 => Some(format!("{} bodies dropped mid-way", d.end.dropped)),
        None => Some(format!(
            "{} of {n} bodies finished by the deadline",
            d.end.finished
        )),
        Some(_) => None,
    }
}

//! `break` after K items (seed 000): what happens to work a strategy had already started
//! when the loop stops early? Each design runs its loop over the work items and leaves at
//! item K the way that strategy is written to stop; the check counts the items (other than
//! item K itself) that had been pulled but not finished when the loop returned — dropped
//! mid-way, still running, or not yet started — and then lets the executor run on to count
//! those that finished after the loop had returned.

use lab_designs::iteration::{self, IterationDesign, OnBreak};
use lab_executor::Outcome;
use lab_findings::{Figure, Finding, Repro, Verdict};
use lab_workloads::ItemState;

use super::{TICKS, drive};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Column, Facts, Table};
use crate::{ITERATION, design_ref};

pub const CHECK: &str = "break";
pub const LEFT: &str = "items left unfinished at return";
pub const DROPPED: &str = "dropped mid-way";
pub const RUNNING: &str = "still running at return";
pub const NOT_STARTED: &str = "pulled, not started at return";
/// Bodies created and dropped before their first poll, by the time the loop returned.
pub const DISCARDED: &str = "discarded before starting";
pub const LATER: &str = "finished after the loop returned";
pub const RETURNED: &str = "tick the loop returned";
/// Items in the input, and the item the loop leaves at.
pub const ITEMS: u32 = 64;
pub const K: u32 = 10;

pub struct Break;

impl Check for Break {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATION,
            kind: Kind::PerDesign,
            about: "after an early exit at item K: is any item the loop had taken left unfinished (dropped, discarded, or handed to a task that runs on)?",
            title: "break after K items: what happens to work in flight",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(ITERATION)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        1
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = iteration::by_id(input.design(self)?)?;
        progress();
        Ok(Produced::one(check(design)))
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("items", f64::from(ITEMS)),
            ("break at", f64::from(K)),
            ("ticks per body", TICKS as f64),
        ]
    }

    fn intro(&self, f: &Facts) -> String {
        let k = f.s("break at");
        format!(
            "Each strategy loops over {} always-ready items (bodies of {} virtual ticks) and \
             leaves at item k = {k}: a break before its body where the strategy has a loop \
             body, an error from its body where it has only a closure \
             (try_for_each_concurrent, try_for_each), and on item k's result where the loop \
             consumes results (buffered, buffer_unordered: there item k's body has run, so the \
             exit comes later than in the others). Counted when the loop returned: items \
             other than item k pulled and not finished, split into bodies dropped mid-way, \
             bodies discarded before their first poll, bodies still running, and items not \
             yet started (pulled or spawned, not yet polled); then the executor runs \
             on for as long as every body would take one after another, and the bodies that \
             finished after the loop had returned are counted. The property: the loop returns \
             with nothing left unfinished, as a sequential loop's break does. One \
             deterministic run per design (FIFO, no RNG).",
            f.s("items"),
            f.s("ticks per body"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("left unfinished", LEFT),
                Column::new("dropped", DROPPED),
                Column::new("discarded", DISCARDED),
                Column::new("running", RUNNING),
                Column::new("not started", NOT_STARTED),
                Column::new("finished later", LATER),
            ],
        ))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::verdicts("break", self.about(), findings)]
    }

    fn deciding(&self) -> Vec<String> {
        vec![
            LEFT.into(),
            DROPPED.into(),
            DISCARDED.into(),
            RUNNING.into(),
            NOT_STARTED.into(),
            LATER.into(),
        ]
    }

    fn fold_table(&self) -> bool {
        true
    }
}

pub fn check(design: &dyn IterationDesign) -> Finding {
    let info = design.info();
    let declared = design.declares().on_break;
    let mut figures = Vec::new();
    let mut contradicts = Vec::new();
    let (verdict, summary) = match drive(design, ITEMS, Some(K)) {
        Outcome::Completed(d) => {
            let others = |states: &[ItemState], want: ItemState| {
                states
                    .iter()
                    .enumerate()
                    .filter(|(i, s)| *i as u32 != K && **s == want)
                    .count() as u64
            };
            let at = &d.states_at_return;
            let (dropped, discarded, running, not_started) = (
                others(at, ItemState::Dropped),
                others(at, ItemState::Discarded),
                others(at, ItemState::Started),
                others(at, ItemState::Pulled) + others(at, ItemState::Created),
            );
            let left = dropped + discarded + running + not_started;
            // Finished by the end, and not yet when the loop returned.
            let later = d
                .states_end
                .iter()
                .enumerate()
                .filter(|(i, s)| {
                    **s == ItemState::Finished && at.get(*i) != Some(&ItemState::Finished)
                })
                .count() as u64;
            for (metric, v) in [
                (LEFT, left),
                (DROPPED, dropped),
                (DISCARDED, discarded),
                (RUNNING, running),
                (NOT_STARTED, not_started),
                (LATER, later),
            ] {
                figures.push(Figure::new(metric, v as f64, "items"));
            }
            figures.push(Figure::new(RETURNED, d.returned_at as f64, "ticks"));
            figures.push(Figure::new(
                "pulled at return",
                f64::from(d.at_return.pulled),
                "items",
            ));
            let observed = if left == 0 {
                OnBreak::Nothing
            } else if later > 0 {
                OnBreak::Detached
            } else {
                OnBreak::Dropped
            };
            if observed != declared {
                contradicts.push(format!(
                    "declares {declared:?} on break; measured {observed:?}"
                ));
            }
            if left == 0 {
                (
                    Verdict::Pass,
                    format!(
                        "left at item k = {K} with nothing unfinished ({} items pulled)",
                        d.at_return.pulled
                    ),
                )
            } else {
                (
                    Verdict::Fail,
                    format!(
                        "left at item k = {K} with {left} item(s) unfinished: {dropped} dropped mid-way, \
                         {discarded} discarded before starting, {running} still running, {not_started} not started; \
                         {later} finished after the loop returned"
                    ),
                )
            }
        }
        other => {
            let said = format!("the loop did not return: {other}");
            (crate::verdict_of(other.map(|_| false)), said)
        }
    };
    let mut f = Finding::new(
        ITERATION,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    f.expected = Some(if declared == OnBreak::Nothing {
        Verdict::Pass
    } else {
        Verdict::Fail
    });
    f.contradicts = contradicts;
    f.cases = Some(1);
    f
}

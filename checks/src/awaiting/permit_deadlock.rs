//! The permit deadlock (seed 003's starvation, and the futures-unpolled hazard): fetches and
//! loop bodies share one tokio semaphore permit. If a fetch holds the permit and nothing
//! polls it while the body queues for the same permit, no one can move: the lab executor
//! ends the run with its `Deadlock` outcome (nothing runnable, no timer), never a hang. The
//! finding explains the deadlock from the named permits and the watched fetches, as they
//! stood when the run ended: who holds the permit since when, who queues for it, and which
//! holder was woken and not polled since which tick.

use lab_designs::starvation::{self, AwaitingDesign};
use lab_executor::{Outcome, Watched};
use lab_findings::{Counterexample, Figure, Finding, Repro, Verdict};
use lab_workloads::{HOLD_TICKS, PermitPicture};
use serde_json::json;

use super::{Driven, Form, LIMIT, drive};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::section::{self, Column, Facts, Table};
use crate::{AWAITING, design_ref, verdict_of};

pub const CHECK: &str = "permit-deadlock";
pub const ITEMS: u32 = 8;
pub const BODIES: &str = "bodies run";
pub const TICKS: &str = "ticks when the run ended";
pub const UNPOLLED: &str = "fetches woken and not polled when the run ended";

pub struct PermitDeadlock;

impl Check for PermitDeadlock {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: AWAITING,
            kind: Kind::PerDesign,
            about: "with one permit shared by fetches and bodies, does the loop finish, or deadlock on a fetch nobody polls?",
            title: "Deadlock on a permit held by a fetch nobody polls",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(AWAITING)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        2
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("items", f64::from(ITEMS)),
            ("fetches in flight", LIMIT as f64),
            ("ticks a fetch holds the permit", HOLD_TICKS as f64),
        ]
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = starvation::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design fetches {} items with at most {} in flight; fetches and loop bodies \
             share one tokio Semaphore permit (fair: first queued, first served). A fetch \
             takes the permit, holds it {} virtual ticks and returns; a body takes it for one \
             tick. When a fetch holds the permit and is not polled while the body queues for \
             it, the run cannot go on, and the lab executor ends it with its deadlock outcome \
             (nothing runnable, no timer pending) instead of hanging. The explanation is read \
             from the named permits and the watched fetches as they stood when the run ended, \
             before its pending futures were dropped. One deterministic run per design, run \
             again to confirm the explanation; runs ended at tick {}.",
            f.s("items"),
            f.s("fetches in flight"),
            f.s("ticks a fetch holds the permit"),
            f.range(TICKS, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let mut table = section::figure_table(
            findings,
            &[
                Column::new("bodies run", BODIES),
                Column::new("ended at tick", TICKS),
                Column::new("fetches woken, unpolled", UNPOLLED),
            ],
        );
        table.columns.push("outcome".into());
        for (row, f) in table.rows.iter_mut().zip(findings) {
            row.cells.push(f.verdict.as_str().into());
        }
        Some(table)
    }

    fn deciding(&self) -> Vec<String> {
        vec![BODIES.into(), UNPOLLED.into()]
    }
}

pub fn check(design: &dyn AwaitingDesign, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    progress();
    let d = drive(design, Form::Contended, ITEMS);
    let unpolled = d
        .fetches
        .iter()
        .filter(|w| !w.completed && w.woken_unpolled.is_some())
        .count();
    let figures = vec![
        Figure::new(BODIES, d.bodies.len() as f64, "bodies"),
        Figure::new(TICKS, d.end as f64, "ticks"),
        Figure::new(UNPOLLED, unpolled as f64, "fetches"),
    ];
    let mut counterexample = None;
    let (verdict, summary) = match (&d.outcome, d.incomplete(ITEMS)) {
        (Outcome::Completed(()), None) => (
            Verdict::Pass,
            format!(
                "finished: every body ran, at tick {}; no fetch was left woken and unpolled",
                d.end
            ),
        ),
        (Outcome::Deadlock { .. }, _) => {
            let why = explain(&d);
            progress();
            let again = explain(&drive(design, Form::Contended, ITEMS));
            counterexample = Some(Counterexample {
                input: format!(
                    "{ITEMS} fetches, at most {LIMIT} in flight, one permit; a fetch holds it \
                     {HOLD_TICKS} ticks, a body 1"
                ),
                failure: why.clone(),
                data: json!({
                    "permits": picture_json(d.permits.as_ref()),
                    "unpolled": unpolled_json(&d.fetches),
                }),
                reproduced: u32::from(again == why),
                reruns: 1,
                search: Some("deterministic: FIFO scheduling, no RNG".into()),
            });
            (Verdict::Deadlock, why)
        }
        (Outcome::Completed(()), Some(why)) => (Verdict::Fail, why),
        (other, _) => (
            verdict_of(other.as_ref().map(|_| true)),
            format!("the run ended: {other}"),
        ),
    };
    let mut f = Finding::new(
        AWAITING,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    f.expected = Some(if design.declares().drives_while_body_awaits {
        Verdict::Pass
    } else {
        Verdict::Deadlock
    });
    f.cases = Some(1);
    f.counterexample = counterexample;
    f
}

/// Who holds the permit, who queues for it, and which of them nobody polls: read from the
/// pictures the run froze when it ended.
pub fn explain(d: &Driven) -> String {
    let Some(p) = &d.permits else {
        return format!("{} (no permits were named)", d.outcome);
    };
    let watched = |who: &str| d.fetches.iter().find(|w| w.name == who);
    // "woken at tick 2 and not polled since tick 0", for a watched fetch in that state.
    let stuck = |who: &str| {
        let w = watched(who)?;
        let (woke, polled) = (w.woken_unpolled?, w.last_polled?);
        Some(format!(
            "its waker fired at tick {woke} and it has not been polled since tick {polled}"
        ))
    };
    let mut parts = vec![d.outcome.to_string()];
    let mut stuck_any = false;
    for (who, since) in &p.holders {
        let mut s = format!("{who} holds the permit since tick {since}");
        if let Some(why) = stuck(who) {
            stuck_any = true;
            s += &format!(", {why}");
        }
        parts.push(s);
    }
    let mut waiting = Vec::new();
    for (who, since) in &p.queued {
        match stuck(who) {
            Some(why) => {
                stuck_any = true;
                parts.push(format!(
                    "{who} queues for the permit since tick {since}; {why}"
                ));
            }
            None if who.starts_with("body") => {
                parts.push(format!("{who} queues for the permit since tick {since}"));
            }
            None => waiting.push(who.as_str()),
        }
    }
    if !waiting.is_empty() {
        parts.push(format!(
            "{} more fetches queue, never woken ({})",
            waiting.len(),
            waiting.join(", ")
        ));
    }
    if p.holders.is_empty() && p.available == 0 {
        parts.push(
            "no future holds the permit by name and none is available: the semaphore handed \
             it to a waiter that has not been polled since"
                .into(),
        );
    }
    let body_waits = p.queued.iter().any(|(w, _)| w.starts_with("body"));
    let mut out = parts.join("; ");
    if stuck_any && body_waits {
        out += ". A body waits for the permit while a fetch that holds or was handed it, \
                woken, is not polled";
    }
    out
}

fn picture_json(p: Option<&PermitPicture>) -> serde_json::Value {
    match p {
        None => serde_json::Value::Null,
        Some(p) => json!({ "holders": p.holders, "queued": p.queued, "available": p.available }),
    }
}

fn unpolled_json(fetches: &[Watched]) -> serde_json::Value {
    fetches
        .iter()
        .filter(|w| !w.completed && w.woken_unpolled.is_some())
        .map(
            |w| json!({ "fetch": w.name, "woken": w.woken_unpolled, "last polled": w.last_polled }),
        )
        .collect()
}

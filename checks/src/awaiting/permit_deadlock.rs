//! The permit deadlock (seed 003's starvation, and the futures-unpolled hazard): fetches and
//! loop bodies share one tokio semaphore permit. If a fetch holds the permit and nothing
//! polls it while the body queues for the same permit, no one can move: the lab executor
//! ends the run with its `Deadlock` outcome (nothing runnable, no timer), never a hang. The
//! finding explains the deadlock from the named permits and the watched fetches, as they
//! stood when the run ended: who holds the permit since when, who queues for it, and which
//! holder was woken and not polled since which tick.

use lab_designs::starvation::{self, AwaitingDesign};
use lab_findings::{Figure, Finding, Repro, Verdict};
use lab_workloads::HOLD_TICKS;

use super::{Driven, Form, LIMIT, drive};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::section::{self, Column, Facts, Table};
use crate::{AWAITING, design_ref, explain as explained};

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
             again to see the explanation repeat (which shows the run is deterministic); runs \
             ended at tick {}.",
            f.s("items"),
            f.s("fetches in flight"),
            f.s("ticks a fetch holds the permit"),
            f.range(TICKS, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let table = section::figure_table(
            findings,
            &[
                Column::new("bodies run", BODIES),
                Column::new("ended at tick", TICKS),
                Column::new("fetches woken, unpolled", UNPOLLED),
            ],
        );
        Some(section::with_outcomes(table, findings))
    }

    fn deciding(&self) -> Vec<String> {
        vec![BODIES.into(), UNPOLLED.into()]
    }
}

pub fn check(design: &dyn AwaitingDesign, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    progress();
    let d = drive(design, Form::Contended, ITEMS);
    let unpolled = crate::explain::unpolled(&d.fetches);
    let figures = vec![
        Figure::new(BODIES, d.bodies.len() as f64, "bodies"),
        Figure::new(TICKS, d.end as f64, "ticks"),
        Figure::new(UNPOLLED, unpolled as f64, "fetches"),
    ];
    let stuck = d
        .permits
        .as_ref()
        .is_some_and(|p| explained::is_unpolled_deadlock(p, &d.fetches));
    let (verdict, summary, counterexample) = explained::judge(
        &d.outcome,
        d.incomplete(ITEMS),
        format!(
            "finished: every body ran, at tick {}; no fetch was left woken and unpolled",
            d.end
        ),
        stuck,
        explain(&d),
        |why| {
            progress();
            let again = explain(&drive(design, Form::Contended, ITEMS));
            explained::evidence(
                format!(
                    "{ITEMS} fetches, at most {LIMIT} in flight, one permit; a fetch holds it \
                     {HOLD_TICKS} ticks, a body 1"
                ),
                why,
                &again,
                d.permits.as_ref(),
                &d.fetches,
                "deterministic: FIFO scheduling, no RNG",
            )
        },
    );
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

/// The deadlock explained from the pictures the run froze when it ended.
pub fn explain(d: &Driven) -> String {
    match &d.permits {
        Some(p) => crate::explain::deadlock(&d.outcome.to_string(), p, &d.fetches),
        None => format!("{} (no permits were named)", d.outcome),
    }
}

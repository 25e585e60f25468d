//! The futurelock: a waiter queued for a permit, kept alive and unpolled while the timer's
//! handler awaits the same permit. Tokio's semaphore hands the released permit to the first
//! waiter and wakes it; if nothing polls the waiter, neither it nor the handler can move,
//! and the lab executor ends the run with its `Deadlock` outcome. The finding explains the
//! deadlock from the frozen pictures: who holds or was handed the permit, who queues for
//! it, and since which tick the woken waiter has not been polled.

use lab_designs::unpolled::{self, UnpolledDesign};
use lab_findings::{Figure, Finding, Repro, Verdict};
use lab_workloads::{HOLDER_TICKS, TIMER_TICKS};

use super::drive;
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::section::{self, Column, Facts, Table};
use crate::{UNPOLLED, design_ref, explain};

pub const CHECK: &str = "futurelock";
pub const TICKS: &str = "ticks when the run ended";
pub const UNPOLLED_AT_END: &str = "futures woken and not polled when the run ended";
pub const HANDLERS: &str = "handlers finished";

pub struct Futurelock;

impl Check for Futurelock {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: UNPOLLED,
            kind: Kind::PerDesign,
            about: "a waiter queued for a permit, the timer's handler needing it too: does the run finish, or deadlock on the waiter nobody polls?",
            title: "Futurelock: a waiter kept alive and unpolled",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(UNPOLLED)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        2
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("ticks the other task holds the permit", HOLDER_TICKS as f64),
            ("tick the timer fires", TIMER_TICKS as f64),
        ]
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = unpolled::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Another task takes the one permit of a tokio Semaphore at the start and holds it \
             {} virtual ticks. The design's waiter queues for the permit; a timer fires at \
             tick {}, and its handler needs the same permit for a tick. The semaphore is \
             fair: when the other task lets go, the permit goes to the waiter, which is woken \
             and must be polled to take it and let it go. A design that keeps the waiter \
             alive but does not poll it while the handler awaits cannot finish; the lab \
             executor ends such a run with its deadlock outcome (nothing runnable, no timer \
             pending) instead of hanging. The explanation is read from the named permit and \
             the watched waiter as they stood when the run ended, before pending futures were \
             dropped. One run per design on FIFO scheduling, run again to confirm the \
             explanation (select! picks its first branch at random, so the tick the waiter \
             was last polled can differ); runs ended at tick {}.",
            f.s("ticks the other task holds the permit"),
            f.s("tick the timer fires"),
            f.range(TICKS, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let table = section::figure_table(
            findings,
            &[
                Column::new("handlers finished", HANDLERS),
                Column::new("ended at tick", TICKS),
                Column::new("woken, unpolled", UNPOLLED_AT_END),
            ],
        );
        Some(section::with_outcomes(table, findings))
    }

    fn deciding(&self) -> Vec<String> {
        vec![HANDLERS.into(), UNPOLLED_AT_END.into()]
    }
}

pub fn check(design: &dyn UnpolledDesign, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    progress();
    let d = drive(design);
    let figures = vec![
        Figure::new(HANDLERS, f64::from(d.handlers_done), "handlers"),
        Figure::new(TICKS, d.end as f64, "ticks"),
        Figure::new(
            UNPOLLED_AT_END,
            explain::unpolled(&d.watched) as f64,
            "futures",
        ),
    ];
    let why = |d: &super::Driven| explain::deadlock(&d.outcome.to_string(), &d.permits, &d.watched);
    let (verdict, summary, counterexample) = explain::judge(
        &d.outcome,
        d.incomplete(),
        format!(
            "finished at tick {}: the waiter and the handler each ran to the end",
            d.end
        ),
        explain::is_unpolled_deadlock(&d.permits, &d.watched),
        why(&d),
        |first| {
            progress();
            let again = why(&drive(design));
            explain::evidence(
                format!(
                    "one permit, held by another task for {HOLDER_TICKS} ticks; the waiter \
                     queued for it; the timer at tick {TIMER_TICKS}, its handler needing it"
                ),
                first,
                &again,
                Some(&d.permits),
                &d.watched,
                "FIFO scheduling; the select! designs pick their first branch at random with an \
                 RNG the lab cannot seed, so a rerun may differ in the tick the waiter was last \
                 polled",
            )
        },
    );
    let mut f = Finding::new(
        UNPOLLED,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    f.expected = Some(if design.declares().keeps_waiter_unpolled {
        Verdict::Deadlock
    } else {
        Verdict::Pass
    });
    f.cases = Some(1);
    f.counterexample = counterexample;
    f
}

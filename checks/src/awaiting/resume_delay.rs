//! Resume delay (seed 003's starvation): for each wake of an in-flight fetch, the virtual
//! ticks until it was next polled. The lab executor polls a woken task at the tick it was
//! woken (time moves only when nothing is runnable), so a delay is time the fetch spent
//! woken inside a future nobody polled: the design's doing, not the executor's. A design
//! passes when every wake was answered at its own tick, and fails on the first that waited.

use lab_designs::starvation::{self, AwaitingDesign};
use lab_findings::{Figure, Finding, Repro, Verdict, format};
use lab_workloads::BODY_TICKS;

use super::{Form, LIMIT, drive};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::section::{self, Chart, Column, Facts, Table};
use crate::{AWAITING, design_ref, verdict_of};

pub const CHECK: &str = "resume-delay";
pub const ITEMS: u32 = 24;
pub const WAKES: &str = "wakes of in-flight fetches";
pub const LATE: &str = "wakes polled late";
pub const LONGEST: &str = "longest resume delay";
pub const MEAN: &str = "mean resume delay";
/// The distribution: the share of wakes answered within `WITHIN_TICKS` ticks.
pub const WITHIN: &str = "share of wakes polled within";
pub const WITHIN_TICKS: &str = "ticks";
/// Where the distribution is read: doubling, so long delays need few figures.
pub const STEPS: [u64; 7] = [0, 1, 2, 4, 8, 16, 32];

pub struct ResumeDelay;

impl Check for ResumeDelay {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: AWAITING,
            kind: Kind::PerDesign,
            about: "is every in-flight fetch polled at the tick its waker fired while the loop body awaits?",
            title: "Resume delay of in-flight work while the loop body awaits",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(AWAITING)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        1
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("items", f64::from(ITEMS)),
            ("fetches in flight", LIMIT as f64),
            ("body ticks", BODY_TICKS as f64),
        ]
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = starvation::by_id(input.design(self)?)?;
        progress();
        Ok(Produced::one(check(design)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design fetches {} items with at most {} fetches in flight and awaits a loop \
             body of {} virtual ticks on each result. Fetch i waits one tick plus i modulo three, \
             then one more: two wakes each. A watch wraps every fetch and hands it a waker that notes \
             the tick it fired; the resume delay is the ticks from that wake to the fetch's \
             next poll. The lab executor polls a woken task at the tick it was woken (time \
             moves only when nothing is runnable), so a delay is time the fetch sat woken \
             inside a future nobody polled. A design passes when every wake was polled at its \
             own tick, and fails on the first that waited; a run that did not complete every \
             fetch with its two wakes is inconclusive. One deterministic run per design (FIFO scheduling, no RNG); \
             delays of {} ticks were seen.",
            f.s("items"),
            f.s("fetches in flight"),
            f.s("body ticks"),
            f.range(LONGEST, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("wakes", WAKES),
                Column::new("polled late", LATE),
                Column::new("longest delay (ticks)", LONGEST),
                Column::new("mean delay (ticks)", MEAN),
            ],
        ))
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        let series = findings
            .iter()
            .map(|f| {
                let points = f
                    .figures_of(WITHIN)
                    .filter_map(|g| Some((g.param(WITHIN_TICKS)?.as_int()? as f64, g.value)))
                    .collect();
                (f.design.id.clone(), points)
            })
            .collect();
        vec![Chart::Lines {
            title: "Share of in-flight fetches' wakes polled within a number of ticks".into(),
            x_label: "ticks from wake to poll".into(),
            y_label: "% of wakes".into(),
            series,
        }]
    }

    fn deciding(&self) -> Vec<String> {
        vec![LATE.into(), LONGEST.into()]
    }
}

pub fn check(design: &dyn AwaitingDesign) -> Finding {
    let info = design.info();
    let d = drive(design, Form::Timed, ITEMS);
    let delays: Vec<u64> = d.fetches.iter().flat_map(|w| w.delays.clone()).collect();
    // A wake still unanswered when the run ended waited too.
    let unanswered = d
        .fetches
        .iter()
        .filter(|w| w.woken_unpolled.is_some())
        .count();
    let fetched = d.fetches.iter().filter(|w| w.completed).count();
    let late = delays.iter().filter(|&&t| t > 0).count() + unanswered;
    let longest = delays.iter().copied().max().unwrap_or(0);
    let mean = delays.iter().sum::<u64>() as f64 / delays.len().max(1) as f64;
    let mut figures = vec![
        Figure::new(WAKES, delays.len() as f64, "wakes"),
        Figure::new(LATE, late as f64, "wakes"),
        Figure::new(LONGEST, longest as f64, "ticks"),
        Figure::new(MEAN, mean, "ticks"),
    ];
    if !delays.is_empty() {
        for t in STEPS {
            let n = delays.iter().filter(|&&x| x <= t).count();
            let share = 100.0 * n as f64 / delays.len() as f64;
            figures.push(Figure::new(WITHIN, share, "%").at(WITHIN_TICKS, t as i64));
        }
    }
    let (verdict, summary) = match d.incomplete(ITEMS) {
        Some(why) => (
            match d.outcome {
                lab_executor::Outcome::Completed(()) => Verdict::Fail,
                other => verdict_of(other.map(|()| true)),
            },
            format!("the loop did not finish its work: {why}"),
        ),
        // Every item fetched, and its two wakes seen: anything less is too little to judge.
        None if fetched != ITEMS as usize || delays.len() + unanswered < 2 * ITEMS as usize => (
            Verdict::Inconclusive,
            format!(
                "{fetched} of {ITEMS} fetches completed, {} wakes seen: too few to judge",
                delays.len() + unanswered
            ),
        ),
        None if late == 0 => (
            Verdict::Pass,
            format!(
                "every one of {} wakes was polled at the tick it fired",
                delays.len()
            ),
        ),
        None => (
            Verdict::Fail,
            format!(
                "{late} of {} wakes waited for their poll, up to {longest} ticks (mean {} over \
                 all wakes); the body awaits {BODY_TICKS}",
                delays.len(),
                format::value(mean)
            ),
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
        Verdict::Fail
    });
    f.cases = Some(delays.len() as u64);
    f
}

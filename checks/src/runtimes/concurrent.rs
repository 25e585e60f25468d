//! The concurrent designs on real runtimes: every design races `read_send` over the same
//! seeded scripts and, where it has a drain, drains two always-ready channel sources, on
//! the lab executor and on each real runtime; the answers compared are whether any race
//! or drain lost an item, was left unfinished or panicked, and, when every drain
//! completed, whether source 0 took an uneven share of the first items and whether source
//! 1 starved.

use lab_designs::concurrent;
use lab_findings::{Figure, Finding, Repro, format};

use super::drains::{self, DRAIN_ITEMS, Drains, UNEVEN, WINDOW};
use super::tally::{self, Names, Tally};
use super::{Measured, RUNTIME, TICK, judge, runtimes};
use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::section::{Facts, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "real-runtimes";
pub const RACES: &str = "races run";
pub const LOSSY: &str = "races that lost an item";
pub const UNFINISHED: &str = "races left unfinished";
pub const PANICKED: &str = "races that panicked";
pub const SHARE: &str = "share of source 0 in the first items";
pub const STARVED_MEDIAN: &str = "source 1's items before source 0 ran out (median)";
pub const BUDGET_RAN_OUT: &str = "drains in which tokio's budget was seen spent at a delivery";
pub const YIELDED: &str = "drains polled more than once";
pub const POLLS: &str = "polls of a drain (median)";

pub const NAMES: Names = Names {
    noun: "races",
    runs: RACES,
    lossy: LOSSY,
    unfinished: UNFINISHED,
    panicked: PANICKED,
    questions: [
        "lost an item in a race",
        "left a race unfinished",
        "panicked in a race",
    ],
};

pub const SCRIPTS: Setting = Setting {
    name: "scripts",
    flag: Some(Flag::Cases),
    default: 12,
    quick: 4,
    about: "seeded data-loss scripts raced on every runtime",
};
pub const DRAINS: Setting = Setting {
    name: "drains",
    flag: Some(Flag::Runs),
    default: 40,
    quick: 30,
    about: "drains of two always-ready sources per runtime, for the first source's share and the second's starvation",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 0x5eed_0014,
    quick: 0x5eed_0014,
    about: "seed of the scripts",
};

pub struct RealRuntimes;

impl Check for RealRuntimes {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "the race's and the drain's verdicts on tokio, async-std and smol beside the lab executor's",
            title: "The same verdicts on real runtimes",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[SCRIPTS, DRAINS, SEED]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("tick ms", TICK.as_secs_f64() * 1e3),
            ("drain items", f64::from(DRAIN_ITEMS)),
            ("window", WINDOW as f64),
            ("uneven beyond", UNEVEN),
            ("tokio workers", 2.0),
        ]
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(CONCURRENT)
    }

    /// A design without a drain ticks its planned drains off at once.
    fn planned_runs(&self, options: &Options) -> u64 {
        let per = SCRIPTS.value(options) + DRAINS.value(options);
        per * runtimes(options).len() as u64
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = concurrent::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, options, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design races read_send over the same {} seeded scripts (the data-loss \
             check's strategy) and, where it has a drain, drains two always-ready sources of \
             {} items {} times, on the lab executor and on the real runtimes selected (by \
             default all four: tokio's current-thread runtime, tokio's multi-thread runtime \
             with {} workers, which only drive the timers, async-std and smol). On a real \
             runtime a scripted tick is {} ms slept on the runtime's own timer, the design \
             runs on the thread that calls block_on with its spawns in that thread's local \
             set (the designs are not Send), and a race still going after three times a \
             generous length of its script, plus a margin, is unfinished. The races' \
             sources are the lab's scripted ones; the drains' are pre-filled tokio channels, \
             whose receives spend tokio's cooperative budget inside tokio (one budget per \
             poll of the drain's task, shared by both sources), and each drain records \
             whether the budget was spent when an item was delivered and how often the \
             runtime polled the drain (figures per runtime; whether the budget changes a \
             pick is not measured). A drain uses no timer and spawns nothing, so where its \
             channels are always ready it finishes in its first poll and the runtime never \
             polls it again: a real runtime's drain questions are compared only when at \
             least one of its drains was polled more than once or ran out of tokio's \
             budget, and are named not compared otherwise. A design \
             passes when every runtime gives the lab's answer, yes or no, \
             not counts: whether any finished race lost an item, any was left unfinished \
             (the lab's step budget, a real runtime's time limit), any panicked, the same \
             three of the drains, and, when every drain completed with every item, whether source 0's mean share of the first {} items is more than \
             {} from one half, and whether source 1 starved (got nothing before source 0 \
             ran out in the median drain, the pick-bias check's rule).",
            f.s("scripts"),
            f.s("drain items"),
            f.s("drains"),
            f.s("tokio workers"),
            f.s("tick ms"),
            f.s("window"),
            f.s("uneven beyond"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(super::table(findings, cell))
    }

    fn deciding(&self) -> Vec<String> {
        vec![super::DISAGREEMENTS.into()]
    }
}

/// One runtime's cell: "lost 3/12 · s0 100% · starved", with the drains' count when one
/// failed.
fn cell(f: &Finding, rt: &str) -> Option<String> {
    let mut out = tally::cell(f, &NAMES, rt)?;
    let at = [(RUNTIME, rt.into())];
    if let Some(drains) = tally::cell(f, &drains::NAMES, rt)
        && !drains.starts_with("clean")
    {
        out += &format!(" · drains {drains}");
    }
    // A real runtime's drains polled at most once with the budget never seen spent are not
    // compared, nor shown as if.
    if rt != lab_runtimes::Runtime::Lab.id()
        && f.value(YIELDED, &at) == Some(0.0)
        && f.value(BUDGET_RAN_OUT, &at) == Some(0.0)
    {
        return Some(out + " · drains in one poll");
    }
    if let Some(s) = f.value(SHARE, &at) {
        out += &format!(" · s0 {}%", format::value(s * 100.0));
    }
    if f.value(STARVED_MEDIAN, &at) == Some(0.0) {
        out += " · starved";
    }
    Some(out)
}

/// How the lab's runs went: "lost 9/12; drains clean 40/40; source 0 took 50% of ...".
fn lab_summary(race: &Tally, drained: Option<&Drains>) -> String {
    let mut parts = vec![race.describe()];
    if let Some(d) = drained {
        parts.push(format!("drains {}", d.tally.describe()));
        parts.extend(
            d.answers(lab_runtimes::Runtime::Lab)
                .into_iter()
                .filter(|a| {
                    [drains::SHARE_KIND, drains::STARVED_KIND].contains(&a.kind) && a.yes.is_some()
                })
                .map(|a| a.evidence),
        );
    }
    parts.join("; ")
}

pub fn check(
    design: &'static dyn concurrent::ConcurrentDesign,
    options: &Options,
    progress: &dyn Fn(),
) -> Finding {
    let info = design.info();
    let scripts = crate::schedules::scripts(SCRIPTS.value(options), SEED.value(options));
    let runs = DRAINS.value_u32(options);
    let drainable = design.arity().supports(2);
    let mut figures = Vec::new();
    let mut measured = Vec::new();
    let mut lab = String::new();
    for rt in runtimes(options) {
        let race: Tally = super::races::race(design, rt, &scripts, progress);
        let drained = drainable.then(|| drains::drains(design, rt, runs, progress));
        if !drainable {
            (0..runs).for_each(|_| progress());
        }
        let at = |fig: Figure| fig.at(RUNTIME, rt.id());
        figures.extend(race.figures(&NAMES, rt.id()));
        let mut answers = race.answers(&NAMES);
        if let Some(d) = &drained {
            figures.extend(d.tally.figures(&drains::NAMES, rt.id()));
            if let Some((share, median)) = d.shares {
                figures.push(at(Figure::new(SHARE, share, "share")));
                figures.push(at(Figure::new(STARVED_MEDIAN, median as f64, "items")));
            }
            figures.push(at(Figure::new(
                BUDGET_RAN_OUT,
                f64::from(d.budget_ran_out),
                "drains",
            )));
            figures.push(at(Figure::new(YIELDED, f64::from(d.yielded), "drains")));
            if let Some(polls) = d.median_polls() {
                figures.push(at(Figure::new(POLLS, f64::from(polls), "polls")));
            }
            answers.extend(d.answers(rt));
        }
        if rt == lab_runtimes::Runtime::Lab {
            lab = lab_summary(&race, drained.as_ref());
        }
        measured.push(Measured {
            runtime: rt,
            answers,
        });
    }
    let sample = if drainable {
        format!("{} scripts and {runs} drains each", scripts.len())
    } else {
        format!("{} scripts (no drain)", scripts.len())
    };
    let (verdict, summary, disagreeing) = judge(&measured, &sample, &lab);
    figures.push(disagreeing);
    let mut f = Finding::new(
        CONCURRENT,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    // The lab's claim is that its verdicts carry over to real runtimes.
    f.expected = Some(lab_findings::Verdict::Pass);
    f.cases = Some(scripts.len() as u64);
    f.seed = Some(SEED.value(options));
    f
}

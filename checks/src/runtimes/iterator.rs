//! The iterator designs on real runtimes: the cancellation check's seeded cases — `next()`
//! polled a scripted number of times, dropped if still pending and called again — run on
//! the lab executor and on each real runtime, whose answers compared are whether any case
//! lost data, was left unfinished or panicked.

use lab_designs::iterator::{self, IterDesign};
use lab_executor::Handle;
use lab_findings::{Finding, Repro, Verdict};
use lab_runtimes::{Limits, Runtime, run};

use super::tally::{self, Names, Ran, Tally};
use super::{MAX_POLLS, Measured, TICK, deadline, judge, runtimes};
use crate::cancellation::{self, Case};
use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::property::Trial;
use crate::section::{Facts, Table};
use crate::{ITERATOR, design_ref};

pub const CHECK: &str = "iter-real-runtimes";
pub const CASES: &str = "cases run";
pub const LOSSY: &str = "cases that lost data";
pub const UNFINISHED: &str = "cases left unfinished";
pub const PANICKED: &str = "cases that panicked";

pub const NAMES: Names = Names {
    noun: "cases",
    runs: CASES,
    lossy: LOSSY,
    unfinished: UNFINISHED,
    panicked: PANICKED,
    questions: [
        "lost data in a case",
        "left a case unfinished",
        "panicked in a case",
    ],
};

pub const SAMPLE: Setting = Setting {
    name: "cases",
    flag: Some(Flag::Cases),
    default: 20,
    quick: 8,
    about: "seeded cancellation cases run on every runtime",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 0x5eed_0014,
    quick: 0x5eed_0014,
    about: "seed of the cases",
};

pub struct IterRealRuntimes;

impl Check for IterRealRuntimes {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATOR,
            kind: Kind::PerDesign,
            about: "cases of the cancellation check's strategy on tokio, async-std and smol beside the lab executor",
            title: "Cancellation of next() on real runtimes",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[SAMPLE, SEED]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![("tick ms", TICK.as_secs_f64() * 1e3)]
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(ITERATOR)
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        SAMPLE.value(options) * runtimes(options).len() as u64
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = iterator::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, options, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design runs the same {} cases, drawn with their own seed from the \
             cancellation check's strategy (the line splitter and the batch reader, with \
             next() futures dropped after a scripted number of polls), on the lab executor \
             and on the real runtimes selected (all four by default), a scripted \
             tick being {} ms of the runtime's own timer. A future is polled when the runtime \
             wakes it, so where a give-up falls can differ from the lab's; a cancel-safe \
             design must lose nothing wherever it falls. A design passes when every runtime \
             gives the lab's answer, yes or no: whether any finished case lost, duplicated \
             or reordered a byte or item, any was left unfinished (the lab's step budget, a \
             real runtime's time limit of three times a generous length plus a margin), \
             and any panicked.",
            f.s("cases"),
            f.s("tick ms"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(super::table(findings, |f, rt| tally::cell(f, &NAMES, rt)))
    }

    fn deciding(&self) -> Vec<String> {
        vec![super::DISAGREEMENTS.into()]
    }
}

/// A case's time limit on a real runtime: three times a generous length of its script —
/// every chunk and batch at its time, then every item decoded one after another, twice
/// (a dropped `next()` may restart a decode, and a merge re-creating its futures restarts
/// the other side's), and once more per give-up — each decode counted a tick longer for
/// a timer's rounding.
fn limits(case: &Case, sources: u64) -> Limits {
    let chunks = case.lines.chunks.last().map_or(0, |(at, _)| *at);
    let batches = &case.batches;
    let last = batches.batches.last().map_or(0, |b| b.at);
    let items: u64 = sources
        * batches
            .batches
            .iter()
            .map(|b| u64::from(b.len))
            .sum::<u64>();
    let decodes = 2 * items + case.give_up_after.len() as u64;
    Limits {
        tick: TICK,
        deadline: deadline(chunks + last + decodes * (batches.decode_ticks + 1) + 4),
        max_polls: MAX_POLLS,
    }
}

/// The cases on `runtime`.
fn cases_on(
    design: &'static dyn IterDesign,
    runtime: Runtime,
    cases: &[Case],
    progress: &dyn Fn(),
) -> Tally {
    let mut t = Tally::default();
    for (i, case) in cases.iter().enumerate() {
        progress();
        let c = case.clone();
        let outcome = run(
            runtime,
            limits(case, design.inputs() as u64),
            Box::new(move |h: &Handle| Box::pin(cancellation::calls(design, &c, h.clock()))),
        );
        let judged = cancellation::judge(design, case, outcome);
        let ran = Ran::unfinished(&judged.outcome).unwrap_or_else(|| {
            if judged.verdict() == Verdict::Pass {
                Ran::Clean
            } else {
                Ran::Lossy(judged.describe())
            }
        });
        t.record(i, ran);
    }
    t
}

pub fn check(design: &'static dyn IterDesign, options: &Options, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let cases = crate::property::sample(
        &cancellation::cases(),
        SAMPLE.value(options),
        SEED.value(options),
    );
    let mut figures = Vec::new();
    let mut measured = Vec::new();
    let mut lab = String::new();
    for rt in runtimes(options) {
        let t = cases_on(design, rt, &cases, progress);
        figures.extend(t.figures(&NAMES, rt.id()));
        let answers = t.answers(&NAMES);
        if rt == Runtime::Lab {
            lab = t.describe();
        }
        measured.push(Measured {
            runtime: rt,
            answers,
        });
    }
    let (verdict, summary, disagreeing) = judge(&measured, &format!("{} cases", cases.len()), &lab);
    figures.push(disagreeing);
    let mut f = Finding::new(
        ITERATOR,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    f.expected = Some(Verdict::Pass);
    f.cases = Some(cases.len() as u64);
    f.seed = Some(SEED.value(options));
    f
}

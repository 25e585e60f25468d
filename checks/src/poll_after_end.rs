//! Poll after end (seed 002's fuse requirement): does a design poll a source again after
//! that source yielded `None`? A stream that is not fused may panic then (as an `async gen`
//! stream or a plain async block would), so a design that does needs `.fuse()` on every
//! source. Each design drains a source of two always-ready items beside one whose items
//! arrive over several ticks, so the drain keeps turning after the first source ended; the
//! first source counts every poll it gets after its `None`.

use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_executor::{Config, Executor, Outcome};
use lab_findings::{Figure, Finding, Repro, Verdict};
use lab_workloads::Source;

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Column, Facts, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "poll-after-end";
pub const POLLS: &str = "polls after the end";
pub const LAYOUTS: &str = "drains";
/// Items of the source that ends first, and arrival ticks of the other's.
pub const SHORT: u32 = 2;
pub const LONG_TICKS: [u64; 6] = [1, 2, 3, 4, 5, 6];

pub struct PollAfterEnd;

impl Check for PollAfterEnd {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "is a source that has yielded None ever polled again (a panic for a stream that is not fused)?",
            title: "Poll after end: which designs poll a source that has ended",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::drainable_ids()
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        1
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("short source items", f64::from(SHORT)),
            ("long source items", LONG_TICKS.len() as f64),
        ]
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = concurrent::by_id(input.design(self)?)?;
        progress();
        Ok(Produced::one(check(design)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design drains a source of {} always-ready items, which then yields None, \
             beside sources of {} items arriving a tick apart, so the drain keeps turning \
             after the short one has ended: with the short source first, then second, and in \
             the middle of three where the design can be written for three (so a chained \
             merge sees an inner source end). Every source counts the polls it gets after its \
             None and answers each with None again (a stream that is not fused may panic \
             instead). The lab's sources implement FusedStream, so futures::select! sees that \
             one has ended and skips it; with a stream that is not fused those designs would \
             not compile without .fuse(), which this check does not test. tokio::select! \
             never asks whether a branch has finished: each time it is entered it may poll an \
             ended branch again, until a branch is ready (the unbiased one starts at a branch \
             its unseeded RNG picks, so its count, from one run, may vary where two sources \
             are ready together). A design passes when it never polls an ended source and \
             fails when it does, whatever else its drains did; one that never polled an \
             ended source but lost items is not judged (it may have stopped first).",
            f.s("short source items"),
            f.s("long source items"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("polls after the end", POLLS),
                Column::new("drains", LAYOUTS),
            ],
        ))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::verdicts("poll after end", self.about(), findings)]
    }

    fn fold_table(&self) -> bool {
        true
    }
}

/// The layouts drained: the short source first, second, and (where the design can be
/// written for three) in the middle of three, so nested merges see an inner source end.
fn layouts(design: &dyn ConcurrentDesign) -> Vec<Vec<bool>> {
    let mut out = vec![vec![true, false], vec![false, true]];
    if design.arity().supports(3) {
        out.push(vec![false, true, false]);
    }
    out
}

/// One drain of `layout` (true: the short source): polls after the end over every source,
/// and whether every item was delivered.
fn drain(design: &dyn ConcurrentDesign, layout: &[bool]) -> Result<(u32, bool), String> {
    let exec = Executor::new(Config::with_max_polls(100_000));
    let clock = exec.handle().clock().clone();
    let mut counters = Vec::new();
    let sources: Vec<Source> = layout
        .iter()
        .enumerate()
        .map(|(i, short)| {
            let source = if *short {
                Source::always_ready(i as u16, SHORT)
            } else {
                Source::scripted(i as u16, clock.clone(), LONG_TICKS.to_vec())
            };
            let (source, count) = source.counting_polls_after_end();
            counters.push(count);
            source
        })
        .collect();
    let expected: usize = layout
        .iter()
        .map(|short| {
            if *short {
                SHORT as usize
            } else {
                LONG_TICKS.len()
            }
        })
        .sum();
    let delivered = std::rc::Rc::new(std::cell::Cell::new(0usize));
    let sink = delivered.clone();
    let fut = design
        .try_drain(sources, Box::new(move |_| sink.set(sink.get() + 1)))
        .map_err(|e| e.to_string())?;
    match exec.run(fut).outcome {
        Outcome::Completed(()) => Ok((
            counters.iter().map(|c| c.get()).sum(),
            delivered.get() == expected,
        )),
        other => Err(format!("the drain did not complete: {other}")),
    }
}

pub fn check(design: &dyn ConcurrentDesign) -> Finding {
    let info = design.info();
    let layouts = layouts(design);
    let mut polls = 0;
    let mut lost = false;
    let mut broken = None;
    for layout in &layouts {
        match drain(design, layout) {
            Ok((n, all)) => {
                polls += n;
                lost |= !all;
            }
            Err(e) => {
                broken = Some(e);
                break;
            }
        }
    }
    let figures = vec![
        Figure::new(POLLS, f64::from(polls), "polls"),
        Figure::new(LAYOUTS, layouts.len() as f64, "drains"),
    ];
    let (verdict, summary, figures) = match broken {
        Some(e) if !design.arity().supports(2) => (Verdict::NotMeasured, e, Vec::new()),
        Some(e) => (Verdict::Fail, e, Vec::new()),
        // A poll after the end is seen whatever else the drain did.
        None if polls > 0 => (
            Verdict::Fail,
            format!(
                "polled ended sources {polls} more time(s) in {} drains: an unfused stream that panics after None would take it down{}",
                layouts.len(),
                if lost {
                    "; a drain also ended before every item was delivered"
                } else {
                    ""
                }
            ),
            figures,
        ),
        // A drain that lost items and never polled an ended source may simply have stopped
        // before any source ended: not a verdict on polling.
        None if lost => (
            Verdict::Inconclusive,
            "the drain did not deliver every item, so its polls after the end are not judged"
                .to_string(),
            figures,
        ),
        None => (
            Verdict::Pass,
            format!("never polled an ended source in {} drains", layouts.len()),
            figures,
        ),
    };
    let mut f = Finding::new(
        CONCURRENT,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    // A design with no two-source drain declares nothing here.
    f.expected = design.arity().supports(2).then(|| {
        if design.declares().polls_after_end {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    });
    f.cases = Some(layouts.len() as u64);
    f
}

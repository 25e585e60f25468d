//! Starvation by pick bias (seed 002's fairness claim): with source 0 always ready, how
//! many items does the other source get before source 0 runs out? Run in the lab's
//! executor, and again inside a tokio current-thread runtime with channel-backed sources,
//! where tokio's cooperative budget makes receivers return `Pending` once a task poll has
//! spent it — to show what that budget changes (it forces yields; whether another source
//! gets a turn is still up to the design's pick). Seed 003's starvation — in-flight work
//! not polled while a loop body awaits — is a different hazard and not measured here.

use std::cell::RefCell;
use std::rc::Rc;

use lab_designs::concurrent::{ConcurrentDesign, Pick};
use lab_executor::{Config, Executor, Outcome, Probe};
use lab_findings::{Figure, Finding, Verdict};
use lab_workloads::Source;

use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "starvation";
/// Items per source: more than tokio's budget of 128 per task poll.
pub const ITEMS: u32 = 256;

#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Runs in the lab's executor.
    pub runs: u32,
    /// Runs inside a tokio runtime (each builds its own runtime).
    pub tokio_runs: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            runs: 200,
            tokio_runs: 50,
        }
    }
}

/// One run: the source of each item in order, and how often the drain future was polled.
pub struct Drained {
    pub sources: Vec<u16>,
    pub polls: u64,
}

impl Drained {
    /// Items from sources other than 0 delivered before source 0's last item.
    pub fn others_before_first_ran_out(&self) -> u64 {
        let last0 = self.sources.iter().rposition(|s| *s == 0).unwrap_or(0);
        self.sources[..last0].iter().filter(|s| **s != 0).count() as u64
    }
}

fn record(
    design: &dyn ConcurrentDesign,
    sources: Vec<Source>,
) -> (
    Probe,
    Rc<RefCell<Vec<u16>>>,
    impl Future<Output = ()> + use<>,
) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let probe = Probe::default();
    let fut =
        probe.wrap(design.drain(sources, Box::new(move |i| sink.borrow_mut().push(i.source))));
    (probe, seen, fut)
}

/// Drains two always-ready sources in the lab's executor.
pub fn drain_in_lab(design: &dyn ConcurrentDesign) -> Result<Drained, String> {
    let sources = (0..2).map(|id| Source::always_ready(id, ITEMS)).collect();
    let (probe, seen, fut) = record(design, sources);
    let run = Executor::new(Config::default()).run(fut);
    match run.outcome {
        Outcome::Completed(()) => Ok(Drained {
            sources: seen.take(),
            polls: probe.stats().polls,
        }),
        other => Err(other.to_string()),
    }
}

/// Drains two channel-backed sources inside a tokio current-thread runtime.
pub fn drain_in_tokio(design: &dyn ConcurrentDesign) -> Result<Drained, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("building a tokio runtime: {e}"))?;
    let sources = (0..2).map(|id| Source::channel(id, ITEMS)).collect();
    let (probe, seen, fut) = record(design, sources);
    rt.block_on(fut);
    Ok(Drained {
        sources: seen.take(),
        polls: probe.stats().polls,
    })
}

/// A design starves when, in the median run, the other source gets nothing before source 0
/// runs out.
pub fn expected(pick: Pick) -> Verdict {
    if pick == Pick::Biased {
        Verdict::Fail
    } else {
        Verdict::Pass
    }
}

struct Summary {
    median_others: u64,
    min_others: u64,
    longest_run: u64,
    mean_polls: f64,
}

fn summarize(runs: &[Drained]) -> Summary {
    let mut others: Vec<u64> = runs
        .iter()
        .map(Drained::others_before_first_ran_out)
        .collect();
    others.sort_unstable();
    Summary {
        median_others: others[others.len() / 2],
        min_others: others[0],
        longest_run: runs
            .iter()
            .map(|d| crate::fairness::longest_run(2, &d.sources))
            .max()
            .unwrap_or(0),
        mean_polls: runs.iter().map(|d| d.polls as f64).sum::<f64>() / runs.len() as f64,
    }
}

pub fn check(design: &dyn ConcurrentDesign, settings: &Settings, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let repro = format!(
        "cargo run --release -p lab -- check --check {CHECK} --design {} --runs {}",
        info.id, settings.runs
    );
    let finding = |verdict, summary, figures| Finding {
        expected: Some(expected(info.pick)),
        cases: Some(u64::from(settings.runs + settings.tokio_runs)),
        ..Finding::new(
            CONCURRENT,
            CHECK,
            design_ref(&info),
            verdict,
            summary,
            figures,
            repro.clone(),
        )
    };
    if settings.runs == 0 || settings.tokio_runs == 0 {
        return finding(
            Verdict::NotRun,
            format!(
                "not run: {} runs in the lab's executor and {} in tokio were requested; both \
                 need at least one",
                settings.runs, settings.tokio_runs
            ),
            Vec::new(),
        );
    }
    let collect =
        |n: u32, f: &dyn Fn() -> Result<Drained, String>| -> Result<Vec<Drained>, String> {
            (0..n)
                .map(|_| {
                    progress();
                    f()
                })
                .collect()
        };
    let lab = collect(settings.runs, &|| drain_in_lab(design));
    let rt = collect(settings.tokio_runs, &|| drain_in_tokio(design));
    let (verdict, summary, figures) = match (lab, rt) {
        (Ok(lab), Ok(rt)) => {
            let (l, t) = (summarize(&lab), summarize(&rt));
            let verdict = if l.median_others == 0 {
                Verdict::Fail
            } else {
                Verdict::Pass
            };
            let summary = format!(
                "source 1 gets {} of {ITEMS} items before source 0 runs out (median of {} runs); \
                 in a tokio runtime with channel sources: {} (the drain future was polled {:.1} \
                 times per run there, against {:.1} in the lab's executor)",
                l.median_others,
                lab.len(),
                t.median_others,
                t.mean_polls,
                l.mean_polls
            );
            let figures = vec![
                Figure::new(
                    "others' items before source 0 ran out (median)",
                    l.median_others as f64,
                    "items",
                ),
                Figure::new(
                    "others' items before source 0 ran out (min)",
                    l.min_others as f64,
                    "items",
                ),
                Figure::new(
                    "longest run while others had items",
                    l.longest_run as f64,
                    "items",
                ),
                Figure::new("polls of the drain future", l.mean_polls, "per run"),
                Figure::new(
                    "tokio runtime: others' items before source 0 ran out (median)",
                    t.median_others as f64,
                    "items",
                ),
                Figure::new(
                    "tokio runtime: others' items before source 0 ran out (min)",
                    t.min_others as f64,
                    "items",
                ),
                Figure::new(
                    "tokio runtime: longest run while others had items",
                    t.longest_run as f64,
                    "items",
                ),
                Figure::new(
                    "tokio runtime: polls of the drain future",
                    t.mean_polls,
                    "per run",
                ),
            ];
            (verdict, summary, figures)
        }
        (Err(e), _) | (_, Err(e)) => (
            Verdict::Panicked,
            format!("could not drain: {e}"),
            Vec::new(),
        ),
    };
    finding(verdict, summary, figures)
}

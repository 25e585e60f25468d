//! Starvation by pick bias (seed 002's fairness claim): with source 0 always ready, how
//! many items does the other source get before source 0 runs out? Run in the lab's
//! executor, and again inside a tokio current-thread runtime with channel-backed sources,
//! where tokio's cooperative budget makes receivers return `Pending` once a task poll has
//! spent it — to show what that budget changes (it forces yields; whether another source
//! gets a turn is still up to the design's pick). Seed 003's starvation — in-flight work
//! not polled while a loop body awaits — is a different hazard and not measured here.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use lab_designs::concurrent::{self, ConcurrentDesign, Pick};
use lab_executor::{Config, Executor, Outcome, Probe};
use lab_findings::{Figure, Finding, NotMeasured, Number, Param, Repro, Verdict};
use lab_workloads::{Audit, Item, Source};

use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::fairness::DrainFailure;
use crate::section::{self, Chart, Column, Facts, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "starvation";
/// Items per source: more than tokio's budget of 128 per task poll.
pub const BIAS_ITEMS: u32 = 256;

pub const RUNS: Setting = Setting {
    name: "runs",
    flag: Some(Flag::Runs),
    default: 200,
    quick: 20,
    about: "runs in the lab's executor (0 records not-run)",
};
pub const TOKIO_RUNS: Setting = Setting {
    name: "tokio runs",
    flag: None,
    default: 50,
    quick: 5,
    about: "runs inside a tokio current-thread runtime, each building its own (a quarter of --runs, at least 1, when that is given)",
};

#[derive(Clone, Copy, Debug)]
pub struct BiasSettings {
    /// Runs in the lab's executor.
    pub runs: u32,
    /// Runs inside a tokio runtime (each builds its own runtime).
    pub tokio_runs: u32,
}

impl BiasSettings {
    pub fn resolve(options: &Options) -> Self {
        Self {
            runs: RUNS.value_u32(options),
            // Each tokio run builds a runtime: a quarter as many keep the check's time in
            // proportion to what `--runs` asked for.
            tokio_runs: options
                .runs
                .map_or_else(|| TOKIO_RUNS.value_u32(options), |r| (r / 4).max(1)),
        }
    }
}

impl Default for BiasSettings {
    fn default() -> Self {
        Self::resolve(&Options::default())
    }
}

/// The runtime parameter of the figures: the lab's executor or tokio's. (Finding ids keep
/// the check's first name, `starvation`, so links to earlier runs still resolve; the
/// section is titled for what it measures, pick bias.)
pub const RUNTIME: &str = "runtime";
pub const MEDIAN: &str = "others' items before source 0 ran out (median)";
pub const POLLS: &str = "polls of the drain future";

pub struct PickBias;

impl Check for PickBias {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "two always-ready sources: how many items does source 1 get before source 0 runs out?",
            title: "Pick bias: does an always-ready source starve the other?",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[RUNS, TOKIO_RUNS]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("items", f64::from(BIAS_ITEMS)),
            ("tokio deadline s", TOKIO_DEADLINE_SECS as f64),
        ]
    }

    fn designs(&self) -> Vec<String> {
        crate::drainable_ids()
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        let s = BiasSettings::resolve(options);
        u64::from(s.runs + s.tokio_runs)
    }

    fn recorded(&self, options: &Options) -> Vec<(&'static str, Number)> {
        // The tokio runs follow --runs when it is given, so they are recorded as resolved.
        let s = BiasSettings::resolve(options);
        let mut out = vec![
            ("runs", Number::Int(u64::from(s.runs))),
            ("tokio runs", Number::Int(u64::from(s.tokio_runs))),
        ];
        out.extend(
            self.constants()
                .into_iter()
                .map(|(name, v)| (name, Number::Float(v))),
        );
        out
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let id = input.design(self)?;
        let design = concurrent::by_id(id)?;
        Ok(Produced::one(check(
            design,
            &BiasSettings::resolve(options),
            progress,
        )))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Two always-ready sources of {} items: how many items does source 1 get before \
             source 0 runs out ({} runs)? This is the bias seed 002's fairness section warns \
             of (a merge that, like Stream::chain, exhausts its streams in order). Seed 003's \
             starvation — in-flight work left unpolled while a loop body awaits — is a \
             different hazard, not measured here. The same drain runs again ({} runs) inside \
             a tokio current-thread runtime with channel-backed sources, where tokio's \
             cooperative budget is active (tokio documents that its receivers return \
             Pending once a task has spent its budget); the run measures how often the drain \
             future is polled there and whether source 1 is served, not the budget itself. \
             This is the only check that runs designs inside a tokio runtime; each such run \
             has {} s before it counts as hung. The pass or fail rests on the lab executor's \
             runs, with the tokio runs reported beside it; a design that deadlocks, hangs, \
             panics or loses items in either gets that verdict instead.",
            f.s("items"),
            f.s("runs"),
            f.s("tokio runs"),
            f.s("tokio deadline s"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let lab = || (RUNTIME, Param::from("lab"));
        let tokio = || (RUNTIME, Param::from("tokio"));
        let col = |title: &str, metric: &'static str, at: (&'static str, Param)| Column {
            title: title.into(),
            metric,
            at: vec![at],
        };
        Some(section::figure_table(
            findings,
            &[
                col(
                    "source 1's items before source 0 ran out (median)",
                    MEDIAN,
                    lab(),
                ),
                col("longest run while the other had items", LONGEST, lab()),
                col(
                    "in tokio: source 1's items before source 0 ran out",
                    MEDIAN,
                    tokio(),
                ),
                col("in tokio: polls of the drain future", POLLS, tokio()),
            ],
        ))
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        vec![section::bars(
            findings,
            "Items source 1 gets before source 0 runs out (median run)",
            format!("items of {BIAS_ITEMS}"),
            MEDIAN,
            &[(RUNTIME, "lab".into())],
        )]
    }
}

use crate::fairness::LONGEST_RUN as LONGEST;

/// One run: the source of each item in order, and how often the drain future was polled.
pub struct Drained {
    pub sources: Vec<u16>,
    pub polls: u64,
}

impl Drained {
    /// Items from sources other than 0 delivered before source 0's last item.
    pub fn others_before_first_ran_out(&self) -> u64 {
        others_before_first_ran_out(&self.sources)
    }
}

/// Of the sources of a drain's items in order, the items from sources other than 0 before
/// source 0's last.
pub fn others_before_first_ran_out(sources: &[u16]) -> u64 {
    let last0 = sources.iter().rposition(|s| *s == 0).unwrap_or(0);
    sources[..last0].iter().filter(|s| **s != 0).count() as u64
}

type Recording<F> = Result<(Probe, Recorded, F), DrainFailure>;

fn record(
    design: &dyn ConcurrentDesign,
    sources: Vec<Source>,
) -> Recording<impl Future<Output = ()> + use<>> {
    let expected: Vec<Item> = sources.iter().flat_map(Source::items).collect();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let probe = Probe::default();
    let drain = design
        .try_drain(sources, Box::new(move |i| sink.borrow_mut().push(i)))
        .map_err(|e| DrainFailure::Setup(e.to_string()))?;
    Ok((
        probe.clone(),
        Recorded { expected, seen },
        probe.wrap(drain),
    ))
}

/// What a drain delivered, to be audited against what its sources produced.
struct Recorded {
    expected: Vec<Item>,
    seen: Rc<RefCell<Vec<Item>>>,
}

impl Recorded {
    fn drained(self, probe: &Probe) -> Result<Drained, DrainFailure> {
        let items = self.seen.take();
        let audit = Audit::new(&self.expected, &items);
        if !audit.is_clean() {
            return Err(DrainFailure::Items(format!(
                "items went wrong while draining: {audit:?}"
            )));
        }
        Ok(Drained {
            sources: items.iter().map(|i| i.source).collect(),
            polls: probe.stats().polls,
        })
    }
}

/// Drains two always-ready sources in the lab's executor.
pub fn drain_in_lab(design: &dyn ConcurrentDesign) -> Result<Drained, DrainFailure> {
    let sources = (0..2)
        .map(|id| Source::always_ready(id, BIAS_ITEMS))
        .collect();
    let (probe, recorded, fut) = record(design, sources)?;
    let run = Executor::new(Config::default()).run(fut);
    match run.outcome {
        Outcome::Completed(()) => recorded.drained(&probe),
        other => Err(DrainFailure::Run(other)),
    }
}

/// Seconds one drain inside tokio may take before it counts as hung (a run takes
/// milliseconds): tokio's runtime has no step budget, so the lab bounds it by time.
pub const TOKIO_DEADLINE_SECS: u64 = 10;

/// Drains two channel-backed sources inside a tokio current-thread runtime, on a thread of
/// its own so that a hang becomes a verdict instead of a stuck check (the thread is left
/// behind) and a panic is caught.
pub fn drain_in_tokio(design: &'static dyn ConcurrentDesign) -> Result<Drained, DrainFailure> {
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("pick-bias-tokio".into())
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| tokio_drain(design)));
            // The receiver may have given up waiting: nothing left to tell.
            let _ = tx.send(result);
        })
        .map_err(|e| DrainFailure::Setup(format!("spawning the tokio thread: {e}")))?;
    match rx.recv_timeout(Duration::from_secs(TOKIO_DEADLINE_SECS)) {
        Ok(Ok(result)) => result,
        Ok(Err(payload)) => Err(DrainFailure::Run(Outcome::Panicked {
            message: panic_message(&payload),
        })),
        Err(_) => Err(DrainFailure::TimedOut(TOKIO_DEADLINE_SECS)),
    }
}

fn tokio_drain(design: &dyn ConcurrentDesign) -> Result<Drained, DrainFailure> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| DrainFailure::Setup(format!("building a tokio runtime: {e}")))?;
    let sources = (0..2).map(|id| Source::channel(id, BIAS_ITEMS)).collect();
    let (probe, recorded, fut) = record(design, sources)?;
    rt.block_on(fut);
    recorded.drained(&probe)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
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
    runs: usize,
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
        runs: runs.len(),
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

pub fn check(
    design: &'static dyn ConcurrentDesign,
    settings: &BiasSettings,
    progress: &dyn Fn(),
) -> Finding {
    let info = design.info();
    let repro = Repro::Check {
        check: CHECK.into(),
        design: Some(info.id.into()),
        cases: None,
        runs: Some(u64::from(settings.runs)),
        seed: None,
        quick: false,
        runtimes: Vec::new(),
    };
    let pick = design.declares().pick;
    // A design with no two-source drain declares nothing about starving one.
    let writable = design.arity().supports(2);
    let finding = |verdict, summary, figures, not_measured| Finding {
        expected: writable.then(|| expected(pick)),
        not_measured,
        // The verdict rests on the lab executor's runs; the tokio runs are figures beside it.
        cases: Some(u64::from(settings.runs)),
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
            Vec::new(),
        );
    }
    let collect = |n: u32,
                   f: &dyn Fn() -> Result<Drained, DrainFailure>|
     -> Result<Vec<Drained>, DrainFailure> {
        (0..n)
            .map(|_| {
                progress();
                f()
            })
            .collect()
    };
    let lab = collect(settings.runs, &|| drain_in_lab(design));
    let rt = collect(settings.tokio_runs, &|| drain_in_tokio(design));
    let (verdict, summary, figures, not_measured) = match (lab, rt) {
        (Ok(lab), Ok(rt)) => {
            let (verdict, summary, figures) = judge(&lab, &rt);
            (verdict, summary, figures, Vec::new())
        }
        // A design that deadlocks or panics while draining gets that verdict; only a drain
        // that could not be set up leaves the figures unmeasured.
        (Err(e), _) | (_, Err(e)) => {
            let verdict = e.verdict();
            let missing = if verdict == Verdict::NotMeasured {
                vec![NotMeasured::new(MEDIAN, e.to_string())]
            } else {
                Vec::new()
            };
            (
                verdict,
                format!("{verdict} while draining: {e}"),
                Vec::new(),
                missing,
            )
        }
    };
    finding(verdict, summary, figures, not_measured)
}

/// Starved if, in the median run in the lab's executor, source 1 gets nothing before source
/// 0 runs out; the tokio runs say what its budget changes.
fn judge(lab: &[Drained], rt: &[Drained]) -> (Verdict, String, Vec<Figure>) {
    let (l, t) = (summarize(lab), summarize(rt));
    let verdict = if l.median_others == 0 {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    let summary = format!(
        "source 1 gets {} of {BIAS_ITEMS} items before source 0 runs out (median of {} runs); \
         in a tokio runtime with channel sources: {} (the drain future was polled {:.1} \
         times per run there, against {:.1} in the lab's executor)",
        l.median_others,
        lab.len(),
        t.median_others,
        t.mean_polls,
        l.mean_polls
    );
    let mut figures = runtime_figures("lab", &l);
    figures.extend(runtime_figures("tokio", &t));
    (verdict, summary, figures)
}

/// The figures of one runtime's runs.
fn runtime_figures(runtime: &str, s: &Summary) -> Vec<Figure> {
    [
        Figure::new(MEDIAN, s.median_others as f64, "items"),
        Figure::new(
            "others' items before source 0 ran out (min)",
            s.min_others as f64,
            "items",
        ),
        Figure::new(LONGEST, s.longest_run as f64, "items"),
        Figure::new(POLLS, s.mean_polls, "per run"),
        Figure::new("runs", s.runs as f64, "runs"),
    ]
    .into_iter()
    .map(|f| f.at(RUNTIME, runtime))
    .collect()
}

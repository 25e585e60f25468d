//! The fairness workloads, and what one design does on them over many independent runs.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use lab_designs::concurrent::ConcurrentDesign;
use lab_executor::{Config, Executor, Outcome, TimerOrder};
use lab_findings::Verdict;
use lab_workloads::{Audit, Item, Source};

/// Why a drain gave nothing to measure: the design's own failure (a run that did not
/// complete, items that went wrong) is its verdict; a drain that could not be set up is
/// not-measured.
#[derive(Debug)]
pub enum DrainFailure {
    /// The drain could not be set up (an arity the design cannot be written at, a runtime
    /// that would not build).
    Setup(String),
    /// The run did not complete: a deadlock, the step budget, a panic.
    Run(Outcome<()>),
    /// Items were lost, duplicated or reordered while draining.
    Items(String),
    /// The run did not finish within this many seconds (a runtime with no step budget).
    TimedOut(u64),
}

impl DrainFailure {
    pub fn verdict(&self) -> Verdict {
        match self {
            DrainFailure::Setup(_) => Verdict::NotMeasured,
            DrainFailure::Run(o) => crate::verdict_of(o.as_ref().map(|_| true)),
            DrainFailure::Items(_) => Verdict::Fail,
            DrainFailure::TimedOut(_) => Verdict::BudgetExceeded,
        }
    }
}

impl fmt::Display for DrainFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DrainFailure::Setup(e) | DrainFailure::Items(e) => f.write_str(e),
            DrainFailure::Run(o) => write!(f, "{o}"),
            DrainFailure::TimedOut(s) => write!(f, "did not finish within {s} s"),
        }
    }
}

/// Items per long-lived source.
pub const READY_ITEMS: u32 = 64;
/// Ticks of the same-ticks workload (one item per source per tick).
pub const TICKS: u64 = 16;
/// Items of the source that runs out early.
pub const SHORT: u32 = 4;
/// Items per eligible source in a share window (so a round-robin is exactly even).
pub const WINDOW_PER_SOURCE: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// `k` sources, every item ready at once.
    AlwaysReady { k: usize },
    /// `k` sources whose items all become ready together, one per source at each tick.
    SameTicks { k: usize },
    /// `k` always-ready sources of which source 0 has only [`SHORT`] items.
    EarlyExhausted { k: usize },
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Workload::AlwaysReady { k } => write!(f, "always-ready-k{k}"),
            Workload::SameTicks { k } => write!(f, "same-ticks-k{k}"),
            Workload::EarlyExhausted { k } => write!(f, "early-exhausted-k{k}"),
        }
    }
}

impl Workload {
    pub fn k(self) -> usize {
        match self {
            Workload::AlwaysReady { k }
            | Workload::SameTicks { k }
            | Workload::EarlyExhausted { k } => k,
        }
    }

    /// What the share figures count, for a reader.
    pub fn window_desc(self) -> String {
        match self {
            Workload::AlwaysReady { k } => format!("the first {} items", window(self, k)),
            Workload::SameTicks { .. } => format!("the first item of each of {TICKS} ticks"),
            Workload::EarlyExhausted { .. } => {
                format!(
                    "the {} items after source 0 runs out",
                    window(self, self.k())
                )
            }
        }
    }

    /// Sources that can yield during the window (source 0 is gone after early exhaustion).
    pub fn window_ready(self) -> Vec<bool> {
        match self {
            Workload::EarlyExhausted { k } => (0..k).map(|i| i > 0).collect(),
            w => vec![true; w.k()],
        }
    }

    fn sources(self, exec: &Executor) -> Vec<Source> {
        let clock = exec.handle().clock().clone();
        (0..self.k() as u16)
            .map(|id| match self {
                Workload::AlwaysReady { .. } => Source::always_ready(id, READY_ITEMS),
                Workload::SameTicks { .. } => {
                    Source::scripted(id, clock.clone(), (1..=TICKS).collect())
                }
                Workload::EarlyExhausted { .. } => {
                    Source::always_ready(id, if id == 0 { SHORT } else { READY_ITEMS })
                }
            })
            .collect()
    }
}

/// Items in the share window: 4 per eligible source (multiples of k, so a round-robin is
/// exactly even).
pub(super) fn window(w: Workload, k: usize) -> usize {
    match w {
        Workload::EarlyExhausted { .. } => WINDOW_PER_SOURCE * (k - 1),
        _ => WINDOW_PER_SOURCE * k,
    }
}

/// One run: the sources in the order the design yielded their items, and the tick of each.
/// Timers due at the same tick wake in an order drawn from `timer_seed`, so a design that
/// serves wakes in order is not credited with the order they were set in.
fn run_once(
    design: &dyn ConcurrentDesign,
    w: Workload,
    timer_seed: u64,
) -> Result<Vec<(u16, u64)>, DrainFailure> {
    let exec = Executor::new(Config {
        timer_order: TimerOrder::Seeded(timer_seed),
        ..Config::default()
    });
    let clock = exec.handle().clock().clone();
    let sources = w.sources(&exec);
    let expected: Vec<Item> = sources.iter().flat_map(Source::items).collect();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let fut = design
        .try_drain(
            sources,
            Box::new(move |i| sink.borrow_mut().push((i, clock.now()))),
        )
        .map_err(|e| DrainFailure::Setup(e.to_string()))?;
    let run = exec.run(fut);
    if !matches!(run.outcome, Outcome::Completed(())) {
        return Err(DrainFailure::Run(run.outcome));
    }
    let seen = seen.take();
    let items: Vec<Item> = seen.iter().map(|(i, _)| *i).collect();
    let audit = Audit::new(&expected, &items);
    if !audit.is_clean() {
        return Err(DrainFailure::Items(format!(
            "items went wrong while draining: {audit:?}"
        )));
    }
    Ok(seen.into_iter().map(|(i, t)| (i.source, t)).collect())
}

/// Counts over many runs of one design on one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub runs: u32,
    /// Which source yielded the first item of the window, per run (per tick for same-ticks).
    pub first: Vec<u64>,
    /// Items per source within the window, pooled over runs.
    pub window: Vec<u64>,
    /// Always-ready workloads: for each consecutive window of the run that ends before any
    /// source can have run out (the first [`READY_ITEMS`] items), each run's items per source.
    pub windows: Vec<Vec<Vec<u64>>>,
    /// Longest run of consecutive items from one source while another still had items.
    pub longest_run: u64,
    /// Every run yielded the same sequence.
    pub deterministic: bool,
    /// The window of the first run, for exact comparison.
    pub first_window: Vec<u16>,
    /// The window of every run (runs are independent draws; items within one need not be).
    pub run_windows: Vec<Vec<u16>>,
}

/// `runs` independent runs of `design` on `w`; each run's timer order is seeded from a
/// generator keyed on `seed` and the workload, so the timer order is reproducible. Designs
/// that pick with their crate's own RNG (which the lab cannot seed) are not.
pub fn observe(
    design: &dyn ConcurrentDesign,
    w: Workload,
    runs: u32,
    seed: u64,
    progress: &dyn Fn(),
) -> Result<Observation, DrainFailure> {
    let key = w.to_string().bytes().fold(seed, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut seeds = fastrand::Rng::with_seed(key);
    let k = w.k();
    let mut obs = Observation {
        runs,
        first: vec![0; k],
        window: vec![0; k],
        windows: Vec::new(),
        longest_run: 0,
        deterministic: true,
        first_window: Vec::new(),
        run_windows: Vec::with_capacity(runs as usize),
    };
    let mut reference: Option<Vec<(u16, u64)>> = None;
    for _ in 0..runs {
        progress();
        let seq = run_once(design, w, seeds.u64(..))?;
        let win = window_of(w, &seq);
        // Same-ticks has one "first item" per tick; the other workloads one per run.
        let firsts = match w {
            Workload::SameTicks { .. } => &win[..],
            _ => &win[..win.len().min(1)],
        };
        for &s in firsts {
            obs.first[s as usize] += 1;
        }
        for &s in &win {
            obs.window[s as usize] += 1;
        }
        if let Workload::AlwaysReady { .. } = w {
            let size = window(w, k);
            for (i, chunk) in seq[..READY_ITEMS as usize].chunks_exact(size).enumerate() {
                if obs.windows.len() <= i {
                    obs.windows.push(Vec::with_capacity(runs as usize));
                }
                let mut counts = vec![0; k];
                chunk.iter().for_each(|&(s, _)| counts[s as usize] += 1);
                obs.windows[i].push(counts);
            }
        }
        let sources: Vec<u16> = seq.iter().map(|&(s, _)| s).collect();
        obs.longest_run = obs.longest_run.max(longest_run(k, &sources));
        match &reference {
            None => {
                obs.first_window = win.clone();
                reference = Some(seq);
            }
            Some(r) => obs.deterministic &= *r == seq,
        }
        obs.run_windows.push(win);
    }
    Ok(obs)
}

impl Observation {
    /// Each run's items per source in the window: the unit the share tests count, since
    /// runs are independent and the items within one need not be.
    pub fn run_counts(&self) -> Vec<Vec<u64>> {
        let k = self.window.len();
        self.run_windows
            .iter()
            .map(|w| {
                let mut counts = vec![0; k];
                w.iter().for_each(|&s| counts[s as usize] += 1);
                counts
            })
            .collect()
    }
}

/// The sources of the items in the workload's window.
pub(super) fn window_of(w: Workload, seq: &[(u16, u64)]) -> Vec<u16> {
    let n = window(w, w.k());
    match w {
        Workload::AlwaysReady { .. } => seq.iter().take(n).map(|s| s.0).collect(),
        Workload::SameTicks { .. } => {
            let mut firsts = Vec::new();
            let mut last_tick = None;
            for &(s, t) in seq {
                if last_tick != Some(t) {
                    firsts.push(s);
                    last_tick = Some(t);
                }
            }
            firsts
        }
        Workload::EarlyExhausted { .. } => {
            let last_of_0 = seq.iter().rposition(|s| s.0 == 0).map_or(0, |i| i + 1);
            seq[last_of_0..].iter().take(n).map(|s| s.0).collect()
        }
    }
}

/// The longest run of one source while at least one other source still had items left.
pub fn longest_run(k: usize, sources: &[u16]) -> u64 {
    let mut left = vec![0u64; k];
    for &s in sources {
        left[s as usize] += 1;
    }
    let (mut best, mut run, mut prev) = (0, 0, None);
    for &s in sources {
        left[s as usize] -= 1;
        let others_have_items = left
            .iter()
            .enumerate()
            .any(|(i, &n)| i != s as usize && n > 0);
        run = if prev == Some(s) { run + 1 } else { 1 };
        prev = Some(s);
        if others_have_items {
            best = best.max(run);
        }
    }
    best
}

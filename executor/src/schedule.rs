//! Who runs next. A run has two kinds of choice point: which ready task is polled, and which
//! of the timers due at the same tick wakes next. A [`Scheduler`] makes each choice; the
//! executor records every choice with more than one option as a [`Schedule`], whose compact
//! string ([`Schedule`]'s `Display`, read back by `FromStr`) replays the run exactly under
//! [`Replay`], for code whose only nondeterminism is the executor's (not under
//! `TimerOrder::Seeded`, whose shuffles are not choices, nor for a design with its own
//! unseeded RNG). The portfolio: [`Fifo`] (the default: wake order), [`Random`], [`Pct`], and
//! [`Replay`] (a recorded schedule, or choices read from fuzzer bytes); [`crate::explore`]
//! enumerates every schedule of a small run.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// What is being chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Point {
    /// Which ready task to poll; `options` are task ids in the order they were woken.
    Task,
    /// Which of the timers due now wakes next (repeated until one is left).
    Timer,
}

impl Point {
    fn letter(self) -> char {
        match self {
            Point::Task => 't',
            Point::Timer => 'm',
        }
    }
}

/// Makes the executor's choices.
pub trait Scheduler {
    /// An index into `options` (at least two): ready task ids in wake order for
    /// [`Point::Task`], timer positions (the order they were set) for [`Point::Timer`].
    fn choose(&mut self, point: Point, options: &[usize]) -> usize;

    /// A short name for findings ("fifo", "random", "pct(d=3)", ...).
    fn name(&self) -> String;
}

/// One recorded choice: the option taken out of how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub point: Point,
    pub choice: u32,
    pub options: u32,
}

/// Every choice of one run, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    pub steps: Vec<Step>,
}

impl Schedule {
    /// The choices alone, as [`Replay`] takes them.
    pub fn choices(&self) -> Vec<u32> {
        self.steps.iter().map(|s| s.choice).collect()
    }

    /// Trailing default choices (0) dropped: a replay falls back to 0 when the schedule
    /// runs out, so the shorter string replays the same run.
    pub fn trimmed(&self) -> Schedule {
        let keep = self
            .steps
            .iter()
            .rposition(|s| s.choice != 0)
            .map_or(0, |i| i + 1);
        Schedule {
            steps: self.steps[..keep].to_vec(),
        }
    }
}

/// `t1m0t2`: each choice as its point's letter (`t` task, `m` timer) and the index taken;
/// the empty string is the FIFO schedule.
impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.steps {
            write!(f, "{}{}", s.point.letter(), s.choice)?;
        }
        Ok(())
    }
}

/// A schedule string that does not parse.
#[derive(Debug, PartialEq, Eq)]
pub struct BadSchedule(pub String);

impl fmt::Display for BadSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a schedule: {}; a schedule is choices like `t1m0t2` (t: which ready task, m: which due timer, then the index taken)",
            self.0
        )
    }
}

impl std::error::Error for BadSchedule {}

impl FromStr for Schedule {
    type Err = BadSchedule;

    /// Reads what `Display` writes; `options` are unknown and left at 0.
    fn from_str(s: &str) -> Result<Self, BadSchedule> {
        let mut steps = Vec::new();
        let mut chars = s.trim().chars().peekable();
        while let Some(c) = chars.next() {
            let point = match c {
                't' => Point::Task,
                'm' => Point::Timer,
                other => return Err(BadSchedule(format!("unexpected {other:?}"))),
            };
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            let choice = digits
                .parse()
                .map_err(|_| BadSchedule(format!("{c} without an index")))?;
            steps.push(Step {
                point,
                choice,
                options: 0,
            });
        }
        Ok(Schedule { steps })
    }
}

/// Wake order: the first ready task, timers in the order they were set.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fifo;

impl Scheduler for Fifo {
    fn choose(&mut self, _: Point, _: &[usize]) -> usize {
        0
    }

    fn name(&self) -> String {
        "fifo".into()
    }
}

/// Every choice uniform at random, from a seed.
pub struct Random {
    rng: fastrand::Rng,
}

impl Random {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
        }
    }
}

impl Scheduler for Random {
    fn choose(&mut self, _: Point, options: &[usize]) -> usize {
        self.rng.usize(..options.len())
    }

    fn name(&self) -> String {
        "random".into()
    }
}

/// Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
/// 2010), over tasks: each task gets a random priority when first seen, at least `depth`;
/// the highest-priority ready task always runs; at `depth - 1` change points drawn
/// uniformly from the first `steps` task choices, the task just chosen drops to priority
/// `i` (below every initial one). For a run of at most `n` tasks and `steps` task choices,
/// a bug of depth `d` is hit with probability at least `1 / (n · steps^(d-1))` per run.
/// Timers due together are ordered at random: PCT's bound is about task choices only.
pub struct Pct {
    rng: fastrand::Rng,
    depth: u32,
    priorities: HashMap<usize, u64>,
    change_points: Vec<u64>,
    step: u64,
}

impl Pct {
    /// `steps`: how many task choices a run makes (an estimate: from a FIFO run, say).
    pub fn new(seed: u64, depth: u32, steps: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed);
        let change_points = (1..depth).map(|_| rng.u64(1..=steps.max(1))).collect();
        Self {
            rng,
            depth: depth.max(1),
            priorities: HashMap::new(),
            change_points,
            step: 0,
        }
    }

    /// The per-run lower bound on hitting a depth-`depth` bug with `tasks` tasks and
    /// `steps` task choices.
    pub fn bound(tasks: u64, steps: u64, depth: u32) -> f64 {
        1.0 / (tasks.max(1) as f64 * (steps.max(1) as f64).powi(depth as i32 - 1))
    }

    fn priority(&mut self, task: usize) -> u64 {
        let floor = u64::from(self.depth);
        let rng = &mut self.rng;
        *self
            .priorities
            .entry(task)
            .or_insert_with(|| rng.u64(floor..u64::MAX))
    }
}

impl Scheduler for Pct {
    fn choose(&mut self, point: Point, options: &[usize]) -> usize {
        if point == Point::Timer {
            return self.rng.usize(..options.len());
        }
        self.step += 1;
        let chosen = (0..options.len())
            .max_by_key(|&i| self.priority(options[i]))
            .expect("at least two options");
        if let Some(i) = self.change_points.iter().position(|&c| c == self.step) {
            // Change point i (1-based) lowers the task to priority i.
            self.priorities.insert(options[chosen], i as u64 + 1);
        }
        chosen
    }

    fn name(&self) -> String {
        format!("pct(d={})", self.depth)
    }
}

/// Replays `choices` in order (an index past the options wraps, so any bytes are a
/// schedule), then falls back to FIFO.
pub struct Replay {
    choices: Vec<u32>,
    next: usize,
}

impl Replay {
    pub fn new(choices: Vec<u32>) -> Self {
        Self { choices, next: 0 }
    }

    /// Each byte is one choice: what a fuzzer's input drives.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Self::new(bytes.iter().map(|&b| u32::from(b)).collect())
    }
}

impl Scheduler for Replay {
    fn choose(&mut self, _: Point, options: &[usize]) -> usize {
        let choice = self.choices.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        choice as usize % options.len()
    }

    fn name(&self) -> String {
        "replay".into()
    }
}

//! Question 3 (seed 000): sequential vs parallel async iteration. One driver runs a design
//! over the work items on the lab executor and reads the tally when the loop returns and
//! again once the work has settled; the checks (backpressure, break) read what they need.

pub mod backpressure;
pub mod breaking;
pub mod cpu;
pub mod expressible;

use lab_designs::iteration::IterationDesign;
use lab_executor::{Config, Executor, Outcome, Tick};
use lab_workloads::{ItemState, Work, WorkTally};

/// Virtual ticks each body takes: IO-like work, waiting on a timer.
pub const TICKS: Tick = 2;
/// The step budget of one run (a run of 256 items takes a few thousand polls).
pub const MAX_POLLS: u64 = 1_000_000;

/// What one run of a design left behind.
#[derive(Clone, Debug)]
pub struct Driven {
    /// The tally when the loop returned, and each pulled item's state then.
    pub at_return: WorkTally,
    pub states_at_return: Vec<ItemState>,
    pub returned_at: Tick,
    /// The tally once every pulled item (but the one a `break` left on) had finished or
    /// been dropped, or at the deadline if some never did.
    pub end: WorkTally,
    pub states_end: Vec<ItemState>,
    /// When that happened; `None`: not by the deadline.
    pub settled_at: Option<Tick>,
}

/// Runs `design` over `items` work items, leaving at item `stop_at` if given, then lets
/// spawned work run on for as long as every body would take one after another.
pub fn drive(design: &dyn IterationDesign, items: u32, stop_at: Option<u32>) -> Outcome<Driven> {
    let exec = Executor::new(Config::with_max_polls(MAX_POLLS));
    let (work, record) = Work::new(items, TICKS, &exec.handle());
    let clock = exec.handle().clock().clone();
    let looped = match stop_at {
        Some(k) => design.run_until(work, k),
        None => design.run(work),
    };
    exec.run(async move {
        looped.await;
        let returned_at = clock.now();
        let (at_return, states_at_return) = (record.tally(), record.states());
        let deadline = returned_at + u64::from(items) * TICKS + 1;
        let settled = |states: &[ItemState]| {
            states.iter().enumerate().all(|(i, s)| {
                Some(i as u32) == stop_at
                    || matches!(
                        s,
                        ItemState::Finished | ItemState::Dropped | ItemState::Discarded
                    )
            })
        };
        let mut settled_at = None;
        loop {
            if settled(&record.states()) {
                settled_at = Some(clock.now());
                break;
            }
            if clock.now() >= deadline {
                break;
            }
            clock.sleep(1).await;
        }
        Driven {
            at_return,
            states_at_return,
            returned_at,
            end: record.tally(),
            states_end: record.states(),
            settled_at,
        }
    })
    .outcome
}

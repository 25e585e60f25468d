//! Question 5 (seed 003): starvation while the loop body awaits. One driver runs a design
//! on a fetch workload on the lab executor with every fetch watched (when its waker fired,
//! when it was next polled) and, in the contended form, every permit named; the checks
//! read the run's outcome and those pictures, frozen when the run ended.

pub mod permit_deadlock;
pub mod resume_delay;
pub mod spawn_cost;

use lab_designs::starvation::AwaitingDesign;
use lab_executor::{Config, Executor, Outcome, TaskPoll, Tick, Watch, Watched};
use lab_workloads::{Fetches, PermitPicture, Permits};

/// Most fetches in flight at once, in every design.
pub const LIMIT: usize = 8;
/// The step budget of one run (a run takes a few hundred polls).
pub const MAX_POLLS: u64 = 100_000;

/// The two workloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Fetches wait on timers only.
    Timed,
    /// Fetches and bodies share one semaphore permit.
    Contended,
}

/// What one run left.
#[derive(Debug)]
pub struct Driven {
    pub outcome: Outcome<()>,
    /// Each fetch, frozen when the run ended.
    pub fetches: Vec<Watched>,
    /// The polls of the task the loop runs in.
    pub task_polls: Vec<TaskPoll>,
    /// The permits when the run ended (contended form only).
    pub permits: Option<PermitPicture>,
    /// Items whose body ran, in order.
    pub bodies: Vec<u32>,
    pub end: Tick,
}

impl Driven {
    /// Why the run did not fetch and process every one of `items` exactly once, if not.
    pub fn incomplete(&self, items: u32) -> Option<String> {
        if !matches!(self.outcome, Outcome::Completed(())) {
            return Some(self.outcome.to_string());
        }
        let mut seen = self.bodies.clone();
        seen.sort_unstable();
        (seen != (0..items).collect::<Vec<_>>()).then(|| {
            format!(
                "bodies ran on {} items, not once on each of {items}",
                self.bodies.len()
            )
        })
    }
}

/// Runs `design` over `items` fetches in `form`.
pub fn drive(design: &dyn AwaitingDesign, form: Form, items: u32) -> Driven {
    let exec = Executor::new(Config::with_max_polls(MAX_POLLS));
    let handle = exec.handle();
    let watch = Watch::new(handle.clock());
    watch.freeze_at_teardown(&handle);
    let permits = (form == Form::Contended).then(|| Permits::new(1, handle.clock()));
    let fetches = match &permits {
        None => Fetches::timed(items, LIMIT, &handle, Some(&watch)),
        Some(p) => {
            p.freeze_at_teardown(&handle);
            Fetches::contended(items, LIMIT, &handle, &watch, p)
        }
    };
    let bodies = fetches.bodies_run.clone();
    let run = exec.run(watch.wrap_task(design.run(fetches)));
    let bodies = bodies.borrow().clone();
    Driven {
        outcome: run.outcome,
        fetches: watch.seen(),
        task_polls: watch.task_polls(),
        permits: permits.map(|p| p.picture()),
        bodies,
        end: run.stats.end_tick,
    }
}

//! Question 6: futures left alive but unpolled. One driver runs a design on the contention
//! workload (a waiter queued for a permit another task holds, a timer whose handler needs
//! the same permit) on the lab executor, with the waiter watched, the task's polls noted and
//! the permit named; the checks read the outcome and the pictures frozen when the run ended.

pub mod detector;
pub mod futurelock;

use lab_designs::unpolled::UnpolledDesign;
use lab_executor::{Config, Executor, Outcome, TaskPoll, Tick, Watch, Watched};
use lab_workloads::{Contention, PermitPicture, Permits};

/// The step budget of one run (a run takes a few dozen polls).
pub const MAX_POLLS: u64 = 10_000;

#[derive(Debug)]
pub struct Driven {
    pub outcome: Outcome<()>,
    pub watched: Vec<Watched>,
    pub task_polls: Vec<TaskPoll>,
    pub permits: PermitPicture,
    pub waiters_done: u32,
    pub handlers_done: u32,
    pub end: Tick,
}

impl Driven {
    /// Why the run did not finish the waiter and the handler, if it did not.
    pub fn incomplete(&self) -> Option<String> {
        match (&self.outcome, self.waiters_done, self.handlers_done) {
            (Outcome::Completed(()), 1, 1) => None,
            (Outcome::Completed(()), w, h) => Some(format!(
                "the run completed with {w} waiters and {h} handlers finished, not one each"
            )),
            (other, _, _) => Some(other.to_string()),
        }
    }
}

pub fn drive(design: &dyn UnpolledDesign) -> Driven {
    let exec = Executor::new(Config::with_max_polls(MAX_POLLS));
    let handle = exec.handle();
    let watch = Watch::new(handle.clock());
    watch.freeze_at_teardown(&handle);
    let permits = Permits::new(1, handle.clock());
    permits.freeze_at_teardown(&handle);
    let c = Contention::new(&handle, &watch, &permits);
    let (waiters, handlers) = (c.waiters_done.clone(), c.handlers_done.clone());
    let run = exec.run(watch.wrap_task(design.run(c)));
    Driven {
        outcome: run.outcome,
        watched: watch.seen(),
        task_polls: watch.task_polls(),
        permits: permits.picture(),
        waiters_done: waiters.get(),
        handlers_done: handlers.get(),
        end: run.stats.end_tick,
    }
}

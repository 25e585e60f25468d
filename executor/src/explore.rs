//! Bounded exhaustive search over schedules: a depth-first walk of the tree of choice
//! points, one run per leaf. Each run replays a prefix of choices and takes the first option
//! after it; the next prefix moves the deepest choice that has an untried option on by one.
//! Stateless (every run starts afresh), as in CHESS and shuttle's DFS scheduler, so it
//! needs runs that are deterministic given their choices, which the lab's executor is. It
//! has no partial-order reduction: choices that commute (a task's turn that touches nothing
//! the others see) are tried both ways, so it is for small workloads only.

use crate::schedule::{Replay, Schedule};

/// How a search ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explored<R> {
    /// Runs made.
    pub runs: u64,
    /// Whether every schedule was run (false: the run budget ended the search).
    pub complete: bool,
    /// The first schedule whose run `failed` said failed, with its run number (1-based) and
    /// that run's result.
    pub failure: Option<(u64, Schedule, R)>,
}

/// Runs `run` under every schedule (at most `max_runs` of them), stopping at the first whose
/// result `failed` holds. `run` gets the scheduler and returns its result and the schedule
/// the executor recorded.
pub fn exhaustive<R>(
    max_runs: u64,
    mut run: impl FnMut(Replay) -> (R, Schedule),
    failed: impl Fn(&R) -> bool,
) -> Explored<R> {
    let mut prefix: Vec<u32> = Vec::new();
    let mut runs = 0;
    while runs < max_runs {
        runs += 1;
        let (result, schedule) = run(Replay::new(prefix.clone()));
        if failed(&result) {
            return Explored {
                runs,
                complete: false,
                failure: Some((runs, schedule, result)),
            };
        }
        match next_prefix(&schedule) {
            Some(p) => prefix = p,
            None => {
                return Explored {
                    runs,
                    complete: true,
                    failure: None,
                };
            }
        }
    }
    Explored {
        runs,
        complete: false,
        failure: None,
    }
}

/// Runs `run` under every schedule (at most `max_runs` of them) and returns every result,
/// and whether the search was complete.
pub fn every<R>(max_runs: u64, mut run: impl FnMut(Replay) -> (R, Schedule)) -> (Vec<R>, bool) {
    let mut out = Vec::new();
    let explored = exhaustive(
        max_runs,
        |replay| {
            let (r, schedule) = run(replay);
            out.push(r);
            ((), schedule)
        },
        |_| false,
    );
    (out, explored.complete)
}

/// The next schedule in depth-first order: the deepest step with an untried option, moved
/// on by one; `None` once every option of every step was tried.
fn next_prefix(schedule: &Schedule) -> Option<Vec<u32>> {
    let i = schedule
        .steps
        .iter()
        .rposition(|s| s.choice + 1 < s.options)?;
    let mut p: Vec<u32> = schedule.steps[..i].iter().map(|s| s.choice).collect();
    p.push(schedule.steps[i].choice + 1);
    Some(p)
}

//! Question 7 (seed 003): detached vs structured concurrency. One driver runs a design's
//! use of the single-instance resource under one schedule of the lab executor (replayed
//! choices: which ready task runs first, which of the timers due together fires first),
//! inside a tokio `LocalSet` that outlives the design, reads the resource's ledger the
//! moment the design returns, reopens the resource at once, and lets the run settle. The
//! check runs it under every schedule.

pub mod reopen;

use lab_designs::structured::{Failure, StructuredDesign};
use lab_executor::schedule::Replay;
use lab_executor::{Config, Executor, Outcome, Schedule};
use lab_workloads::{CLOSE_TICKS, OPEN_TICKS, Resource, ResourceLedger};
use tokio::task::LocalSet;

pub const MAX_POLLS: u64 = 10_000;

/// What one run saw.
#[derive(Clone, Copy, Debug)]
pub struct Used {
    /// What the design let its caller see.
    pub returned: Result<(), Failure>,
    /// The ledger the moment the design returned.
    pub at_return: ResourceLedger,
    pub reopened: bool,
    /// The ledger once the run had settled.
    pub settled: ResourceLedger,
}

/// One run under the choices `replay` makes, the close failing if `fail_close`; with the
/// schedule it took.
pub fn drive(
    design: &dyn StructuredDesign,
    replay: Replay,
    fail_close: bool,
) -> (Outcome<Used>, Schedule) {
    let exec = Executor::with_scheduler(Config::with_max_polls(MAX_POLLS), replay);
    let handle = exec.handle();
    let clock = handle.clock().clone();
    let resource = Resource::new(&clock, fail_close);
    let used = design.use_once(resource.clone(), handle.clone());
    let run = exec.run(async move {
        LocalSet::new()
            .run_until(async move {
                let returned = used.await;
                let at_return = resource.ledger();
                let reopened = resource.open().await.is_ok();
                // Long enough for any close still running to finish.
                clock.sleep(CLOSE_TICKS + OPEN_TICKS + 1).await;
                Used {
                    returned,
                    at_return,
                    reopened,
                    settled: resource.ledger(),
                }
            })
            .await
    });
    (run.outcome, run.schedule)
}

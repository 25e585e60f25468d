//! Question 7 (seed 003): detached vs structured concurrency. One driver runs a design's
//! use of the single-instance resource under a seeded random schedule, inside a tokio
//! `LocalSet` (the long-lived runtime context a program has), reads the resource's ledger
//! the moment the design returns, reopens the resource at once, and lets the run settle.

pub mod reopen;

use lab_designs::structured::{Failure, StructuredDesign};
use lab_executor::schedule::Random;
use lab_executor::{Config, Executor, Outcome};
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

/// One run under schedule `seed`, the close failing if `fail_close`.
pub fn drive(design: &dyn StructuredDesign, seed: u64, fail_close: bool) -> Outcome<Used> {
    let exec = Executor::with_scheduler(Config::with_max_polls(MAX_POLLS), Random::new(seed));
    let handle = exec.handle();
    let clock = handle.clock().clone();
    let resource = Resource::new(&clock, fail_close);
    let used = design.use_once(resource.clone(), handle.clone());
    exec.run(async move {
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
    })
    .outcome
}

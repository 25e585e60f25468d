//! Deterministic single-threaded executor with a virtual clock.
//!
//! Every scenario in the lab runs here so that it is reproducible and fast: time only
//! moves when nothing is runnable (it jumps to the next timer), every poll, wake and
//! cancelled future is counted, and a run that can make no more progress ends with a
//! [`Outcome::Deadlock`] instead of hanging. A step budget bounds every run.

mod clock;
mod executor;
mod probe;
mod stats;
mod waker;

pub use clock::{Clock, Sleep, Tick};
pub use executor::{Config, Executor, Handle, JoinHandle, Outcome, Run, Schedule, TimerOrder};
pub use probe::{Probe, ProbeStats, Probed};
pub use stats::Stats;

/// Returns `Pending` once (after waking itself), so other tasks and branches get a turn.
pub async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(move |cx| {
        if yielded {
            std::task::Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await
}

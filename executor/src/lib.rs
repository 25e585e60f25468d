//! Deterministic single-threaded executor with a virtual clock.
//!
//! Every scenario in the lab runs here so that it is reproducible and fast: a [`Scheduler`]
//! picks which ready task runs and in which order timers due together wake (FIFO by default;
//! [`schedule`] has the portfolio, and every run records its choices as a replayable
//! [`Schedule`]), time only moves when nothing is runnable (it jumps to the next timer), and
//! a run that can make no more progress ends with an [`Outcome::Deadlock`] instead of
//! hanging. A step
//! budget bounds every run. [`Probe`]s count what happened to the futures they wrap (the
//! checks read those), and [`Watch`]es when each wrapped future was woken and next polled;
//! [`Stats`] counts the run's polls, wakes and tasks, which the tests
//! of this crate assert and no check reports yet. [`Handle::hosted`] with a [`Clock::real`]
//! runs the same workloads on a real runtime instead (crate `lab-runtimes`).

mod clock;
mod executor;
pub mod explore;
mod probe;
pub mod schedule;
mod stats;
mod waker;
mod watch;

pub use clock::{Clock, Now, Sleep, Tick, Timer};
pub use executor::{
    Config, Executor, Handle, Hosted, JoinHandle, Outcome, Run, Spawner, TimerOrder,
};
pub use probe::{Probe, ProbeStats, Probed};
pub use schedule::{Schedule, Scheduler};
pub use stats::Stats;
pub use watch::{TaskPoll, TaskWatched, WakeSeen, Watch, Watched, WatchedFuture};

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

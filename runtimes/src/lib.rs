//! The real runtimes the lab's verdicts are checked on, beside its own executor: tokio
//! (current-thread, and multi-thread with 2 workers), async-std and smol. Each runs a
//! workload through a [`Handle::hosted`] handle, so designs and workloads are unchanged:
//! `spawn` is the runtime's `spawn_local`, and a scripted tick is a real [`Limits::tick`]
//! slept on the runtime's own timer. Every run is bounded by [`Limits::deadline`]: a run
//! still going then ends as [`Outcome::TimedOut`], a panic in the design or its spawned tasks as
//! [`Outcome::Panicked`]. The deadline is a timer on the design's own thread, so only a
//! design that blocks that thread (a synchronous loop, `thread::sleep`) could outlast it;
//! no lab design is known to.
//!
//! The designs are `!Send` (`LocalBoxFuture`), so on every runtime they run on the thread
//! that calls `block_on`, with their spawns on that thread's local set; on tokio's
//! multi-thread runtime its 2 workers drive the timers. tokio's cooperative budget is
//! active in both tokio flavours (`block_on` and local tasks run under it); whether a
//! workload spends it is the workload's (a tokio channel's receive spends a unit, and so
//! does each poll of a pending scripted wait, a `tokio::time` sleep).

mod async_std_rt;
mod smol_rt;
mod tokio_rt;

use std::cell::RefCell;
use std::fmt;
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::time::{Duration, Instant};

use futures::FutureExt;
use futures::future::{self, Either, LocalBoxFuture};
use lab_executor::{Clock, Config, Executor, Handle, Outcome, Spawner, Timer};

/// Where a run happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Runtime {
    /// The lab's deterministic executor with its virtual clock (the default).
    Lab,
    TokioCurrentThread,
    TokioMultiThread,
    AsyncStd,
    Smol,
}

impl Runtime {
    pub const ALL: [Runtime; 5] = [
        Runtime::Lab,
        Runtime::TokioCurrentThread,
        Runtime::TokioMultiThread,
        Runtime::AsyncStd,
        Runtime::Smol,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Runtime::Lab => "lab",
            Runtime::TokioCurrentThread => "tokio-current-thread",
            Runtime::TokioMultiThread => "tokio-multi-thread",
            Runtime::AsyncStd => "async-std",
            Runtime::Smol => "smol",
        }
    }

    /// What a run on it is, for a reader.
    pub fn about(self) -> &'static str {
        match self {
            Runtime::Lab => "the lab's executor, virtual time",
            Runtime::TokioCurrentThread => {
                "tokio current-thread runtime in a LocalSet, real time, coop budget"
            }
            Runtime::TokioMultiThread => {
                "tokio multi-thread runtime (2 workers driving the timers), design in a LocalSet on the block_on thread, real time, coop budget"
            }
            Runtime::AsyncStd => "async-std block_on with spawn_local, real time",
            Runtime::Smol => "smol LocalExecutor under smol::block_on, real time",
        }
    }

    /// The runtime with this id; the error lists the valid ones.
    pub fn parse(id: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|r| r.id() == id).ok_or_else(|| {
            let ids: Vec<&str> = Self::ALL.iter().map(|r| r.id()).collect();
            format!("unknown runtime '{id}': one of {}", ids.join(", "))
        })
    }

    pub fn is_real(self) -> bool {
        self != Runtime::Lab
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How a real run maps and bounds time (the lab executor has its own step budget).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The real duration of one scripted tick.
    pub tick: Duration,
    /// How long a run may take before it is [`Outcome::TimedOut`].
    pub deadline: Duration,
    /// The lab executor's step budget.
    pub max_polls: u64,
}

/// A run's body: given the handle (spawn and clock) it builds the future to run.
pub type Main<T> = Box<dyn FnOnce(&Handle) -> LocalBoxFuture<'static, T>>;

/// Runs `main` on `runtime`, bounded, and returns how it ended.
pub fn run<T: 'static>(runtime: Runtime, limits: Limits, main: Main<T>) -> Outcome<T> {
    let ran = std::panic::catch_unwind(AssertUnwindSafe(|| match runtime {
        Runtime::Lab => {
            let exec = Executor::new(Config::with_max_polls(limits.max_polls));
            let fut = main(&exec.handle());
            exec.run(fut).outcome
        }
        Runtime::TokioCurrentThread => tokio_rt::run(false, limits, main),
        Runtime::TokioMultiThread => tokio_rt::run(true, limits, main),
        Runtime::AsyncStd => async_std_rt::run(limits, main),
        Runtime::Smol => smol_rt::run(limits, main),
    }));
    ran.unwrap_or_else(|payload| Outcome::Panicked {
        message: panic_message(payload.as_ref()),
    })
}

/// The part every real runtime shares: a real clock on `timer`, a hosted handle whose
/// spawns go to `spawn` with their panics caught, and `main` raced against the deadline
/// and against a spawned task's panic.
fn drive<T: 'static>(
    limits: Limits,
    timer: Timer,
    spawn: Spawner,
    main: Main<T>,
) -> LocalBoxFuture<'static, Outcome<T>> {
    let (panic_tx, panic_rx) = futures::channel::oneshot::channel::<String>();
    let panic_tx = Rc::new(RefCell::new(Some(panic_tx)));
    let catching: Spawner = Rc::new(move |task| {
        let panic_tx = panic_tx.clone();
        spawn(Box::pin(async move {
            if let Err(payload) = AssertUnwindSafe(task).catch_unwind().await
                && let Some(tx) = panic_tx.borrow_mut().take()
            {
                let _ = tx.send(panic_message(payload.as_ref()));
            }
        }));
    });
    let deadline = timer(Instant::now() + limits.deadline);
    let clock = Clock::real(limits.tick, timer);
    let (handle, hosted) = Handle::hosted(clock, catching);
    // A task of its own, so that it is woken by its own wakers only: polled inside the
    // select below it would be polled again whenever the deadline's timer fired, a poll the
    // lab executor never makes (futures-lite 2.6's `Race` then polls an ended stream).
    let fut = handle.spawn(AssertUnwindSafe(main(&handle)).catch_unwind());
    // The sender goes when the handle does, which is no panic: then wait on.
    let panicked = panic_rx.then(|r| match r {
        Ok(message) => future::ready(message).left_future(),
        Err(_) => future::pending().right_future(),
    });
    async move {
        let failed = future::select(deadline, Box::pin(panicked));
        let outcome = match future::select(fut, failed).await {
            Either::Left((Ok(out), _)) => Outcome::Completed(out),
            Either::Left((Err(payload), _)) => Outcome::Panicked {
                message: panic_message(payload.as_ref()),
            },
            Either::Right((Either::Right((message, _)), _)) => Outcome::Panicked { message },
            Either::Right((Either::Left(_), _)) => Outcome::TimedOut {
                after_ms: limits.deadline.as_millis() as u64,
            },
        };
        hosted.finish();
        outcome
    }
    .boxed_local()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".into())
}

#[cfg(test)]
mod tests;

/// A set of runtimes (`--runtime`, repeatable), kept `Copy` for the checks' options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Set(u8);

impl Set {
    /// Every real runtime.
    pub fn real() -> Self {
        Runtime::ALL.into_iter().filter(|r| r.is_real()).collect()
    }

    pub fn contains(self, r: Runtime) -> bool {
        self.0 & (1 << r as u8) != 0
    }

    /// Its runtimes, in [`Runtime::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Runtime> {
        Runtime::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Runtime> for Set {
    fn from_iter<I: IntoIterator<Item = Runtime>>(iter: I) -> Self {
        Set(iter.into_iter().fold(0, |bits, r| bits | (1 << r as u8)))
    }
}

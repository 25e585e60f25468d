//! Probes count what happens to futures *inside* a task (which the executor cannot see):
//! how many were created, polled, completed, and dropped before completing (cancelled).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProbeStats {
    pub created: u64,
    pub polls: u64,
    pub completed: u64,
    /// Dropped after at least one poll without completing.
    pub cancelled: u64,
    /// Dropped without ever being polled.
    pub never_polled: u64,
}

/// A named counter shared by every future it wraps.
#[derive(Clone, Default)]
pub struct Probe {
    stats: Rc<Cell<ProbeStats>>,
}

impl Probe {
    pub fn stats(&self) -> ProbeStats {
        self.stats.get()
    }

    pub fn wrap<F: Future>(&self, fut: F) -> Probed<F> {
        self.bump(|s| s.created += 1);
        Probed {
            fut: Box::pin(fut),
            probe: self.clone(),
            polled: false,
            done: false,
        }
    }

    fn bump(&self, f: impl FnOnce(&mut ProbeStats)) {
        let mut s = self.stats.get();
        f(&mut s);
        self.stats.set(s);
    }
}

/// A future wrapped by a [`Probe`]. Boxed inside so the wrapper is `Unpin`.
pub struct Probed<F> {
    fut: Pin<Box<F>>,
    probe: Probe,
    polled: bool,
    done: bool,
}

impl<F: Future> Future for Probed<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polled = true;
        self.probe.bump(|s| s.polls += 1);
        let out = self.fut.as_mut().poll(cx);
        if out.is_ready() {
            self.done = true;
            self.probe.bump(|s| s.completed += 1);
        }
        out
    }
}

impl<F> Drop for Probed<F> {
    fn drop(&mut self) {
        match (self.polled, self.done) {
            (_, true) => {}
            (true, false) => self.probe.bump(|s| s.cancelled += 1),
            (false, false) => self.probe.bump(|s| s.never_polled += 1),
        }
    }
}

//! The one switch point for the reference designs' synchronisation, as tokio's
//! `crate::loom` is: std's types normally, loom's under `--cfg lab_loom`.

#[cfg(not(lab_loom))]
pub use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
#[cfg(not(lab_loom))]
pub use std::sync::{Arc, Mutex};

#[cfg(lab_loom)]
pub use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
#[cfg(lab_loom)]
pub use loom::sync::{Arc, Mutex};

use std::task::Waker;

/// A slot for the one task waiting on a value: `register` then look, and a `wake` from
/// any thread in between is not lost. std: the `atomic-waker` crate; loom: loom's own
/// lock-based model of the same contract (a contended `register` wakes the new waker instead
/// of storing it, as `atomic-waker` does). loom checks the code around the slot, not the
/// `atomic-waker` crate's own protocol.
pub struct AtomicWaker {
    #[cfg(not(lab_loom))]
    inner: atomic_waker::AtomicWaker,
    #[cfg(lab_loom)]
    inner: loom::future::AtomicWaker,
}

impl Default for AtomicWaker {
    fn default() -> Self {
        Self::new()
    }
}

impl AtomicWaker {
    pub fn new() -> Self {
        Self {
            #[cfg(not(lab_loom))]
            inner: atomic_waker::AtomicWaker::new(),
            #[cfg(lab_loom)]
            inner: loom::future::AtomicWaker::new(),
        }
    }

    pub fn register(&self, waker: &Waker) {
        #[cfg(not(lab_loom))]
        self.inner.register(waker);
        #[cfg(lab_loom)]
        self.inner.register_by_ref(waker);
    }

    pub fn wake(&self) {
        self.inner.wake();
    }
}

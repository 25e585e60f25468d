//! The executor's hand-written wake path: a waker pushes its task id onto a shared ready
//! queue at most once until the task is polled again. Wakers must be `Send + Sync`, so
//! the queue is behind a mutex even though the executor itself is single-threaded.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Wake;

pub(crate) type TaskId = usize;

#[derive(Default)]
pub(crate) struct ReadyQueue {
    pub(crate) ready: VecDeque<TaskId>,
    // Indexed by task id: true while the task sits in `ready` (wakes are coalesced).
    pub(crate) queued: Vec<bool>,
    pub(crate) wakes: u64,
}

impl ReadyQueue {
    /// A wake: counted, then scheduled.
    pub(crate) fn push(&mut self, id: TaskId) {
        self.wakes += 1;
        self.schedule(id);
    }

    /// Queues `id` unless it is queued already; not counted as a wake.
    pub(crate) fn schedule(&mut self, id: TaskId) {
        if self.queued.len() <= id {
            self.queued.resize(id + 1, false);
        }
        if !self.queued[id] {
            self.queued[id] = true;
            self.ready.push_back(id);
        }
    }

    pub(crate) fn take(&mut self, index: usize) -> Option<TaskId> {
        let id = self.ready.remove(index)?;
        self.queued[id] = false;
        Some(id)
    }
}

#[derive(Clone, Default)]
pub(crate) struct Shared(Arc<Mutex<ReadyQueue>>);

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, ReadyQueue> {
        // A panic while holding this lock can only come from a bug in this module; the
        // queue is still consistent afterwards, so poisoning is ignored.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub(crate) struct TaskWaker {
    pub(crate) id: TaskId,
    pub(crate) queue: Shared,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.queue.lock().push(self.id);
    }
}

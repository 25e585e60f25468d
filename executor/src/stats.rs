//! What a run did, so checks can ask how much work was done and what was left behind.

use crate::Tick;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Calls to `Future::poll` on top-level tasks.
    pub polls: u64,
    /// Calls to `Waker::wake`/`wake_by_ref` (before coalescing).
    pub wakes: u64,
    /// Tasks that were woken but never polled again (finished first, or the run ended).
    pub wakes_never_polled: u64,
    pub tasks_spawned: u64,
    pub tasks_completed: u64,
    /// Tasks still pending when the run ended; they are dropped then.
    pub tasks_dropped_pending: u64,
    pub timers_fired: u64,
    /// Virtual time when the run ended.
    pub end_tick: Tick,
}

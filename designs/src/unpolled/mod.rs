//! Question 6 (seed 003's family of hazards): futures left alive but unpolled. A waiter
//! queues for a permit another task holds; a timer fires first, and its handler awaits the
//! same permit. The designs are the ways people write that race: `tokio::select!` and
//! `futures::select!` in a loop over `&mut waiter`, a `FuturesUnordered` holding the waiter
//! raced in a `select!`, and the ways that avoid the hazard: spawning the waiter (tokio's
//! `spawn_local`), dropping it before the handler awaits, and merging the handler into the
//! same stream as the waiter (futures-concurrency), so both are polled together.

use futures::future::LocalBoxFuture;
use lab_workloads::Contention;

pub use crate::{Design, DesignInfo};

mod drop_before_await;
mod fc_merge;
mod futures_select_mut;
mod futures_unordered_select;
mod tokio_select_mut;
mod tokio_spawn_local;

/// What a design declares, read off its source: whether the waiter stays alive and
/// unpolled while the handler awaits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declares {
    pub keeps_waiter_unpolled: bool,
}

pub trait UnpolledDesign: Design {
    fn declares(&self) -> Declares;

    /// Runs the waiter and the timer's handler to the end (or deadlocks trying).
    fn run(&self, c: Contention) -> LocalBoxFuture<'static, ()>;
}

/// Every design of the question, in report order.
pub fn all() -> &'static [&'static dyn UnpolledDesign] {
    &[
        &tokio_select_mut::TokioSelectMut,
        &futures_select_mut::FuturesSelectMut,
        &futures_unordered_select::FuturesUnorderedSelect,
        &tokio_spawn_local::TokioSpawnLocal,
        &drop_before_await::DropBeforeAwait,
        &fc_merge::FcMerge,
    ]
}

/// Looks a design up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static dyn UnpolledDesign, String> {
    crate::by_id(all(), id)
}

const KEEPS: Declares = Declares {
    keeps_waiter_unpolled: true,
};
const AVOIDS: Declares = Declares {
    keeps_waiter_unpolled: false,
};

//! Question 3 (seed 000): should async iteration be sequential or parallel by default? The
//! same loop — a body of `ticks` virtual ticks per item over a source that always has the
//! next item ready — written with every strategy people reach for: a sequential `while let`
//! loop, futures' `for_each_concurrent` and `buffer_unordered` / `buffered`,
//! futures-concurrency's `ConcurrentStream` (`co()`), spawning a task per item bounded (the
//! lab's `spawn_local`, tokio's `JoinSet`) and unbounded (`JoinSet`), and seed 000's "parallel by default" lowering (spawn per item, never joined).
//! Each is also written with a `break` at item `k`, the way that strategy stops early, and
//! over CPU-bound bodies on a tokio runtime (the throughput and spawn-overhead benchmark).

use futures::future::{BoxFuture, LocalBoxFuture};
use futures::stream::{self, Iter};
use lab_workloads::Work;

pub use crate::{Design, DesignInfo};

mod buffer_unordered;
mod buffered;
mod fc_co;
mod for_each_concurrent;
mod parallel_by_default;
mod sequential;
mod spawn_bounded;
mod tokio_join_set;

/// What happens to work already started when the loop stops early: read off each
/// strategy's source and docs; the break check measures it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnBreak {
    /// Nothing had started that had not finished: the loop stops between items.
    Nothing,
    /// Bodies in flight, or created and not yet polled, are dropped when the loop returns
    /// (the break check counts the two apart).
    Dropped,
    /// Bodies in flight keep running after the loop returned (detached tasks).
    Detached,
}

/// What a design declares about itself, for the checks to confirm or refute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declares {
    /// Most bodies in flight at once; `None`: no bound (parallel by default).
    pub limit: Option<u32>,
    pub on_break: OnBreak,
}

pub trait IterationDesign: Design {
    fn declares(&self) -> Declares;

    /// Runs the body on every item of `w`; returns when the loop returns (spawned work may
    /// still be running).
    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()>;

    /// The same loop, leaving at item `k` the way this strategy is written to stop early:
    /// `break` before item `k`'s body, an error from it where the strategy has only a
    /// closure, or `break` on item `k`'s result where the loop consumes results (buffered
    /// strategies: item `k`'s body has run by then).
    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()>;

    /// The same strategy over `items` CPU-bound bodies ([`cpu_body`]) from [`cpu_items`],
    /// run on a tokio runtime. `None`: a strategy written for the lab executor only.
    fn run_cpu(&self, items: u32, body: CpuBody) -> Option<BoxFuture<'static, ()>>;
}

/// A CPU-bound body: real work on the item's position, no await inside.
pub type CpuBody = fn(u32) -> u64;

/// The CPU benchmark's source: every item ready when asked for.
pub fn cpu_items(items: u32) -> Iter<std::ops::Range<u32>> {
    stream::iter(0..items)
}

/// The loop body over one CPU item, the same future in every strategy: its result goes to
/// `black_box`, so no strategy pays for collecting results and none can skip the work.
pub async fn cpu_body(body: CpuBody, seq: u32) {
    std::hint::black_box(body(seq));
}

/// Every iteration design, in report order.
pub fn all() -> &'static [&'static dyn IterationDesign] {
    &[
        &sequential::Sequential,
        &for_each_concurrent::ForEachConcurrent(Some(1)),
        &for_each_concurrent::ForEachConcurrent(Some(8)),
        &for_each_concurrent::ForEachConcurrent(None),
        &buffer_unordered::BufferUnordered(8),
        &buffered::Buffered(8),
        &fc_co::FcCo(Some(8)),
        &fc_co::FcCo(None),
        &spawn_bounded::SpawnBounded(8),
        &tokio_join_set::TokioJoinSet(Some(8)),
        &tokio_join_set::TokioJoinSet(None),
        &parallel_by_default::ParallelByDefault,
    ]
}

/// Looks a design up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static dyn IterationDesign, String> {
    crate::by_id(all(), id)
}

//! Question 5 (seed 003): starvation while the loop body awaits. Each design keeps up to
//! `limit` fetches in flight and awaits a body on each result, written the way people
//! write it: futures' `buffered` and `buffer_unordered`, `FuturesOrdered` and
//! `FuturesUnordered` refilled by a `while let` loop, the `poll_progress` lowering (the
//! lab's reference of boats' proposal), and spawning each fetch (tokio's `JoinSet` in a
//! `LocalSet`, and the lab executor's spawn). In the first four a fetch is polled only when
//! the loop asks for the next result, so while the body awaits, fetches whose wakers fired
//! wait; the checks measure how long, and what it does to a permit both need.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{self, Stream, StreamExt};
use lab_workloads::{Fetches, LocalFuture};

pub use crate::{Design, DesignInfo};

mod buffer_unordered;
mod buffered;
mod futures_ordered;
mod futures_unordered;
mod lab_spawn;
mod poll_progress;
mod tokio_join_set;

/// What a design declares, read off its crate's source: whether anything polls the
/// fetches in flight while the loop body awaits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declares {
    pub drives_while_body_awaits: bool,
    /// Each fetch is a task of its own (an allocation per item the others do not make).
    pub spawns: bool,
}

pub trait AwaitingDesign: Design {
    fn declares(&self) -> Declares;

    /// Fetches every item with up to `f.limit` in flight and awaits `f.body` on each
    /// result, in the loop's body.
    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()>;
}

/// The items as a stream of their fetches, the way `buffered` designs are fed.
pub fn fetch_stream(f: &Fetches) -> impl Stream<Item = LocalFuture<u32>> + Unpin + 'static {
    let fetch = f.fetch.clone();
    stream::iter(0..f.items).map(move |i| fetch(i))
}

/// `while let Some(x) = s.next().await { body(x).await }`: the loop every stream design
/// here is consumed by.
pub fn consume(
    mut s: impl Stream<Item = u32> + Unpin + 'static,
    f: Fetches,
) -> LocalBoxFuture<'static, ()> {
    async move {
        while let Some(x) = s.next().await {
            (f.body)(x).await;
        }
    }
    .boxed_local()
}

/// Every design of the question, in report order.
pub fn all() -> &'static [&'static dyn AwaitingDesign] {
    &[
        &buffered::Buffered,
        &buffer_unordered::BufferUnordered,
        &futures_ordered::FuturesOrderedLoop,
        &futures_unordered::FuturesUnorderedLoop,
        &poll_progress::PollProgressLoop,
        &tokio_join_set::JoinSetLoop,
        &lab_spawn::LabSpawnLoop,
    ]
}

/// Looks a design up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static dyn AwaitingDesign, String> {
    crate::by_id(all(), id)
}

/// Declares for the designs nothing drives while the body awaits.
const STALLS: Declares = Declares {
    drives_while_body_awaits: false,
    spawns: false,
};

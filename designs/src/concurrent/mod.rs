//! Question 2 (seeds 002, 003): consuming several sources concurrently — `select!` loops
//! against merges. Every design implements [`ConcurrentDesign`] twice over: racing the
//! stateful `read_send` future against a packet source (the data-loss scenario), and
//! draining N plain sources (benchmarks, fairness).

use std::fmt;

use futures::future::LocalBoxFuture;
use lab_workloads::{Item, ReadSend, Source};

pub use crate::{Design, DesignInfo};

#[macro_use]
mod arity;
#[macro_use]
mod select_loops;
mod read_send_merge;

mod async_channel_fan_in;
mod async_std_merge_chained;
mod fc_merge_array;
mod fc_merge_tuple;
mod fc_merge_vec;
mod fc_stream_group;
mod futures_buffered_merge;
mod futures_lite_or;
mod futures_lite_race;
mod futures_select_all;
mod futures_select_biased;
mod futures_select_hoisted;
mod futures_select_recreate;
mod futures_select_strategy;
mod futures_stream_select_chained;
mod must_complete;
mod reference_fair_merge;
mod reference_merge_first;
mod spawn_each_operation;
mod tokio_mpsc_fan_in;
mod tokio_select;
mod tokio_select_biased;
mod tokio_stream_map;
mod tokio_stream_merge_chained;

/// Receives every item a design yields, in the order it yields them.
pub type Sink = Box<dyn FnMut(Item)>;

/// How a design picks which ready source to poll first: the model its fairness is predicted
/// from, read off the crate's source. The checks measure; the tests compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Every poll picks uniformly among the sources that are still live (a shuffle that skips
    /// finished ones, or a random start over a set that drops them).
    Random,
    /// Every poll starts at a uniformly random slot and goes round in order; a finished
    /// source's slot is still visited and passes its turn to the next.
    RandomStart,
    /// Every poll starts at a uniformly random entry of a `Vec`; a finished entry is
    /// `swap_remove`d, which moves the last entry into its slot and polls it at once, so the
    /// last source inherits the finished one's turn once.
    RandomSwapRemove,
    /// Every poll starts at source 0 (arms in written order).
    Biased,
    /// Live sources take turns in order; a finished source leaves the rotation.
    RoundRobin,
    /// A start slot that advances by one on every poll, s0, s1, .., s(k-1), s0, ..; a
    /// finished source's slot passes its turn to the next.
    RotatingStart,
    /// Two-way merges chained left-nested, `((s0 ⊕ s1) ⊕ s2) ⊕ ..`, each choosing its first
    /// side with a fair coin on every poll.
    ChainRandom,
    /// The same chain, each two-way merge alternating its first side on every poll,
    /// starting with the left.
    ChainAlternating,
    /// A source is polled only once its waker has fired; the woken sources are served in
    /// index order from one past the source served last (the lab's `FairMerge`), whatever
    /// order they were woken in.
    WokenRotation,
    /// A task per source forwards into one channel: items come in the order the forwarding
    /// tasks ran and sent, which is the executor's order, not the crate's. Such designs have
    /// no drain (it would need a spawn), so the fairness model never predicts one.
    TaskOrder,
}

impl Pick {
    /// Whether the pick draws from an RNG (none of the crates' RNGs can be seeded by the
    /// lab), so the same workload can run differently from run to run.
    pub fn is_random(self) -> bool {
        matches!(
            self,
            Pick::Random | Pick::RandomStart | Pick::RandomSwapRemove | Pick::ChainRandom
        )
    }
}

impl Pick {
    /// Every pick the fairness model predicts, for tests that go through them all
    /// ([`Pick::TaskOrder`] has no drain to predict).
    pub const ALL: [Pick; 9] = [
        Pick::Random,
        Pick::RandomStart,
        Pick::RandomSwapRemove,
        Pick::Biased,
        Pick::RoundRobin,
        Pick::RotatingStart,
        Pick::ChainRandom,
        Pick::ChainAlternating,
        Pick::WokenRotation,
    ];
}

/// What a design declares it will do under the checks, read off its crate's code: the checks
/// measure, and the tests compare.
#[derive(Clone, Copy, Debug)]
pub struct Declares {
    /// Whether racing `read_send` in it loses data.
    pub expects_loss: bool,
    /// Declared: whether the packet stream ending (its first `None`) while `read_send` is
    /// mid-batch drops that batch. True where `None` completes the `select!` whose turn
    /// created the `read_send` future.
    pub loses_at_stream_end: bool,
    /// Declared: whether its drain polls a source again after that source yielded `None`
    /// (which a stream that is not fused may answer with a panic, as seed 002 warns).
    pub polls_after_end: bool,
    /// Declared: whether the race never returns once every source has ended, because the
    /// merged stream answers `Pending` instead of `None` (futures-lite 2.6's `Race`, its
    /// issue #40): the lab executor then finds nothing to run, its `Deadlock` verdict.
    pub never_ends: bool,
    /// How it picks the next source (the fairness check's model).
    pub pick: Pick,
}

/// The arities a design can be instantiated at (macro- and tuple-based designs have a
/// fixed number of arms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Any,
    OneOf(&'static [usize]),
}

impl Arity {
    pub fn supports(self, n: usize) -> bool {
        match self {
            Arity::Any => n >= 1,
            Arity::OneOf(ns) => ns.contains(&n),
        }
    }
}

/// Asked for an arity the design cannot be written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub design: &'static str,
    pub arity: usize,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} cannot be written for {} sources",
            self.design, self.arity
        )
    }
}

impl std::error::Error for Unsupported {}

pub trait ConcurrentDesign: Design {
    fn declares(&self) -> Declares;

    /// Which numbers of sources [`Self::drain`] accepts.
    fn arity(&self) -> Arity;

    /// Runs `read_send` repeatedly until end of file while handling packets as they arrive,
    /// the way this design is written in practice; returns when both are exhausted.
    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()>;

    /// Consumes every source to the end, passing each item to `sink`.
    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()>;

    /// [`Self::drain`], after checking the arity.
    fn try_drain(
        &self,
        sources: Vec<Source>,
        sink: Sink,
    ) -> Result<LocalBoxFuture<'static, ()>, Unsupported> {
        if self.arity().supports(sources.len()) {
            Ok(self.drain(sources, sink))
        } else {
            Err(Unsupported {
                design: self.info().id,
                arity: sources.len(),
            })
        }
    }
}

/// Drains a merged stream into `sink`: the consumer side of every merge design.
fn drain_merged(
    merged: impl futures::Stream<Item = Item> + 'static,
    mut sink: Sink,
) -> LocalBoxFuture<'static, ()> {
    use futures::{FutureExt, StreamExt};
    async move {
        let mut merged = std::pin::pin!(merged);
        while let Some(item) = merged.next().await {
            sink(item);
        }
    }
    .boxed_local()
}

/// Every concurrent-consumption design, in report order. A new design is one file above
/// and one line here.
pub fn all() -> &'static [&'static dyn ConcurrentDesign] {
    &[
        &futures_select_recreate::FuturesSelectRecreate,
        &futures_select_hoisted::FuturesSelectHoisted,
        &futures_select_biased::FuturesSelectBiased,
        &tokio_select::TokioSelect,
        &tokio_select_biased::TokioSelectBiased,
        &async_std_merge_chained::AsyncStdMergeChained,
        &fc_merge_tuple::FcMergeTuple,
        &fc_merge_vec::FcMergeVec,
        &fc_merge_array::FcMergeArray,
        &fc_stream_group::FcStreamGroup,
        &futures_stream_select_chained::FuturesStreamSelectChained,
        &futures_select_strategy::FuturesSelectStrategy,
        &futures_select_all::FuturesSelectAll,
        &futures_buffered_merge::FuturesBufferedMerge,
        &futures_lite_or::FuturesLiteOr,
        &futures_lite_race::FuturesLiteRace,
        &tokio_stream_map::TokioStreamMap,
        &tokio_stream_merge_chained::TokioStreamMergeChained,
        &reference_merge_first::ReferenceMergeFirst,
        &reference_fair_merge::ReferenceFairMerge,
        &tokio_mpsc_fan_in::TokioMpscFanIn,
        &async_channel_fan_in::AsyncChannelFanIn,
        &spawn_each_operation::SpawnEachOperation,
        &must_complete::MustCompleteRace,
    ]
}

/// Looks a design up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static dyn ConcurrentDesign, String> {
    crate::by_id(all(), id)
}

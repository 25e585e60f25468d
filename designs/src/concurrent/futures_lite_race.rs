//! futures-lite's `stream::race`: merges two streams with no preference, a coin deciding
//! which is polled first on every call.

use futures::StreamExt;
use futures::future::{FutureExt, LocalBoxFuture};
use futures_lite::stream::race;
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{batches, consume, packets};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesLiteRace;

impl Design for FuturesLiteRace {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-lite-race",
            krate: "futures-lite",
            construct: "futures_lite::stream::race(a.fuse(), b)",
            summary: "two-way race with a fresh coin per poll deciding which stream goes first",
        }
    }
}

impl ConcurrentDesign for FuturesLiteRace {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // Neither side is fused: a finished stream is polled again on every call.
            polls_after_end: true,
            // futures-lite 2.6 `Race::poll_next` answers `Pending` whenever neither side yields
            // an item, `None` from both included (its issue #40, fixed in 2.7 by #138).
            never_ends: true,
            // `this.rng.bool()` (fastrand) picks the first side on every poll.
            pick: Pick::ChainRandom,
        }
    }

    /// No drain: a drain that never ends would hang the benchmarks' `block_on`, which has no
    /// step budget. The race runs it, where the lab executor's deadlock verdict bounds it.
    fn arity(&self) -> Arity {
        Arity::OneOf(&[])
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, packets) = packets(w);
        // As for `or`: the lab's file stream is futures' `unfold`, which panics when polled
        // after its end, and `Race` polls both sides on every call; fused, so that this race
        // measures what `Race` itself does once both sides have ended.
        consume(io.clone(), race(batches(io).fuse(), packets)).boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("try_drain refuses every arity: see arity()")
    }
}

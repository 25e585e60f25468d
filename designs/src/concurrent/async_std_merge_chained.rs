//! async-std's `Stream::merge` (seed 002), chained pairwise for more than two sources:
//! `a.merge(b).merge(c)`. Each two-way merge picks a side at random.

use async_std::stream::StreamExt as _;
use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;

use super::read_send_merge::{batches, consume, packets};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct AsyncStdMergeChained;

impl Design for AsyncStdMergeChained {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "async-std-merge-chained",
            krate: "async-std",
            construct: "async_std::stream::StreamExt::merge",
            summary: "two-way merges chained pairwise: a.merge(b).merge(c)...",
        }
    }
}

impl ConcurrentDesign for AsyncStdMergeChained {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // async-std `Merge` holds both sides in `Fuse` (stream/stream/merge.rs).
            polls_after_end: false,
            never_ends: false,
            // async-std's `Merge::poll_next` polls `left` or `right` first on `utils::random(2)`.
            pick: Pick::ChainRandom,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, packets) = packets(w);
        consume(io.clone(), batches(io).merge(packets)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, merge_chain!(sink))
    }
}

macro_rules! merge_chain {
    (($sink:ident); $($s:ident),+) => {
        super::drain_merged(chain!(async_std::stream::StreamExt::merge; $($s),+), $sink)
    };
}
use merge_chain;

//! tokio-stream's two-way `StreamExt::merge`, chained pairwise for more than two sources.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::{ReadSend, Source};
use tokio_stream::StreamExt as _;

use super::arity::FIXED;

use super::read_send_merge::{batches, consume, packets};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct TokioStreamMergeChained;

impl Design for TokioStreamMergeChained {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-stream-merge-chained",
            krate: "tokio-stream",
            construct: "tokio_stream::StreamExt::merge",
            summary: "two-way tokio-stream merges chained pairwise: a.merge(b).merge(c)...",
        }
    }
}

impl ConcurrentDesign for TokioStreamMergeChained {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // tokio-stream `Merge` holds both sides in `Fuse` (stream_ext/merge.rs).
            polls_after_end: false,
            never_ends: false,
            // tokio-stream's `Merge` flips `a_first` on every poll, starting with `a`.
            pick: Pick::ChainAlternating,
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
        super::drain_merged(chain!(tokio_stream::StreamExt::merge; $($s),+), $sink)
    };
}
use merge_chain;

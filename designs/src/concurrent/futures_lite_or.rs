//! futures-lite's `stream::or`: merges two streams, preferring the first whenever both are
//! ready; chained for more than two sources.

use futures::StreamExt;
use futures::future::{FutureExt, LocalBoxFuture};
use futures_lite::stream::or;
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::read_send_merge::{batches, consume, packets};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesLiteOr;

impl Design for FuturesLiteOr {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-lite-or",
            krate: "futures-lite",
            construct: "futures_lite::stream::or(a.fuse(), b)",
            summary: "two-way or preferring the first stream, chained pairwise: or(or(a, b), c)...",
        }
    }
}

impl ConcurrentDesign for FuturesLiteOr {
    fn declares(&self) -> Declares {
        Declares {
            // `Or::poll_next` returns whatever the second stream answers once the first has no
            // item, so a `None` from the packets ends the merged stream while `read_send`
            // still has batches to read: the rest of the file is never read.
            expects_loss: true,
            loses_at_stream_end: true,
            // Neither side is fused: a finished first stream is polled again on every call.
            polls_after_end: true,
            never_ends: false,
            pick: Pick::Biased,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, packets) = packets(w);
        // `Or` polls its first stream again after that stream's `None`, and the lab's file
        // stream is futures' `unfold`, which panics then: fused, so that this race measures
        // loss (the poll-after-end check counts those polls on plain sources).
        consume(io.clone(), or(batches(io).fuse(), packets)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, or_chain!(sink))
    }
}

macro_rules! or_chain {
    (($sink:ident); $($s:ident),+) => {
        super::drain_merged(chain!(or; $($s),+), $sink)
    };
}
use or_chain;

//! tokio-stream's `StreamMap`: a keyed N-ary merge that starts each poll at a random entry.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::{ReadSend, Source};
use tokio_stream::StreamMap;

use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct TokioStreamMap;

impl Design for TokioStreamMap {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-stream-map",
            krate: "tokio-stream",
            construct: "tokio_stream::StreamMap",
            summary: "StreamMap keyed by source index, polled from a random start each time",
        }
    }
}

impl ConcurrentDesign for TokioStreamMap {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // `StreamMap` removes a stream once it yields `None`.
            polls_after_end: false,
            never_ends: false,
            // `StreamMap::poll_next_entry` starts at `thread_rng_n(len)`; a finished entry is
            // `swap_remove`d and the entry moved into its slot is polled next.
            pick: Pick::RandomSwapRemove,
        }
    }

    fn arity(&self) -> Arity {
        Arity::Any
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        let map: StreamMap<usize, _> = streams.into_iter().enumerate().collect();
        consume(io, map.map(|(_, msg)| msg)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        let map: StreamMap<usize, Source> = sources.into_iter().enumerate().collect();
        super::drain_merged(map.map(|(_, item)| item), sink)
    }
}

//! futures-buffered's `MergeBounded`: an N-ary merge over a fixed-capacity slab of streams,
//! driven by a queue of the slots whose wakers fired.

use futures::future::{FutureExt, LocalBoxFuture};
use futures_buffered::MergeBounded;
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesBufferedMerge;

impl Design for FuturesBufferedMerge {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-buffered-merge",
            krate: "futures-buffered",
            construct: "MergeBounded::from_iter(streams)",
            summary: "a bounded N-ary merge that polls the slots in the order their wakers fired",
        }
    }
}

impl ConcurrentDesign for FuturesBufferedMerge {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // merge_bounded.rs removes a slot once its stream yields `None`.
            polls_after_end: false,
            never_ends: false,
            // `poll_next` pops the next woken slot off its waker list and, after an item, pushes
            // that slot back at the end: live sources take turns in the order they were queued.
            pick: Pick::RoundRobin,
        }
    }

    fn arity(&self) -> Arity {
        Arity::Any
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        consume(io, MergeBounded::from_iter(streams)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        super::drain_merged(MergeBounded::from_iter(sources), sink)
    }
}

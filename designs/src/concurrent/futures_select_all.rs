//! futures' `stream::select_all`: an N-ary merge over `Unpin` streams of one type, backed
//! by `FuturesUnordered`.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesSelectAll;

impl Design for FuturesSelectAll {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-select-all",
            krate: "futures",
            construct: "futures::stream::select_all(streams)",
            summary: "select_all over a Vec of streams (boxed to one type where they differ)",
        }
    }
}

impl ConcurrentDesign for FuturesSelectAll {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // `SelectAll` drops a stream once it yields `None`.
            polls_after_end: false,
            never_ends: false,
            // `select_all` re-queues a stream at the back of its `FuturesUnordered` after each item.
            pick: Pick::RoundRobin,
        }
    }

    fn arity(&self) -> Arity {
        Arity::Any
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        consume(io, futures::stream::select_all(streams)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        super::drain_merged(futures::stream::select_all(sources), sink)
    }
}

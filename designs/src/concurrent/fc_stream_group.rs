//! futures-concurrency's `StreamGroup`: a growable set of streams of one type, polled by
//! readiness, that yields whatever any of them yields.

use futures::future::{FutureExt, LocalBoxFuture};
use futures_concurrency::stream::StreamGroup;
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FcStreamGroup;

impl Design for FcStreamGroup {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "fc-stream-group",
            krate: "futures-concurrency",
            construct: "StreamGroup::from_iter(streams)",
            summary: "a growable group of streams, each polled once its waker has fired",
        }
    }
}

impl ConcurrentDesign for FcStreamGroup {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // stream/stream_group.rs removes a stream once it yields `None`.
            polls_after_end: false,
            never_ends: false,
            // `poll_next_inner` walks its keys (a `BTreeSet`) from the smallest on every call,
            // polls each stream marked ready, and marks a stream that yielded ready again: the
            // lowest ready key always goes first.
            pick: Pick::Biased,
        }
    }

    fn arity(&self) -> Arity {
        Arity::Any
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        consume(io, StreamGroup::from_iter(streams)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        super::drain_merged(StreamGroup::from_iter(sources), sink)
    }
}

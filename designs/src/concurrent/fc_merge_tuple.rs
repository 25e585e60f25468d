//! futures-concurrency's `Merge` for tuples: one N-ary merge that knows every stream
//! (seed 002's fix for chained merges). Tuples are implemented up to 12 streams.

use futures::future::{FutureExt, LocalBoxFuture};
use futures_concurrency::stream::Merge as _;
use lab_workloads::{ReadSend, Source};

use super::arity::TUPLE;

use super::read_send_merge::{batches, consume, packets};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FcMergeTuple;

impl Design for FcMergeTuple {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "fc-merge-tuple",
            krate: "futures-concurrency",
            construct: "(a, b, ..).merge()",
            summary: "one N-ary merge over a tuple of streams",
        }
    }
}

impl ConcurrentDesign for FcMergeTuple {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // futures-concurrency `Merge` marks a finished stream `set_none` and skips it.
            polls_after_end: false,
            never_ends: false,
            // futures-concurrency's `Indexer` starts at offset 0 and advances it by one per poll
            // (`utils/indexer.rs`); a finished stream's slot passes its turn to the next.
            pick: Pick::RotatingStart,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(TUPLE)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, packets) = packets(w);
        consume(io.clone(), (batches(io), packets).merge()).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, TUPLE, tuple_merge!(sink))
    }
}

macro_rules! tuple_merge {
    (($sink:ident); $($s:ident),+) => {
        super::drain_merged(($($s,)+).merge(), $sink)
    };
}
use tuple_merge;

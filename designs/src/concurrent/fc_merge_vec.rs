//! futures-concurrency's `Merge` for `Vec`: one N-ary merge over any number of streams of
//! one type (the `read_send` race boxes its two streams to a common type).

use futures::future::{FutureExt, LocalBoxFuture};
use futures_concurrency::stream::Merge as _;
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FcMergeVec;

impl Design for FcMergeVec {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "fc-merge-vec",
            krate: "futures-concurrency",
            construct: "Vec<S>::merge()",
            summary: "one N-ary merge over a Vec of streams (boxed to one type where they differ)",
        }
    }
}

impl ConcurrentDesign for FcMergeVec {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // futures-concurrency `Merge` marks a finished stream `set_none` and skips it.
            polls_after_end: false,
            never_ends: false,
            // futures-concurrency's `DynIndexer` starts at offset 0 and advances it by one per poll;
            // a finished stream's slot is skipped, passing its turn to the next.
            pick: Pick::RotatingStart,
        }
    }

    fn arity(&self) -> Arity {
        Arity::Any
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        consume(io, Vec::from(streams).merge()).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        super::drain_merged(sources.merge(), sink)
    }
}

//! futures-concurrency's `Merge` for arrays: the N-ary merge over a fixed-size array of
//! streams of one type, the form its docs show first.

use futures::future::{FutureExt, LocalBoxFuture};
use futures_concurrency::stream::Merge as _;
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FcMergeArray;

impl Design for FcMergeArray {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "fc-merge-array",
            krate: "futures-concurrency",
            construct: "[S; N]::merge()",
            summary: "one N-ary merge over an array of streams (boxed to one type where they differ)",
        }
    }
}

impl ConcurrentDesign for FcMergeArray {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // stream/merge/array.rs marks a finished stream `set_none` and skips its slot.
            polls_after_end: false,
            never_ends: false,
            // The array merge shares the `Indexer` of the Vec merge: its start advances by one
            // on every poll, and a finished slot passes its turn on.
            pick: Pick::RotatingStart,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        consume(io, streams.merge()).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, array_merge!(sink))
    }
}

macro_rules! array_merge {
    (($sink:ident); $($s:ident),+) => {
        super::drain_merged([$($s),+].merge(), $sink)
    };
}
use array_merge;

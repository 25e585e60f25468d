//! A deliberately unfair reference merge: every poll starts at source 0, so a busy first
//! source starves the rest. No crate ships it; it exists so the fairness and starvation
//! checks have a known-bad merge to catch (a merge, unlike `select_biased!`, that no one
//! would write biased on purpose).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::Stream;
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct ReferenceMergeFirst;

impl Design for ReferenceMergeFirst {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "reference-merge-first",
            krate: "lab",
            construct: "MergeFirst (reference)",
            summary: "known-bad reference: an N-ary merge that always polls from source 0",
        }
    }
}

impl ConcurrentDesign for ReferenceMergeFirst {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // `MergeFirst` sets a finished stream's slot to `None`.
            polls_after_end: false,
            never_ends: false,
            pick: Pick::Biased,
        }
    }

    fn arity(&self) -> Arity {
        Arity::Any
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        consume(io, MergeFirst::new(Vec::from(streams))).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        super::drain_merged(MergeFirst::new(sources), sink)
    }
}

/// Polls its streams in index order on every poll and yields the first item found.
struct MergeFirst<S> {
    streams: Vec<Option<S>>,
}

impl<S> MergeFirst<S> {
    fn new(streams: Vec<S>) -> Self {
        Self {
            streams: streams.into_iter().map(Some).collect(),
        }
    }
}

impl<S: Stream + Unpin> Stream for MergeFirst<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        for slot in &mut self.streams {
            if let Some(stream) = slot {
                match Pin::new(stream).poll_next(cx) {
                    Poll::Ready(Some(item)) => return Poll::Ready(Some(item)),
                    Poll::Ready(None) => *slot = None,
                    // Every pending stream has registered the waker; keep looking.
                    Poll::Pending => {}
                }
            }
        }
        if self.streams.iter().all(Option::is_none) {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }
}

//! Adapters between the two interfaces, and the designs built from them.
//!
//! `async fn next` → `Stream` (`into_stream`): the adapter owns the in-flight `next()`
//! future, so dropping the *stream's* `next()` loses nothing even over a lossy iterator.
//! `Stream` → `async fn next` (`IntoAsyncIter`): `next()` is `StreamExt::next`, which keeps
//! no state of its own.

use futures::future::LocalBoxFuture;
use futures::stream::{self, Stream, StreamExt};
use lab_workloads::{ChunkReader, Item};

use super::{
    AsyncIter, AsyncSource, BatchInput, Design, DesignInfo, IterDesign, LineSplitter, NextSource,
    Sizes, StreamSource, async_next_natural, async_sizes, empty_reader, poll_next, stream_sizes,
};

/// An async iterator as a stream: `unfold` keeps the pending `next()` future in its state.
pub fn into_stream<I: AsyncIter>(iter: I) -> impl Stream<Item = I::Item> {
    stream::unfold(iter, |mut iter| async move {
        let item = iter.next().await?;
        Some((item, iter))
    })
}

/// A stream as an async iterator.
pub struct IntoAsyncIter<S>(pub S);

impl<S: Stream + Unpin> AsyncIter for IntoAsyncIter<S> {
    type Item = S::Item;

    async fn next(&mut self) -> Option<S::Item> {
        self.0.next().await
    }
}

pub struct NaturalAsStream;

impl Design for NaturalAsStream {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "natural-as-stream",
            krate: "futures",
            construct: "async fn next → Stream",
            summary: "the natural async fn next iterator adapted into a Stream (unfold)",
        }
    }
}

impl IterDesign for NaturalAsStream {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        let s = into_stream(async_next_natural::Batches::new(file, decoder));
        Box::new(StreamSource(Box::pin(s)))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for NaturalAsStream {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        let s = into_stream(async_next_natural::Lines::new(reader));
        Box::new(StreamSource(Box::pin(s)))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        super::drain_line_stream(into_stream(async_next_natural::Lines::new(reader)))
    }

    fn sizes(&self) -> Sizes {
        let s = into_stream(async_next_natural::Lines::new(empty_reader()));
        let iter = std::mem::size_of_val(&s);
        Sizes {
            iter,
            next_future: stream_sizes(Box::pin(s)).next_future,
        }
    }
}

pub struct PollNextAsAsyncIter;

impl Design for PollNextAsAsyncIter {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "poll-next-as-async-iter",
            krate: "futures",
            construct: "Stream → async fn next",
            summary: "the hand-written Stream adapted into an async fn next iterator",
        }
    }
}

impl IterDesign for PollNextAsAsyncIter {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(AsyncSource(IntoAsyncIter(poll_next::Batches::new(
            file, decoder,
        ))))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for PollNextAsAsyncIter {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        Box::new(AsyncSource(IntoAsyncIter(poll_next::Lines::new(reader))))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        super::drain_line_iter(IntoAsyncIter(poll_next::Lines::new(reader)))
    }

    fn sizes(&self) -> Sizes {
        async_sizes(IntoAsyncIter(poll_next::Lines::new(empty_reader())))
    }
}

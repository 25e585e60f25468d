//! The `dyn` form of each interface: `Pin<Box<dyn Stream>>` needs one allocation for the
//! stream; `Box<dyn DynAsyncIter>` needs one for the iterator and one more for every
//! `next()` future, whose type each implementation chooses.

use std::pin::Pin;

use futures::Stream;
use futures::future::LocalBoxFuture;
use lab_workloads::{ChunkReader, Item};

use super::{
    BatchInput, Design, DesignInfo, DynAsyncIter, IterDesign, LineSplitter, NextSource, Sizes,
    StreamSource, async_next_careful, empty_reader, poll_next,
};

pub type DynStream<T> = Pin<Box<dyn Stream<Item = T>>>;
pub type DynIter<T> = Box<dyn DynAsyncIter<Item = T>>;

pub struct DynPollNext;

impl Design for DynPollNext {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "dyn-poll-next",
            krate: "futures",
            construct: "Pin<Box<dyn Stream>>",
            summary: "the hand-written Stream behind Pin<Box<dyn Stream>>",
        }
    }
}

impl IterDesign for DynPollNext {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        let s: DynStream<Item> = Box::pin(poll_next::Batches::new(file, decoder));
        Box::new(StreamSource(s))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for DynPollNext {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        let s: DynStream<Vec<u8>> = Box::pin(poll_next::Lines::new(reader));
        Box::new(StreamSource(s))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        let s: DynStream<Vec<u8>> = Box::pin(poll_next::Lines::new(reader));
        super::drain_line_stream(s)
    }

    fn sizes(&self) -> Sizes {
        let s: DynStream<Vec<u8>> = Box::pin(poll_next::Lines::new(empty_reader()));
        super::stream_sizes(s)
    }
}

pub struct DynAsyncNext;

/// Drives a `dyn` async iterator through its boxed `next()`.
struct DynSource<T>(DynIter<T>);

impl<T> NextSource<T> for DynSource<T> {
    fn next(&mut self) -> LocalBoxFuture<'_, Option<T>> {
        self.0.next_boxed()
    }
}

impl Design for DynAsyncNext {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "dyn-async-next",
            krate: "lab",
            construct: "Box<dyn DynAsyncIter>",
            summary: "the careful async fn next iterator behind dyn, each next() future boxed",
        }
    }
}

impl IterDesign for DynAsyncNext {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        let it: DynIter<Item> = Box::new(async_next_careful::Batches::new(file, decoder));
        Box::new(DynSource(it))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for DynAsyncNext {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        let it: DynIter<Vec<u8>> = Box::new(async_next_careful::Lines::new(reader));
        Box::new(DynSource(it))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        let mut it: DynIter<Vec<u8>> = Box::new(async_next_careful::Lines::new(reader));
        Box::pin(async move {
            let mut bytes = 0;
            while let Some(line) = it.next_boxed().await {
                bytes += line.len();
            }
            bytes
        })
    }

    fn sizes(&self) -> Sizes {
        let mut it: DynIter<Vec<u8>> = Box::new(async_next_careful::Lines::new(empty_reader()));
        let iter = std::mem::size_of_val(&it);
        let fut = it.next_boxed();
        Sizes {
            iter,
            next_future: std::mem::size_of_val(&fut),
        }
    }
}

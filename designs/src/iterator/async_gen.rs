//! Nightly: real `async gen` blocks implementing `core::async_iter::AsyncIterator`, whose
//! interface is `poll_next`. Same shape as the `async-stream` generator, in the language.

use core::async_iter::AsyncIterator;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use futures::future::LocalBoxFuture;
use lab_workloads::{BatchFile, ChunkReader, Decoder, Item, Splitter};

use super::{
    BatchInput, Design, DesignInfo, IterDesign, LineSplitter, NextSource, Sizes, StreamSource,
    empty_reader, stream_sizes,
};

pub struct AsyncGen;

impl Design for AsyncGen {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "async-gen",
            krate: "core",
            construct: "core::async_iter::AsyncIterator",
            summary: "an async gen block (nightly), state in its locals",
        }
    }
}

impl IterDesign for AsyncGen {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(StreamSource(AsStream(Box::pin(batches(file, decoder)))))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for AsyncGen {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        Box::new(StreamSource(AsStream(Box::pin(lines(reader)))))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        super::drain_line_stream(AsStream(Box::pin(lines(reader))))
    }

    fn sizes(&self) -> Sizes {
        let g = lines(empty_reader());
        let iter = std::mem::size_of_val(&g);
        Sizes {
            iter,
            next_future: stream_sizes(AsStream(Box::pin(g))).next_future,
        }
    }
}

fn lines(mut reader: ChunkReader) -> impl AsyncIterator<Item = Vec<u8>> {
    async gen move {
        let (mut split, mut line) = (Splitter::default(), Vec::new());
        while let Some(chunk) = reader.read_chunk().await {
            split.push(chunk);
            while split.next_line(&mut line) {
                yield std::mem::take(&mut line);
            }
        }
    }
}

fn batches(mut file: BatchFile, decoder: Decoder) -> impl AsyncIterator<Item = Item> {
    async gen move {
        while let Some(batch) = file.read_batch().await {
            for raw in batch {
                yield decoder.decode(raw).await;
            }
        }
    }
}

/// `AsyncIterator` and `Stream` have the same `poll_next`.
struct AsStream<I>(Pin<Box<I>>);

impl<I: AsyncIterator> Stream for AsStream<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<I::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

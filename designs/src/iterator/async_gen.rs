//! Nightly: real `async gen` blocks implementing `core::async_iter::AsyncIterator`, whose
//! interface is `poll_next`. Same shape as the `async-stream` generator, in the language.

use core::async_iter::AsyncIterator;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use futures::future::LocalBoxFuture;
use lab_workloads::{BatchFile, ChunkReader, Decoder, Item, Splitter};

use super::{
    BatchInput, IterDesign, IterInfo, NextSource, Sizes, StreamSource, empty_reader, stream_sizes,
};

pub struct AsyncGen;

impl IterDesign for AsyncGen {
    fn info(&self) -> IterInfo {
        IterInfo {
            id: "async-gen",
            krate: "core",
            interface: "core::async_iter::AsyncIterator",
            summary: "an async gen block (nightly), state in its locals",
            cancel_safe: true,
        }
    }

    fn lines(&self, reader: ChunkReader) -> Option<Box<dyn NextSource<Vec<u8>>>> {
        Some(Box::new(StreamSource(AsStream(Box::pin(lines(reader))))))
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(StreamSource(AsStream(Box::pin(batches(file, decoder)))))
    }

    fn drain_lines(&self, reader: ChunkReader) -> Option<LocalBoxFuture<'static, usize>> {
        Some(super::drain_stream(AsStream(Box::pin(lines(reader)))))
    }

    fn sizes(&self) -> Option<Sizes> {
        let g = lines(empty_reader());
        let iter = std::mem::size_of_val(&g);
        Some(Sizes {
            iter,
            next_future: stream_sizes(AsStream(Box::pin(g))).next_future,
        })
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

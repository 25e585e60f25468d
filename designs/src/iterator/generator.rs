//! A generator (`async-stream`'s `stream!`): written like the natural `async fn next`, with
//! state in locals, but the locals live in the generator, which is the stream; a dropped
//! `next()` future leaves them where they are.

use async_stream::stream;
use futures::Stream;
use futures::future::LocalBoxFuture;
use lab_workloads::{BatchFile, ChunkReader, Decoder, Item, Splitter};

use super::{
    BatchInput, Design, DesignInfo, IterDesign, LineSplitter, NextSource, Sizes, StreamSource,
    empty_reader, stream_sizes,
};

pub struct Generator;

impl Design for Generator {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "generator",
            krate: "async-stream",
            construct: "poll_next (async-stream)",
            summary: "async_stream::stream! generator with state in its locals",
        }
    }
}

impl IterDesign for Generator {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(StreamSource(Box::pin(batches(file, decoder))))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for Generator {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        Box::new(StreamSource(Box::pin(lines(reader))))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        super::drain_line_stream(lines(reader))
    }

    fn sizes(&self) -> Sizes {
        // Unboxed, so the generator's own size shows.
        let s = lines(empty_reader());
        let iter = std::mem::size_of_val(&s);
        Sizes {
            iter,
            next_future: stream_sizes(Box::pin(s)).next_future,
        }
    }
}

pub fn lines(mut reader: ChunkReader) -> impl Stream<Item = Vec<u8>> {
    stream! {
        let (mut split, mut line) = (Splitter::default(), Vec::new());
        while let Some(chunk) = reader.read_chunk().await {
            split.push(chunk);
            while split.next_line(&mut line) {
                yield std::mem::take(&mut line);
            }
        }
    }
}

pub fn batches(mut file: BatchFile, decoder: Decoder) -> impl Stream<Item = Item> {
    stream! {
        while let Some(batch) = file.read_batch().await {
            for raw in batch {
                yield decoder.decode(raw).await;
            }
        }
    }
}

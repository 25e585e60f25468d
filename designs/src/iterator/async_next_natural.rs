//! `async fn next` the natural way: the partial line is a local that lives across the read's
//! `.await`, and the raw item is popped before its decode is awaited. Dropping a pending
//! `next()` future drops those locals — the bytes and the item are gone, because the reader
//! and the batch queue have already moved on.

use std::collections::VecDeque;

use futures::future::LocalBoxFuture;
use lab_workloads::{BatchFile, ChunkReader, Decoder, Item, Splitter};

use super::{
    AsyncIter, AsyncSource, BatchInput, Design, DesignInfo, IterDesign, LineSplitter, NextSource,
    Sizes, async_sizes, empty_reader,
};

pub struct AsyncNextNatural;

impl Design for AsyncNextNatural {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "async-next-natural",
            krate: "lab",
            construct: "async fn next",
            summary: "async fn next as people write it: state in locals across awaits",
        }
    }
}

impl IterDesign for AsyncNextNatural {
    fn cancel_safe(&self) -> bool {
        false
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(AsyncSource(Batches::new(file, decoder)))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for AsyncNextNatural {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        Box::new(AsyncSource(Lines::new(reader)))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        super::drain_line_iter(Lines::new(reader))
    }

    fn sizes(&self) -> Sizes {
        async_sizes(Lines::new(empty_reader()))
    }
}

pub struct Lines {
    reader: ChunkReader,
    split: Splitter,
}

impl Lines {
    pub fn new(reader: ChunkReader) -> Self {
        Self {
            reader,
            split: Splitter::default(),
        }
    }
}

impl AsyncIter for Lines {
    type Item = Vec<u8>;

    async fn next(&mut self) -> Option<Vec<u8>> {
        let mut line = Vec::new();
        loop {
            if self.split.next_line(&mut line) {
                return Some(line);
            }
            self.split.push(self.reader.read_chunk().await?);
        }
    }
}

pub struct Batches {
    file: BatchFile,
    decoder: Decoder,
    raw: VecDeque<u32>,
}

impl Batches {
    pub fn new(file: BatchFile, decoder: Decoder) -> Self {
        Self {
            file,
            decoder,
            raw: VecDeque::new(),
        }
    }
}

impl AsyncIter for Batches {
    type Item = Item;

    async fn next(&mut self) -> Option<Item> {
        while self.raw.is_empty() {
            self.raw.extend(self.file.read_batch().await?);
        }
        let raw = self.raw.pop_front()?;
        Some(self.decoder.decode(raw).await)
    }
}

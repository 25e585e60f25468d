//! `async fn next` written carefully: the partial line lives in `self`, and a raw item
//! leaves the queue only after its decode finished. Cancelling a `next()` future may repeat
//! a decode but loses nothing. The cost: the writer has to know to do this.

use std::collections::VecDeque;

use futures::future::LocalBoxFuture;
use lab_workloads::{BatchFile, ChunkReader, Decoder, Item, Splitter};

use super::{
    AsyncIter, AsyncSource, BatchInput, Design, DesignInfo, IterDesign, LineSplitter, NextSource,
    Sizes, async_sizes, empty_reader,
};

pub struct AsyncNextCareful;

impl Design for AsyncNextCareful {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "async-next-careful",
            krate: "lab",
            construct: "async fn next",
            summary: "async fn next with all state kept in self",
        }
    }
}

impl IterDesign for AsyncNextCareful {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(AsyncSource(Batches::new(file, decoder)))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for AsyncNextCareful {
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
    line: Vec<u8>,
}

impl Lines {
    pub fn new(reader: ChunkReader) -> Self {
        Self {
            reader,
            split: Splitter::default(),
            line: Vec::new(),
        }
    }
}

impl AsyncIter for Lines {
    type Item = Vec<u8>;

    async fn next(&mut self) -> Option<Vec<u8>> {
        loop {
            if self.split.next_line(&mut self.line) {
                return Some(std::mem::take(&mut self.line));
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
        let raw = *self.raw.front()?;
        let item = self.decoder.decode(raw).await;
        self.raw.pop_front();
        Some(item)
    }
}

//! `Stream::poll_next` written by hand: every bit of state — bytes read but not yet split,
//! the partial line, the batch, the decode in progress — lives in the pinned stream, so a
//! dropped `next()` future (a mere `&mut` to the stream) takes nothing with it.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::future::LocalBoxFuture;
use lab_workloads::{BatchFile, ChunkReader, Decoder, Decoding, Item, Splitter};

use super::{
    BatchInput, Design, DesignInfo, IterDesign, LineSplitter, NextSource, Sizes, StreamSource,
    empty_reader, stream_sizes,
};

pub struct PollNext;

impl Design for PollNext {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "poll-next",
            krate: "futures",
            construct: "poll_next",
            summary: "Stream::poll_next by hand, all state in the stream",
        }
    }
}

impl IterDesign for PollNext {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(StreamSource(Batches::new(file, decoder)))
    }

    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        Some(self)
    }
}

impl LineSplitter for PollNext {
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>> {
        Box::new(StreamSource(Lines::new(reader)))
    }

    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize> {
        super::drain_line_stream(Lines::new(reader))
    }

    fn sizes(&self) -> Sizes {
        stream_sizes(Lines::new(empty_reader()))
    }
}

/// Splits the reader's bytes at `\n`.
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

impl Stream for Lines {
    type Item = Vec<u8>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        let this = &mut *self;
        loop {
            if this.split.next_line(&mut this.line) {
                return Poll::Ready(Some(std::mem::take(&mut this.line)));
            }
            match ready!(this.reader.poll_chunk(cx)) {
                Some(chunk) => this.split.push(chunk),
                None => return Poll::Ready(None),
            }
        }
    }
}

/// Reads a batch, then decodes and yields its items one at a time.
pub struct Batches {
    file: BatchFile,
    decoder: Decoder,
    raw: VecDeque<u32>,
    decoding: Option<Decoding>,
}

impl Batches {
    pub fn new(file: BatchFile, decoder: Decoder) -> Self {
        Self {
            file,
            decoder,
            raw: VecDeque::new(),
            decoding: None,
        }
    }
}

impl Stream for Batches {
    type Item = Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        let this = &mut *self;
        loop {
            if let Some(decoding) = &mut this.decoding {
                let item = ready!(decoding.poll(cx));
                this.decoding = None;
                return Poll::Ready(Some(item));
            }
            if let Some(raw) = this.raw.pop_front() {
                this.decoding = Some(this.decoder.start(raw));
                continue;
            }
            match ready!(this.file.poll_batch(cx)) {
                Some(batch) => this.raw.extend(batch),
                None => return Poll::Ready(None),
            }
        }
    }
}

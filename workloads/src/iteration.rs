//! Sources for the iterator-interface question (seed 001): a reader that delivers byte
//! chunks at scripted ticks (for a line splitter), and a batch file whose items need an
//! asynchronous decode step (for a batch reader). Both advance only when a read completes,
//! so they are cancel-safe themselves: whatever an iterator loses, it loses on its own.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use lab_executor::{Clock, Sleep, Tick, yield_now};
use serde::{Deserialize, Serialize};

use crate::{Batch, Item};

/// Text cut into chunks that arrive at scripted ticks. The text always ends with `\n`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinesScript {
    pub chunks: Vec<(Tick, Vec<u8>)>,
}

impl LinesScript {
    /// `lines` lines of 15 letters each, cut into `chunk`-byte chunks that are all available
    /// at tick 0: the measurement workload (no waiting, so only the splitting is measured).
    pub fn letters(lines: usize, chunk: usize) -> Self {
        let text: Vec<u8> = (0..lines)
            .flat_map(|i| {
                (0..15)
                    .map(move |j| b'a' + ((i + j) % 26) as u8)
                    .chain([b'\n'])
            })
            .collect();
        Self {
            chunks: text.chunks(chunk).map(|c| (0, c.to_vec())).collect(),
        }
    }

    /// Every line of the text, without its `\n`.
    pub fn expected(&self) -> Vec<Vec<u8>> {
        let text: Vec<u8> = self
            .chunks
            .iter()
            .flat_map(|c| c.1.iter().copied())
            .collect();
        let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
        lines.pop(); // after the final '\n'
        lines
    }
}

impl fmt::Display for LinesScript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chunks:")?;
        for (t, bytes) in &self.chunks {
            write!(f, " {:?}@t={t}", String::from_utf8_lossy(bytes))?;
        }
        Ok(())
    }
}

/// Reads the chunks of a [`LinesScript`].
pub struct ChunkReader {
    clock: Clock,
    chunks: VecDeque<(Tick, Vec<u8>)>,
    sleep: Option<Sleep>,
}

impl ChunkReader {
    pub fn new(clock: Clock, script: &LinesScript) -> Self {
        Self {
            clock,
            chunks: script.chunks.iter().cloned().collect(),
            sleep: None,
        }
    }

    /// The next chunk once it has arrived; `None` at end of input.
    pub fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        let Some(&(at, _)) = self.chunks.front() else {
            return Poll::Ready(None);
        };
        if self.clock.now() < at {
            let sleep = self.sleep.get_or_insert_with(|| self.clock.sleep_until(at));
            ready!(Pin::new(sleep).poll(cx));
        }
        self.sleep = None;
        Poll::Ready(self.chunks.pop_front().map(|c| c.1))
    }

    pub async fn read_chunk(&mut self) -> Option<Vec<u8>> {
        std::future::poll_fn(|cx| self.poll_chunk(cx)).await
    }
}

/// Batches that become readable at scripted ticks; each item takes `decode_ticks` to decode
/// (0: the decode only yields once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchScript {
    pub batches: Vec<Batch>,
    pub decode_ticks: Tick,
}

impl BatchScript {
    /// The items of `sources` files that each follow this script.
    pub fn expected(&self, sources: u16) -> Vec<Item> {
        let n: u32 = self.batches.iter().map(|b| b.len).sum();
        (0..sources)
            .flat_map(|s| (0..n).map(move |i| Item::new(s, i)))
            .collect()
    }

    /// `sources` files following this script, each with its decoder.
    pub fn open(&self, clock: &Clock, sources: u16) -> Vec<(BatchFile, Decoder)> {
        (0..sources)
            .map(|s| {
                let file = BatchFile::new(s, clock.clone(), self);
                let decoder = file.decoder(self.decode_ticks);
                (file, decoder)
            })
            .collect()
    }
}

impl fmt::Display for BatchScript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "batches:")?;
        let mut first = 0;
        for b in &self.batches {
            write!(f, " [t={}: {} item(s) from s0#{first}]", b.at, b.len)?;
            first += b.len;
        }
        match self.decode_ticks {
            0 => write!(f, "; each decode yields once"),
            n => write!(f, "; each decode takes {n} tick(s)"),
        }
    }
}

/// Reads the raw batches of a [`BatchScript`]; the file moves on as soon as a batch is read.
pub struct BatchFile {
    source: u16,
    clock: Clock,
    batches: VecDeque<Batch>,
    next_item: u32,
    sleep: Option<Sleep>,
}

impl BatchFile {
    /// Items are numbered as source `source`.
    pub fn new(source: u16, clock: Clock, script: &BatchScript) -> Self {
        Self {
            source,
            clock,
            batches: script.batches.iter().copied().collect(),
            next_item: 0,
            sleep: None,
        }
    }

    /// The decoder for this file's items.
    pub fn decoder(&self, decode_ticks: Tick) -> Decoder {
        Decoder {
            source: self.source,
            clock: self.clock.clone(),
            ticks: decode_ticks,
        }
    }

    pub fn poll_batch(&mut self, cx: &mut Context<'_>) -> Poll<Option<Vec<u32>>> {
        let Some(&batch) = self.batches.front() else {
            return Poll::Ready(None);
        };
        if self.clock.now() < batch.at {
            let sleep = self
                .sleep
                .get_or_insert_with(|| self.clock.sleep_until(batch.at));
            ready!(Pin::new(sleep).poll(cx));
        }
        self.sleep = None;
        self.batches.pop_front();
        let first = self.next_item;
        self.next_item += batch.len;
        Poll::Ready(Some((first..first + batch.len).collect()))
    }

    pub async fn read_batch(&mut self) -> Option<Vec<u32>> {
        std::future::poll_fn(|cx| self.poll_batch(cx)).await
    }
}

/// Decodes raw items; each decode takes virtual time.
#[derive(Clone)]
pub struct Decoder {
    source: u16,
    clock: Clock,
    ticks: Tick,
}

impl Decoder {
    pub async fn decode(&self, raw: u32) -> Item {
        match self.ticks {
            0 => yield_now().await,
            n => self.clock.sleep(n).await,
        }
        Item::new(self.source, raw)
    }

    /// A decode as a stored timer, for hand-written state machines: poll it with
    /// [`Decoding::poll`] until it yields the item.
    pub fn start(&self, raw: u32) -> Decoding {
        Decoding {
            item: Item::new(self.source, raw),
            sleep: self.clock.sleep(self.ticks),
            yielded: self.ticks > 0,
        }
    }
}

/// An in-progress decode that lives in the caller's state (no future to store).
pub struct Decoding {
    item: Item,
    sleep: Sleep,
    yielded: bool,
}

impl Decoding {
    pub fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Item> {
        if !self.yielded {
            // Same cost as `yield_now`: one trip through the scheduler.
            self.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        ready!(Pin::new(&mut self.sleep).poll(cx));
        Poll::Ready(self.item)
    }
}

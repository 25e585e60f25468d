//! The `read_send` pattern (seeds 002 and 003, after Tomaka): read a batch from a "file"
//! (the cursor advances as soon as the batch is read), then send its items one by one
//! with an await between sends. Dropping the future mid-batch loses the rest of the
//! batch, because the file has already moved on. It is raced against a packet source.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::rc::Rc;

use lab_executor::{Clock, Handle, JoinHandle, Probe, ProbeStats, Tick, yield_now};
use serde::{Deserialize, Serialize};

use crate::{Item, Ledger, Source};

/// Source id of the file's items.
pub const FILE: u16 = 0;
/// Source id of the packets.
pub const PACKETS: u16 = 1;

/// One batch of the file: readable from tick `at`, holding `len` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub at: Tick,
    pub len: u32,
}

/// Everything that determines one run of the workload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadSendScript {
    /// Batches in file order; `at` is non-decreasing.
    pub batches: Vec<Batch>,
    /// Tick at which each packet arrives; non-decreasing.
    pub packets: Vec<Tick>,
    /// Virtual ticks each `send` takes; 0 means it only yields once.
    pub send_ticks: Tick,
    /// The packet stream ends (yields `None`) at this tick, or right after its last packet
    /// if that is later.
    #[serde(default)]
    pub packets_end: Tick,
}

impl ReadSendScript {
    /// Every item the script produces: the file's, then the packets'.
    pub fn expected(&self) -> Vec<Item> {
        let file_items: u32 = self.batches.iter().map(|b| b.len).sum();
        (0..file_items)
            .map(|i| Item::new(FILE, i))
            .chain((0..self.packets.len() as u32).map(|i| Item::new(PACKETS, i)))
            .collect()
    }
}

impl fmt::Display for ReadSendScript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = 0;
        write!(f, "file batches:")?;
        if self.batches.is_empty() {
            write!(f, " (none)")?;
        }
        for b in &self.batches {
            let items: Vec<String> = (first..first + b.len)
                .map(|i| Item::new(FILE, i).to_string())
                .collect();
            write!(f, " [t={}: {}]", b.at, items.join(" "))?;
            first += b.len;
        }
        write!(f, "; packets:")?;
        if self.packets.is_empty() {
            write!(f, " (none)")?;
        }
        for (i, t) in self.packets.iter().enumerate() {
            write!(f, " {}@t={t}", Item::new(PACKETS, i as u32))?;
        }
        if self
            .packets
            .last()
            .is_none_or(|&last| self.packets_end > last)
        {
            write!(f, "; packet stream ends at t={}", self.packets_end)?;
        }
        match self.send_ticks {
            0 => write!(f, "; each send yields once"),
            n => write!(f, "; each send takes {n} tick(s)"),
        }
    }
}

/// The file: batches become readable at their tick; reading advances the cursor.
#[derive(Clone)]
pub struct File {
    clock: Clock,
    batches: Rc<[Batch]>,
    cursor: Rc<Cell<usize>>,
}

impl File {
    /// Waits for the next batch and returns its items, or `None` at end of file.
    pub async fn read_next(&self) -> Option<Vec<Item>> {
        let index = self.cursor.get();
        let batch = *self.batches.get(index)?;
        self.clock.sleep_until(batch.at).await;
        // Only now does the file move on: a future dropped while waiting loses nothing.
        self.cursor.set(index + 1);
        let first: u32 = self.batches[..index].iter().map(|b| b.len).sum();
        Some(
            (first..first + batch.len)
                .map(|i| Item::new(FILE, i))
                .collect(),
        )
    }
}

/// The channel items are sent into; an item counts as delivered when its send completes.
#[derive(Clone)]
pub struct Channel {
    clock: Clock,
    send_ticks: Tick,
    ledger: Ledger,
}

impl Channel {
    pub async fn send(&self, item: Item) {
        match self.send_ticks {
            0 => yield_now().await,
            n => self.clock.sleep(n).await,
        }
        self.ledger.deliver(item);
    }
}

/// `read_send` as people write it: read one batch, then send its items one at a time.
/// Returns false at end of file.
pub async fn read_send(file: &File, channel: &Channel) -> bool {
    let Some(batch) = file.read_next().await else {
        return false;
    };
    for item in batch {
        channel.send(item).await;
    }
    true
}

/// Cheap-to-clone handles a design needs to drive the workload.
#[derive(Clone)]
pub struct ReadSendIo {
    file: File,
    channel: Channel,
    probe: Probe,
    handle: Handle,
}

impl ReadSendIo {
    /// A new `read_send` future (counted by the workload's probe).
    pub fn read_send(&self) -> impl Future<Output = bool> + Unpin + '_ {
        self.probe.wrap(read_send(&self.file, &self.channel))
    }

    /// Hands a received packet to the application.
    pub fn deliver_packet(&self, item: Item) {
        self.channel.ledger.deliver(item);
    }

    /// Spawns a task on the executor the workload runs on (its `spawn_local`): for designs
    /// that hand an operation to a task of its own instead of racing it.
    pub fn spawn<F: Future + 'static>(&self, fut: F) -> JoinHandle<F::Output> {
        self.handle.spawn(fut)
    }
}

/// One instance of the workload, built on an executor's clock.
pub struct ReadSend {
    pub io: ReadSendIo,
    pub packets: Source,
}

/// What a finished run leaves for the check.
pub struct ReadSendRecord {
    ledger: Ledger,
    probe: Probe,
}

impl ReadSendRecord {
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// How many `read_send` futures were created, completed and cancelled.
    pub fn read_send_futures(&self) -> ProbeStats {
        self.probe.stats()
    }
}

impl ReadSend {
    /// The workload with a packet producer spawned as a task of its own: it sends each
    /// packet into a tokio channel at its tick and closes the channel at the stream's end,
    /// so which of it and the design runs first at a tick is the scheduler's choice.
    pub fn with_producer(script: &ReadSendScript, handle: &Handle) -> (Self, ReadSendRecord) {
        let (mut workload, record) = Self::new(script, handle);
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let clock = handle.clock().clone();
        let (ticks, end) = (script.packets.clone(), script.packets_end);
        handle.spawn(async move {
            for (seq, at) in ticks.into_iter().enumerate() {
                clock.sleep_until(at).await;
                // A design that dropped its receiver loses the rest; the audit counts them.
                let _ = tx.send(Item::new(PACKETS, seq as u32));
            }
            clock.sleep_until(end).await;
        });
        workload.packets = Source::fed(PACKETS, script.packets.len() as u32, rx);
        (workload, record)
    }

    pub fn new(script: &ReadSendScript, handle: &Handle) -> (Self, ReadSendRecord) {
        let clock = handle.clock().clone();
        let ledger = Ledger::default();
        let probe = Probe::default();
        let io = ReadSendIo {
            file: File {
                clock: clock.clone(),
                batches: script.batches.clone().into(),
                cursor: Rc::default(),
            },
            channel: Channel {
                clock: clock.clone(),
                send_ticks: script.send_ticks,
                ledger: ledger.clone(),
            },
            probe: probe.clone(),
            handle: handle.clone(),
        };
        let packets =
            Source::scripted_until(PACKETS, clock, script.packets.clone(), script.packets_end);
        (Self { io, packets }, ReadSendRecord { ledger, probe })
    }
}

//! Scripted workloads: sources whose items become ready at scripted virtual ticks, the
//! `read_send` pattern of seeds 002/003, and the ground truth (a [`Ledger`]) that lets a
//! check count lost, duplicated and reordered items exactly. The iteration sources serve
//! the iterator-interface question; the work items the iteration-strategy question; the fetches (with named
//! semaphore permits) seed 003's starvation question.

pub mod bench;
mod contention;
mod fetch;
mod item;
mod iteration;
mod ledger;
mod permits;
mod read_send;
mod resource;
mod source;
mod split;
mod work;

pub use contention::{Contention, HOLDER_TICKS, Make, TIMER_TICKS};
pub use fetch::{BODY_TICKS, Body, Fetch, Fetches, HOLD_TICKS, LocalFuture};
pub use item::Item;
pub use iteration::{BatchFile, BatchScript, ChunkReader, Decoder, Decoding, LinesScript};
pub use ledger::{Audit, Ledger};
pub use permits::{Held, PermitPicture, Permits};
pub use read_send::{Batch, FILE, PACKETS, ReadSend, ReadSendIo, ReadSendRecord, ReadSendScript};
pub use resource::{
    AlreadyOpen, CLOSE_TICKS, CloseFailed, Db, OPEN_TICKS, Resource, ResourceLedger,
};
pub use source::Source;
pub use split::Splitter;
pub use work::{ItemState, Work, WorkIo, WorkItem, WorkRecord, WorkSource, WorkTally};

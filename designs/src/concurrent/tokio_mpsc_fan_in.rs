//! Fan-in through tokio's bounded `mpsc`: a task per source forwards its items into one
//! channel, and the application loop receives from it.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::{ReadSend, Source};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::read_send_merge::{Msg, consume, spawn_forwarders};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

/// Capacity of the channel: a forwarder waits for room once this many items are queued.
pub const CAPACITY: usize = 8;

pub struct TokioMpscFanIn;

impl Design for TokioMpscFanIn {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-mpsc-fan-in",
            krate: "tokio",
            construct: "spawn(forward(s, tx.clone())); ReceiverStream::new(rx)",
            summary: "a task per source forwarding into one bounded tokio mpsc channel (capacity 8)",
        }
    }
}

impl ConcurrentDesign for TokioMpscFanIn {
    fn declares(&self) -> Declares {
        Declares {
            // Each forwarder awaits its own stream's `next()` to the end: `read_send` is never
            // dropped mid-batch.
            expects_loss: false,
            loses_at_stream_end: false,
            polls_after_end: false,
            never_ends: false,
            pick: Pick::TaskOrder,
        }
    }

    /// No drain: it needs the executor's spawn, and the drain's callers (criterion and
    /// callgrind under `block_on`) have none. The drain checks do not run it.
    fn arity(&self) -> Arity {
        Arity::OneOf(&[])
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (tx, rx) = mpsc::channel::<Msg>(CAPACITY);
        let io = spawn_forwarders(w, tx, |tx, m| async move { tx.send(m).await.is_ok() });
        consume(io, ReceiverStream::new(rx)).boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("try_drain refuses every arity: see arity()")
    }
}

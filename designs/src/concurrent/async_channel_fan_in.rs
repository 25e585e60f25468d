//! Fan-in through async-channel's bounded channel (smol's): a task per source forwards its
//! items into one channel, and the application loop receives from it.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{Msg, consume, spawn_forwarders};
use super::tokio_mpsc_fan_in::CAPACITY;
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct AsyncChannelFanIn;

impl Design for AsyncChannelFanIn {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "async-channel-fan-in",
            krate: "async-channel",
            construct: "spawn(forward(s, tx.clone())); rx",
            summary: "a task per source forwarding into one bounded async-channel (capacity 8)",
        }
    }
}

impl ConcurrentDesign for AsyncChannelFanIn {
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
        let (tx, rx) = async_channel::bounded::<Msg>(CAPACITY);
        let io = spawn_forwarders(w, tx, |tx, m| async move { tx.send(m).await.is_ok() });
        consume(io, rx).boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("try_drain refuses every arity: see arity()")
    }
}

//! Fan-in through async-channel's bounded channel (smol's): a task per source forwards its
//! items into one channel, and the application loop receives from it.

use futures::StreamExt;
use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{Msg, batches, consume, packets};
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
        let (io, packets) = packets(w);
        let (tx, rx) = async_channel::bounded::<Msg>(CAPACITY);
        let forward = |s: futures::stream::LocalBoxStream<'static, Msg>,
                       tx: async_channel::Sender<Msg>| async move {
            let mut s = s;
            while let Some(m) = s.next().await {
                if tx.send(m).await.is_err() {
                    break;
                }
            }
        };
        io.spawn(forward(batches(io.clone()).boxed_local(), tx.clone()));
        io.spawn(forward(packets.boxed_local(), tx));
        consume(io, rx).boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("try_drain refuses every arity: see arity()")
    }
}

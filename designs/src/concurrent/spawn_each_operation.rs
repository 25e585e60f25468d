//! Seed 002's author's own remedy: "spawn each individual operation on a separate task and
//! await them". The `read_send` loop and the packet loop each run as a task of their own
//! (the lab executor's `spawn_local`, standing in for a runtime's), and the design awaits
//! both handles. Nothing races, so nothing is dropped mid-batch; the scheduler decides which
//! task runs first whenever both are ready, so the schedules check has real choices here.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::{ReadSend, Source};

use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct SpawnEachOperation;

impl Design for SpawnEachOperation {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "reference-spawn-each-operation",
            krate: "lab",
            construct: "spawn_local per operation, then await both (lab executor)",
            summary: "the read_send loop and the packet loop each spawned as a task, both awaited",
        }
    }
}

impl ConcurrentDesign for SpawnEachOperation {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // no drain (the poll-after-end check drains).
            polls_after_end: false,
            never_ends: false,
            // A task per source would be served in wake order, as `FuturesUnordered` serves
            // its futures (the drain is not written, below). Not random: no RNG of its own,
            // so the schedules check's exhaustive search runs it.
            pick: Pick::RoundRobin,
        }
    }

    /// No drain: it needs the executor's spawn, and the drain's callers (criterion and
    /// callgrind under `block_on`) have none. The drain checks do not run it.
    fn arity(&self) -> Arity {
        Arity::OneOf(&[])
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        async move {
            let ReadSend { io, mut packets } = w;
            let file = io.spawn({
                let io = io.clone();
                async move { while io.read_send().await {} }
            });
            let packets = io.spawn({
                let io = io.clone();
                async move {
                    while let Some(p) = packets.next().await {
                        io.deliver_packet(p);
                    }
                }
            });
            file.await;
            packets.await;
        }
        .boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("try_drain refuses every arity: see arity()")
    }
}

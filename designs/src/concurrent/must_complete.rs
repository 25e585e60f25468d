//! The must-complete remedy (the `completion` crate's idea, as the lab's reference
//! `lab_reference::must_complete`): the loop creates a `read_send` future every turn, as
//! the lossy `select!` does, but races it with `race_completing`, which never drops it
//! mid-batch: when a packet wins, the batch is sent to its end before the packet is
//! delivered. Nothing is lost; packets wait while a batch finishes. (A must-complete future
//! dropped mid-way is counted by `lab_reference::must_complete::dropped_incomplete`, which
//! only its unit test reads.)

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_reference::must_complete::{Raced, race_completing};
use lab_workloads::{ReadSend, Source};

use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct MustCompleteRace;

impl Design for MustCompleteRace {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "reference-must-complete",
            krate: "lab",
            construct: "race_completing(MustComplete(read_send()), packets.next()) in a loop",
            summary: "a new read_send each turn, raced by a select that runs it to completion when a packet wins",
        }
    }
}

impl ConcurrentDesign for MustCompleteRace {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // Once the packets end, only read_send is awaited.
            polls_after_end: false,
            never_ends: false,
            // read_send is polled first on every turn.
            pick: Pick::Biased,
        }
    }

    /// A race design only: its race is written for one stateful future against one
    /// stream, so the drain checks do not run it.
    fn arity(&self) -> Arity {
        Arity::OneOf(&[])
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        async move {
            let ReadSend { io, mut packets } = w;
            let (mut file_done, mut packets_done) = (false, false);
            while !(file_done && packets_done) {
                if packets_done {
                    file_done = !io.read_send().await;
                    continue;
                }
                if file_done {
                    match packets.next().await {
                        Some(p) => io.deliver_packet(p),
                        None => packets_done = true,
                    }
                    continue;
                }
                match race_completing(io.read_send(), packets.next()).await {
                    Raced::First(more) => file_done = !more,
                    Raced::Second(packet, more) => {
                        match packet {
                            Some(p) => io.deliver_packet(p),
                            None => packets_done = true,
                        }
                        file_done = !more;
                    }
                }
            }
        }
        .boxed_local()
    }

    fn drain(&self, _: Vec<Source>, _: Sink) -> LocalBoxFuture<'static, ()> {
        unreachable!("try_drain refuses every arity: see arity()")
    }
}

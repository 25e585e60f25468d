//! `futures::select!` with the `read_send` future hoisted out of the loop and re-created
//! only once it completes: the fix seed 002 shows. Nothing is dropped mid-batch.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesSelectHoisted;

impl Design for FuturesSelectHoisted {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-select-hoisted",
            krate: "futures",
            construct: "futures::select!",
            summary: "select! loop with the read_send future hoisted out of the loop",
        }
    }
}

impl ConcurrentDesign for FuturesSelectHoisted {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // futures' `select!` skips a branch whose future `is_terminated` (the source is a `FusedStream`).
            polls_after_end: false,
            never_ends: false,
            // futures' `select!` shuffles its arms on every turn (futures-util `async_await::random::shuffle`).
            pick: Pick::Random,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        async move {
            let ReadSend { io, mut packets } = w;
            let mut read_send = std::pin::pin!(io.read_send().fuse());
            loop {
                futures::select! {
                    more = read_send => if more {
                        // Only a finished future is replaced.
                        read_send.set(io.read_send().fuse());
                    },
                    packet = packets.next() => if let Some(p) = packet { io.deliver_packet(p) },
                    complete => break,
                }
            }
        }
        .boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, futures_select_drain!(select, sink))
    }
}

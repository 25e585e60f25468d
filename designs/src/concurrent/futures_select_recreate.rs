//! `futures::select!` in a loop that creates a new `read_send` future every turn: the
//! pattern of Tomaka's post (seeds 002, 003). When the packet arm wins, the half-sent
//! batch is dropped with its future.

use futures::future::{Fuse, FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesSelectRecreate;

impl Design for FuturesSelectRecreate {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-select-recreate",
            krate: "futures",
            construct: "futures::select!",
            summary: "select! loop that re-creates the read_send future on every turn",
        }
    }
}

impl ConcurrentDesign for FuturesSelectRecreate {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: true,
            // `packet = packets.next()` completes the `select!` with `None` once the stream ends,
            // and the turn's `read_send` future is dropped with it.
            loses_at_stream_end: true,
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
        futures_select_race!(select, w)
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, futures_select_drain!(select, sink))
    }
}

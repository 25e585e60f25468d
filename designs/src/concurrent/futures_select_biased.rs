//! `futures::select_biased!` in a loop, re-creating `read_send` each turn: arms are polled
//! in order instead of at random, which changes fairness but not the data loss.

use futures::future::{Fuse, FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesSelectBiased;

impl Design for FuturesSelectBiased {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-select-biased",
            krate: "futures",
            construct: "futures::select_biased!",
            summary: "select_biased! loop that re-creates the read_send future on every turn",
        }
    }
}

impl ConcurrentDesign for FuturesSelectBiased {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: true,
            // `packet = packets.next()` completes the `select!` with `None` once the stream ends,
            // and the turn's `read_send` future is dropped with it.
            loses_at_stream_end: true,
            // futures' `select_biased!` skips a branch whose future `is_terminated` (the source is a `FusedStream`).
            polls_after_end: false,
            never_ends: false,
            // `select_biased!` polls its arms in written order.
            pick: Pick::Biased,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        futures_select_race!(select_biased, w)
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, futures_select_drain!(select_biased, sink))
    }
}

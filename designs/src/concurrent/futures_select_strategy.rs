//! futures' `stream::select_with_strategy` with the strategy its docs give for priority
//! (always try the left stream first), chained for more than two sources.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{PollNext, Stream, select_with_strategy};
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::read_send_merge::{batches, consume, packets};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesSelectStrategy;

impl Design for FuturesSelectStrategy {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-select-strategy-left",
            krate: "futures",
            construct: "select_with_strategy(a, b, |_| PollNext::Left)",
            summary: "two-way select_with_strategy preferring the left stream, chained pairwise",
        }
    }
}

/// The priority strategy of futures' docs: the left stream is always polled first.
fn left(_: &mut ()) -> PollNext {
    PollNext::Left
}

/// Two streams merged with [`left`] priority.
fn prefer_left<T>(a: impl Stream<Item = T>, b: impl Stream<Item = T>) -> impl Stream<Item = T> {
    select_with_strategy(a, b, left)
}

impl ConcurrentDesign for FuturesSelectStrategy {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // `SelectWithStrategy` records which side finished and polls only the live one.
            polls_after_end: false,
            never_ends: false,
            // The strategy answers `Left` every time; chained left-nested, source 0 is tried
            // first, then 1, and so on.
            pick: Pick::Biased,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, packets) = packets(w);
        consume(io.clone(), prefer_left(batches(io), packets)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, strategy_chain!(sink))
    }
}

macro_rules! strategy_chain {
    (($sink:ident); $($s:ident),+) => {
        super::drain_merged(chain!(prefer_left; $($s),+), $sink)
    };
}
use strategy_chain;

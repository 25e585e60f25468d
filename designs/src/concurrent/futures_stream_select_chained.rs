//! futures' `stream::select` (round-robin between two streams), chained pairwise for more
//! than two sources: `select(select(a, b), c)`.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;

use super::read_send_merge::{batches, consume, packets};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct FuturesStreamSelectChained;

impl Design for FuturesStreamSelectChained {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-stream-select-chained",
            krate: "futures",
            construct: "futures::stream::select(a, b)",
            summary: "two-way stream::select chained pairwise: select(select(a, b), c)...",
        }
    }
}

impl ConcurrentDesign for FuturesStreamSelectChained {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // `SelectWithStrategy` keeps a `LeftFinished`/`RightFinished` state and polls only the live side.
            polls_after_end: false,
            never_ends: false,
            // futures' `stream::select` uses `PollNext::toggle`, starting with the left stream.
            pick: Pick::ChainAlternating,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, packets) = packets(w);
        consume(io.clone(), futures::stream::select(batches(io), packets)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, select_chain!(sink))
    }
}

macro_rules! select_chain {
    (($sink:ident); $($s:ident),+) => {
        super::drain_merged(chain!(futures::stream::select; $($s),+), $sink)
    };
}
use select_chain;

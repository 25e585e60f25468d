//! `tokio::select!` in a loop, written the way tokio's docs show: branch futures are
//! created on every turn, disabled with `if` preconditions once exhausted. tokio documents
//! that only cancel-safe futures belong in such a loop; `read_send` is not one.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct TokioSelect;

impl Design for TokioSelect {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-select",
            krate: "tokio",
            construct: "tokio::select!",
            summary: "tokio::select! loop (random branch order) re-creating read_send every turn",
        }
    }
}

impl ConcurrentDesign for TokioSelect {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: true,
            loses_at_stream_end: false,
            // `tokio::select!` resets its disabled branches each time it is entered and never asks
            // whether a branch has finished (macros/select.rs): a finished source's `next()` may
            // be polled again, its `Some(_)` pattern failing, on any turn until a branch is ready.
            polls_after_end: true,
            never_ends: false,
            // tokio's `select!` starts at `thread_rng_n(BRANCHES)` and goes round from there (tokio
            // `macros/select.rs`); an exhausted stream's branch fails its `Some(..)` pattern and
            // passes to the next.
            pick: Pick::RandomStart,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        tokio_select_race!(; w)
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, tokio_select_drain!(; sink))
    }
}

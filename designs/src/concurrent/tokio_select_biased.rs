//! `tokio::select!` with `biased;`: branches are polled top to bottom every turn. Same
//! re-creation of `read_send` as [`super::tokio_select`].

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::{ReadSend, Source};

use super::arity::FIXED;
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct TokioSelectBiased;

impl Design for TokioSelectBiased {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-select-biased",
            krate: "tokio",
            construct: "tokio::select! { biased; .. }",
            summary: "tokio::select! loop with biased; re-creating read_send every turn",
        }
    }
}

impl ConcurrentDesign for TokioSelectBiased {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: true,
            loses_at_stream_end: false,
            // `tokio::select!` resets its disabled branches each time it is entered and never asks
            // whether a branch has finished (macros/select.rs): a finished source's `next()` is
            // polled again, its `Some(_)` pattern failing, on every turn.
            polls_after_end: true,
            never_ends: false,
            // With `biased;` tokio's `select!` polls branches top to bottom.
            pick: Pick::Biased,
        }
    }

    fn arity(&self) -> Arity {
        Arity::OneOf(FIXED)
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        tokio_select_race!(biased; w)
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        with_sources!(sources, FIXED, tokio_select_drain!(biased; sink))
    }
}

//! futures' `select_all`: the first output (and the rest, which the design drops).

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    FuturesSelectAll,
    "futures-select-all-race",
    "futures",
    "future::select_all",
    "the first output",
    Mode::Race,
    // `SelectAll::poll`: `iter_mut().enumerate().find_map(..)`, in index order.
    Some(ReadyPick::InOrder),
    |ops, _| async move {
        let (first, _, _rest) = futures::future::select_all(ops).await;
        ModeOutput::First(first)
    }
);

//! futures' `select_ok`: the first success, or the last error when all fail.

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    FuturesSelectOk,
    "futures-select-ok",
    "futures",
    "future::select_ok",
    "the first success, or an error",
    Mode::RaceOk,
    // `SelectOk::poll`: `iter_mut().enumerate().find_map(..)`, in index order.
    Some(ReadyPick::InOrder),
    |ops, _| async move {
        ModeOutput::FirstOk(
            futures::future::select_ok(ops)
                .await
                .map(|(v, _rest)| v)
                .map_err(|e| vec![e]),
        )
    }
);

//! futures-concurrency's `RaceOk` on a `Vec`: the first success, or every error
//! (`AggregateError`) when all fail.

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    FcRaceOk,
    "fc-race-ok",
    "futures-concurrency",
    "Vec::race_ok",
    "the first success, or all errors",
    Mode::RaceOk,
    // `RaceOk` for `Vec` polls every element in index order and returns the first `Ok`.
    Some(ReadyPick::InOrder),
    |ops, _| async move {
        use futures_concurrency::prelude::*;
        ModeOutput::FirstOk(Vec::from(ops).race_ok().await.map_err(|e| e.to_vec()))
    }
);

//! futures-concurrency's `RaceOk` on a `Vec`: the first success, or every error
//! (`AggregateError`) when all fail.

use super::{Mode, ModeOutput};

mode_design!(
    FcRaceOk,
    "fc-race-ok",
    "futures-concurrency",
    "Vec::race_ok",
    "the first success, or all errors",
    Mode::RaceOk,
    |ops, _| async move {
        use futures_concurrency::prelude::*;
        ModeOutput::FirstOk(Vec::from(ops).race_ok().await.map_err(|e| e.to_vec()))
    }
);

//! futures-concurrency's `Race` on a `Vec`: the first output.

use super::{Mode, ModeOutput};

mode_design!(
    FcRace,
    "fc-race",
    "futures-concurrency",
    "Vec::race",
    "the first output",
    Mode::Race,
    |ops, _| async move {
        use futures_concurrency::prelude::*;
        ModeOutput::First(Vec::from(ops).race().await)
    }
);

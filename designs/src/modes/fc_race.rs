//! futures-concurrency's `Race` on a `Vec`: the first output.

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    FcRace,
    "fc-race",
    "futures-concurrency",
    "Vec::race",
    "the first output",
    Mode::Race,
    // `Race` for `Vec` polls from a `DynIndexer` whose offset starts at 0 and advances on
    // every poll.
    Some(ReadyPick::Rotating),
    |ops, _| async move {
        use futures_concurrency::prelude::*;
        ModeOutput::First(Vec::from(ops).race().await)
    }
);

//! tokio's `select!` over the three operations: the first output (branches in random
//! order; the others are dropped).

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    TokioSelect,
    "tokio-select-race",
    "tokio",
    "tokio::select!",
    "the first output",
    Mode::Race,
    // `select!` without `biased;` starts at `thread_rng_n(BRANCHES)` on every poll.
    Some(ReadyPick::Random),
    |[a, b, c], _| async move {
        ModeOutput::First(tokio::select! {
            r = a => r,
            r = b => r,
            r = c => r,
        })
    }
);

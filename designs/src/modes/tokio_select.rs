//! tokio's `select!` over the three operations: the first output (branches in random
//! order; the others are dropped).

use super::{Mode, ModeOutput};

mode_design!(
    TokioSelect,
    "tokio-select-race",
    "tokio",
    "tokio::select!",
    "the first output",
    Mode::Race,
    |[a, b, c], _| async move {
        ModeOutput::First(tokio::select! {
            r = a => r,
            r = b => r,
            r = c => r,
        })
    }
);

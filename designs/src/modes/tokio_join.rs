//! tokio's `join!`: waits for every output.

use super::{Mode, ModeOutput};

mode_design!(
    TokioJoin,
    "tokio-join",
    "tokio",
    "tokio::join!",
    "every output, in order",
    Mode::Join,
    None,
    |[a, b, c], _| async move {
        let (a, b, c) = tokio::join!(a, b, c);
        ModeOutput::All(vec![a, b, c])
    }
);

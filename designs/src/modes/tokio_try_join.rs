//! tokio's `try_join!`: every value, or the first error.

use super::{Mode, ModeOutput};

mode_design!(
    TokioTryJoin,
    "tokio-try-join",
    "tokio",
    "tokio::try_join!",
    "every value, or the first error",
    Mode::TryJoin,
    None,
    |[a, b, c], _| async move {
        ModeOutput::TryAll(tokio::try_join!(a, b, c).map(|(a, b, c)| vec![a, b, c]))
    }
);

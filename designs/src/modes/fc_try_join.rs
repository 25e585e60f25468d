//! futures-concurrency's `TryJoin` on a `Vec`: every value, or the first error.

use super::{Mode, ModeOutput};

mode_design!(
    FcTryJoin,
    "fc-try-join",
    "futures-concurrency",
    "Vec::try_join",
    "every value, or the first error",
    Mode::TryJoin,
    None,
    |ops, _| async move {
        use futures_concurrency::prelude::*;
        ModeOutput::TryAll(Vec::from(ops).try_join().await)
    }
);

//! futures-concurrency's `Join` on a `Vec`: waits for every output.

use super::{Mode, ModeOutput};

mode_design!(
    FcJoin,
    "fc-join",
    "futures-concurrency",
    "Vec::join",
    "every output, in order",
    Mode::Join,
    None,
    |ops, _| async move {
        use futures_concurrency::prelude::*;
        ModeOutput::All(Vec::from(ops).join().await)
    }
);

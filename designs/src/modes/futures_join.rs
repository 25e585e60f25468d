//! futures' `join!`: waits for every output.

use super::{Mode, ModeOutput};

mode_design!(
    FuturesJoin,
    "futures-join",
    "futures",
    "futures::join!",
    "every output, in order",
    Mode::Join,
    None,
    |[a, b, c], _| async move {
        let (a, b, c) = futures::join!(a, b, c);
        ModeOutput::All(vec![a, b, c])
    }
);

//! futures' `FuturesUnordered`: each output as it comes.

use super::{Mode, ModeOutput};

mode_design!(
    FuturesUnordered,
    "futures-unordered",
    "futures",
    "FuturesUnordered",
    "each output as it completes",
    Mode::Merge,
    None,
    |ops, clock| async move {
        use futures::StreamExt;
        let mut set: futures::stream::FuturesUnordered<_> = ops.into_iter().collect();
        let mut out = Vec::new();
        while let Some(r) = set.next().await {
            out.push((clock.now(), r));
        }
        ModeOutput::Each(out)
    }
);

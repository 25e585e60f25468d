//! futures-concurrency's `Merge` keeping only the last output (seed 002's "merge +
//! last").

use super::{Mode, ModeOutput};

mode_design!(
    FcMergeLast,
    "fc-merge-last",
    "futures-concurrency",
    "Vec<Stream>::merge, last",
    "the last output of a merge",
    Mode::MergeLast,
    None,
    |ops, _| async move {
        use futures::StreamExt;
        use futures_concurrency::prelude::*;
        let streams: Vec<_> = Vec::from(ops)
            .into_iter()
            .map(|op| op.into_stream())
            .collect();
        let last = streams
            .merge()
            .fold(None, |_, r| async move { Some(r) })
            .await;
        ModeOutput::Last(last)
    }
);

//! futures-concurrency's `Merge` over the operations as one-item streams: each output as
//! it comes.

use super::{Mode, ModeOutput};

mode_design!(
    FcMerge,
    "fc-merge",
    "futures-concurrency",
    "Vec<Stream>::merge",
    "each output as it completes",
    Mode::Merge,
    None,
    |ops, clock| async move {
        use futures::StreamExt;
        use futures_concurrency::prelude::*;
        let streams: Vec<_> = Vec::from(ops)
            .into_iter()
            .map(|op| op.into_stream())
            .collect();
        let mut merged = streams.merge();
        let mut out = Vec::new();
        while let Some(r) = merged.next().await {
            out.push((clock.now(), r));
        }
        ModeOutput::Each(out)
    }
);

//! A known-bad merge: it joins all three and hands the outputs over only at the end. A
//! control for the mode-semantics check.

use super::{Mode, ModeOutput};

mode_design!(
    MergeByJoin,
    "reference-merge-by-join",
    "lab",
    "join, then each output",
    "known-bad reference: a merge that buffers every output until the last",
    Mode::Merge,
    None,
    |[a, b, c], clock| async move {
        let (a, b, c) = futures::join!(a, b, c);
        let now = clock.now();
        ModeOutput::Each(vec![(now, a), (now, b), (now, c)])
    }
);

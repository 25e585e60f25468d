//! A known-bad `try_join`: it joins all three and only then looks for an error, so it
//! never returns early. A control for the mode-semantics check.

use super::{Mode, ModeOutput};

mode_design!(
    TryJoinByJoin,
    "reference-try-join-by-join",
    "lab",
    "join, then the first error",
    "known-bad reference: a try_join that waits for every operation",
    Mode::TryJoin,
    None,
    |[a, b, c], _| async move {
        let all = futures::join!(a, b, c);
        ModeOutput::TryAll(match all {
            (Ok(a), Ok(b), Ok(c)) => Ok(vec![a, b, c]),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
        })
    }
);

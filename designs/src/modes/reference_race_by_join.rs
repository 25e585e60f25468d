//! A known-bad race: it joins all three and returns the first in completion order, so it
//! waits for the slowest. No one ships it; it is here so the semantics check has a design
//! declared `race` that is not one.

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    RaceByJoin,
    "reference-race-by-join",
    "lab",
    "join, then the earliest",
    "known-bad reference: a race that waits for every operation",
    Mode::Race,
    // Not index order: a `FuturesUnordered` polls newly pushed or woken futures in that
    // order, and the lab's clock wakes timers due together in the order they were set, so
    // op 0 comes first here because of the lab executor's FIFO timers.
    Some(ReadyPick::InOrder),
    |ops, clock| async move {
        use futures::StreamExt;
        let mut set: futures::stream::FuturesUnordered<_> = ops.into_iter().collect();
        let mut first = None;
        while let Some(r) = set.next().await {
            first.get_or_insert((clock.now(), r));
        }
        ModeOutput::First(first.expect("three operations").1)
    }
);

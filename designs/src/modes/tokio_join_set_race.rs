//! tokio's `JoinSet` as a race: each operation spawned as a task (`spawn_local`, in a
//! `LocalSet` the design owns), the first output `join_next` returns; dropping the set
//! aborts the other tasks, and dropping the `LocalSet` drops them before the design returns.

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    TokioJoinSetRace,
    "tokio-join-set-race",
    "tokio",
    "JoinSet::spawn_local, first join_next",
    "the first output; the other tasks aborted",
    Mode::Race,
    // A `LocalSet` runs its tasks in the order they were spawned or woken, first in, first
    // out, and the lab's clock wakes timers due together in the order they were set: op 0
    // finishes first when all are ready together (the lab executor's FIFO timers again).
    Some(ReadyPick::InOrder),
    |ops, _| async move {
        tokio::task::LocalSet::new()
            .run_until(async move {
                let mut set = tokio::task::JoinSet::new();
                for op in ops {
                    set.spawn_local(op);
                }
                let first = set.join_next().await.expect("three tasks");
                ModeOutput::First(first.expect("an operation does not panic"))
            })
            .await
    }
);

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
    // Ready at the first poll: tokio's code alone (spawn order in the local queue, tick
    // order, finish order in the JoinSet's notified list). Ready after pending polls: the
    // order the lab's clock wakes the tasks (timers due together, in the order set), which
    // the local queue keeps — not measured with tokio's timer or a waker on another thread.
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

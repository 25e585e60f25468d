//! tokio's `JoinSet`: each operation spawned as a task (`spawn_local`, in a `LocalSet` the
//! design owns, since the operations are `!Send`), each output as `join_next` returns it.

use super::{Mode, ModeOutput};

mode_design!(
    TokioJoinSetMerge,
    "tokio-join-set-merge",
    "tokio",
    "JoinSet::spawn_local, join_next",
    "each output as its task completes",
    Mode::Merge,
    None,
    |ops, clock| async move {
        tokio::task::LocalSet::new()
            .run_until(async move {
                let mut set = tokio::task::JoinSet::new();
                for op in ops {
                    set.spawn_local(op);
                }
                let mut out = Vec::new();
                while let Some(r) = set.join_next().await {
                    out.push((clock.now(), r.expect("an operation does not panic")));
                }
                ModeOutput::Each(out)
            })
            .await
    }
);

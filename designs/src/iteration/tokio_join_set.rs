//! A task per item in a tokio `JoinSet`, bounded (await one whenever `n` are out) or not.
//! Over the lab's work items (`!Send`, on the lab clock) the loop runs inside its own
//! `tokio::task::LocalSet`, polled by the lab executor like any future, and spawns with
//! `JoinSet::spawn_local`. Unlike a dropped `JoinHandle`, a dropped `JoinSet` aborts its
//! tasks (tokio's `impl Drop for JoinSet`: `join_handle.abort()` on each), and the loop's
//! own `LocalSet` drops every task it holds when it goes, before the loop returns: a
//! `break` leaves nothing running (in the break check the aborted bodies had not been
//! polled yet, so they count as discarded). Over CPU-bound bodies the same loop spawns
//! with `JoinSet::spawn` onto the runtime's worker threads, where an aborted body already
//! running on another worker would run on until it yields; that form has no `break`.

use futures::future::{BoxFuture, FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::Work;
use tokio::task::{JoinSet, LocalSet};

use super::{CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak, cpu_body, cpu_items};

/// The bound: `Some(n)` or `None` (unbounded).
pub struct TokioJoinSet(pub Option<u32>);

impl Design for TokioJoinSet {
    fn info(&self) -> DesignInfo {
        let (id, summary) = match self.0 {
            Some(8) => (
                "tokio-join-set-8",
                "a tokio task per item in a JoinSet, at most 8 out",
            ),
            None => (
                "tokio-join-set-unbounded",
                "a tokio task per item in a JoinSet, no bound",
            ),
            Some(_) => unreachable!("the registry lists 8 and unbounded"),
        };
        DesignInfo {
            id,
            krate: "tokio",
            construct: "JoinSet::spawn_local / spawn, join_next",
            summary,
        }
    }
}

impl IterationDesign for TokioJoinSet {
    fn declares(&self) -> Declares {
        Declares {
            limit: self.0,
            on_break: OnBreak::Dropped,
        }
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        self.run_until(w, u32::MAX)
    }

    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        let Work { mut items, io } = w;
        let bound = self.0.map(|n| n as usize);
        async move {
            let local = LocalSet::new();
            local
                .run_until(async move {
                    let mut set = JoinSet::new();
                    while let Some(x) = items.next().await {
                        if x.seq == k {
                            // Dropping the set aborts its tasks.
                            return;
                        }
                        if Some(set.len()) == bound {
                            set.join_next().await;
                        }
                        set.spawn_local(io.process(x));
                    }
                    while set.join_next().await.is_some() {}
                })
                .await;
        }
        .boxed_local()
    }

    fn run_cpu(&self, items: u32, body: CpuBody) -> Option<BoxFuture<'static, ()>> {
        let bound = self.0.map(|n| n as usize);
        Some(
            async move {
                let mut items = cpu_items(items);
                let mut set = JoinSet::new();
                while let Some(x) = items.next().await {
                    if Some(set.len()) == bound {
                        joined(set.join_next().await);
                    }
                    set.spawn(cpu_body(body, x));
                }
                while let Some(r) = set.join_next().await {
                    joined(Some(r));
                }
            }
            .boxed(),
        )
    }
}

/// A body that panicked or was aborted is a bug in the benchmark.
fn joined(r: Option<Result<(), tokio::task::JoinError>>) {
    r.expect("the set is not empty")
        .expect("a CPU body does not panic");
}

//! Each fetch a task in a tokio `JoinSet`, spawned with `spawn_local` into a `LocalSet` the
//! loop runs in (the lab executor polls the `LocalSet` like any future, and the `LocalSet`
//! runs its tasks whenever it is polled, so a fetch's wake is served while the body awaits).

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::Fetches;
use tokio::task::{JoinSet, LocalSet};

use super::{AwaitingDesign, Declares, Design, DesignInfo};

pub struct JoinSetLoop;

impl Design for JoinSetLoop {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-join-set-loop",
            krate: "tokio",
            construct: "JoinSet::spawn_local in a LocalSet, join_next + while let",
            summary: "each fetch a tokio task, at most 8 out, the loop awaiting the body on each joined result",
        }
    }
}

impl AwaitingDesign for JoinSetLoop {
    fn declares(&self) -> Declares {
        Declares {
            drives_while_body_awaits: true,
            spawns: true,
        }
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        async move {
            let local = LocalSet::new();
            local
                .run_until(async move {
                    let mut set = JoinSet::new();
                    let mut next = 0..f.items;
                    for i in next.by_ref().take(f.limit) {
                        set.spawn_local((f.fetch)(i));
                    }
                    while let Some(x) = set.join_next().await {
                        (f.body)(x.expect("a fetch neither panics nor is aborted")).await;
                        if let Some(i) = next.next() {
                            set.spawn_local((f.fetch)(i));
                        }
                    }
                })
                .await;
        }
        .boxed_local()
    }
}

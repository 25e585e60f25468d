//! A task per item with at most `n` running: the loop keeps the join handles in a
//! `FuturesUnordered` and awaits one whenever `n` are out, then awaits the rest at the end
//! (the lab executor's `spawn_local`; like tokio's, dropping a handle detaches its task, so
//! a `break` leaves the running ones behind — tokio's `JoinSet`, unlike this, aborts them
//! when dropped).

use futures::future::{BoxFuture, FutureExt, LocalBoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};
use lab_workloads::Work;

use super::{CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak};

pub struct SpawnBounded(pub u32);

impl Design for SpawnBounded {
    fn info(&self) -> DesignInfo {
        assert_eq!(self.0, 8, "the registry lists n = 8");
        DesignInfo {
            id: "spawn-bounded-8",
            krate: "lab",
            construct: "spawn_local per item, at most 8 join handles out",
            summary: "a task per item, the loop awaiting one whenever 8 are running",
        }
    }
}

impl IterationDesign for SpawnBounded {
    fn declares(&self) -> Declares {
        Declares {
            limit: Some(self.0),
            on_break: OnBreak::Detached,
        }
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        self.run_until(w, u32::MAX)
    }

    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        let Work { mut items, io } = w;
        let n = self.0 as usize;
        async move {
            let mut running = FuturesUnordered::new();
            while let Some(x) = items.next().await {
                if x.seq == k {
                    // Dropping the handles detaches their tasks.
                    return;
                }
                if running.len() == n {
                    running.next().await;
                }
                running.push(io.spawn(io.process(x)));
            }
            while running.next().await.is_some() {}
        }
        .boxed_local()
    }

    /// Written for the lab executor's `spawn_local`; on tokio the same strategy is
    /// `tokio-join-set-*`.
    fn run_cpu(&self, _: u32, _: CpuBody) -> Option<BoxFuture<'static, ()>> {
        None
    }
}

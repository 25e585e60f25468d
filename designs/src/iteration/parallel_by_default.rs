//! Seed 000's "parallel by default" lowering of `for x in s { body }`: spawn a task per
//! item and go on (`while let Some(x) = s.next().await { task::spawn(body(x)); }`), never
//! joining them. Here the lab executor's `spawn_local` stands in for a global executor's
//! spawn. The loop returns once the source is drained; the bodies run on after it.

use futures::future::{BoxFuture, FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::Work;

use super::{CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak};

pub struct ParallelByDefault;

impl Design for ParallelByDefault {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "parallel-by-default",
            krate: "lab",
            construct: "spawn per item, not joined (seed 000's lowering)",
            summary: "a task spawned per item, none awaited",
        }
    }
}

impl IterationDesign for ParallelByDefault {
    fn declares(&self) -> Declares {
        Declares {
            limit: None,
            on_break: OnBreak::Detached,
        }
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        self.run_until(w, u32::MAX)
    }

    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        let Work { mut items, io } = w;
        async move {
            while let Some(x) = items.next().await {
                if x.seq == k {
                    break;
                }
                // Detached: the handle is dropped, the task runs on.
                drop(io.spawn(io.process(x)));
            }
        }
        .boxed_local()
    }

    /// Written for the lab executor's `spawn_local`; on tokio the same strategy is
    /// `tokio-join-set-*`.
    fn run_cpu(&self, _: u32, _: CpuBody) -> Option<BoxFuture<'static, ()>> {
        None
    }
}

//! Each fetch a task on the lab executor (`Handle::spawn`), the loop awaiting their join
//! handles in order: the executor polls a woken fetch whatever the loop is doing.

use std::collections::VecDeque;

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::Fetches;

use super::{AwaitingDesign, Declares, Design, DesignInfo};

pub struct LabSpawnLoop;

impl Design for LabSpawnLoop {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "lab-spawn-loop",
            krate: "lab",
            construct: "lab executor spawn, join handles in order + while let",
            summary: "each fetch a task on the lab executor, at most 8 out, the loop awaiting the body on each result in order",
        }
    }
}

impl AwaitingDesign for LabSpawnLoop {
    fn declares(&self) -> Declares {
        Declares {
            drives_while_body_awaits: true,
            spawns: true,
        }
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        async move {
            let mut out = VecDeque::new();
            let mut next = 0..f.items;
            out.extend(
                next.by_ref()
                    .take(f.limit)
                    .map(|i| f.handle.spawn((f.fetch)(i))),
            );
            while let Some(handle) = out.pop_front() {
                (f.body)(handle.await).await;
                out.extend(next.next().map(|i| f.handle.spawn((f.fetch)(i))));
            }
        }
        .boxed_local()
    }
}

//! The waiter spawned as a tokio task (`spawn_local` in a `LocalSet` the design runs in,
//! polled by the lab executor), the timer and its handler awaited in the design's own
//! future, then the waiter's join handle: the waiter is polled whenever it is woken.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::Contention;
use tokio::task::LocalSet;

use super::{AVOIDS, Declares, Design, DesignInfo, UnpolledDesign};

pub struct TokioSpawnLocal;

impl Design for TokioSpawnLocal {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-spawn-waiter",
            krate: "tokio",
            construct: "tokio::task::spawn_local(waiter) in a LocalSet, then timer, handler, join",
            summary: "the waiter a task of its own; the timer and handler awaited, then the waiter joined",
        }
    }
}

impl UnpolledDesign for TokioSpawnLocal {
    fn declares(&self) -> Declares {
        AVOIDS
    }

    fn run(&self, c: Contention) -> LocalBoxFuture<'static, ()> {
        async move {
            LocalSet::new()
                .run_until(async move {
                    let waiter = tokio::task::spawn_local((c.waiter)());
                    c.timer().await;
                    (c.handler)().await;
                    waiter
                        .await
                        .expect("the waiter neither panics nor is aborted");
                })
                .await;
        }
        .boxed_local()
    }
}

//! futures-concurrency's `Merge` over two streams: the waiter's, and the timer followed by
//! its handler, so the handler runs inside the merge beside the waiter rather than in a
//! loop body, and the merge polls both.

use std::pin::pin;

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{self, StreamExt};
use futures_concurrency::stream::Merge;
use lab_workloads::Contention;

use super::{AVOIDS, Declares, Design, DesignInfo, UnpolledDesign};

pub struct FcMerge;

impl Design for FcMerge {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "fc-merge-waiter",
            krate: "futures-concurrency",
            construct: "(once(waiter), once(timer.then(handler))).merge()",
            summary: "the waiter and the timer-then-handler as two one-item streams, merged and drained",
        }
    }
}

impl UnpolledDesign for FcMerge {
    fn declares(&self) -> Declares {
        AVOIDS
    }

    fn run(&self, c: Contention) -> LocalBoxFuture<'static, ()> {
        let waited = stream::once((c.waiter)());
        let timer = c.timer();
        let handler = c.handler.clone();
        let handled = stream::once(async move {
            timer.await;
            handler().await;
        });
        async move {
            let mut both = pin!((waited, handled).merge());
            while both.next().await.is_some() {}
        }
        .boxed_local()
    }
}

//! The sequential default seed 000 argues for: `while let Some(x) = s.next().await { body }`.
//! One body at a time, and the source is asked for the next item only when the body is done.

use futures::future::{BoxFuture, FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::Work;

use super::{CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak, cpu_body, cpu_items};

pub struct Sequential;

impl Design for Sequential {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "sequential",
            krate: "futures",
            construct: "while let Some(x) = s.next().await",
            summary: "a while-let loop: one body at a time",
        }
    }
}

impl IterationDesign for Sequential {
    fn declares(&self) -> Declares {
        Declares {
            limit: Some(1),
            on_break: OnBreak::Nothing,
        }
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        let Work { mut items, io } = w;
        async move {
            while let Some(x) = items.next().await {
                io.process(x).await;
            }
        }
        .boxed_local()
    }

    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        let Work { mut items, io } = w;
        async move {
            while let Some(x) = items.next().await {
                if x.seq == k {
                    break;
                }
                io.process(x).await;
            }
        }
        .boxed_local()
    }

    fn run_cpu(&self, items: u32, body: CpuBody) -> Option<BoxFuture<'static, ()>> {
        let mut items = cpu_items(items);
        Some(
            async move {
                while let Some(x) = items.next().await {
                    cpu_body(body, x).await;
                }
            }
            .boxed(),
        )
    }
}

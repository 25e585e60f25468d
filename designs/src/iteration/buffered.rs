//! futures' `s.map(body).buffered(n)`, consumed by a `while let` loop: up to `n`
//! bodies run at once and their results come out in source order. A `break` in the
//! consuming loop drops the adapter, and with it the bodies still in flight.

use futures::future::{BoxFuture, FutureExt, LocalBoxFuture};
use futures::stream::StreamExt;
use lab_workloads::Work;

use super::{CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak, cpu_body, cpu_items};

pub struct Buffered(pub u32);

impl Design for Buffered {
    fn info(&self) -> DesignInfo {
        assert_eq!(self.0, 8, "the registry lists n = 8");
        DesignInfo {
            id: "buffered-8",
            krate: "futures",
            construct: "StreamExt::buffered",
            summary: "map to the body, buffered(8), consumed by a while-let loop",
        }
    }
}

impl IterationDesign for Buffered {
    fn declares(&self) -> Declares {
        Declares {
            limit: Some(self.0),
            on_break: OnBreak::Dropped,
        }
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        let Work { items, io } = w;
        let mut done = items.map(move |x| io.process(x)).buffered(self.0 as usize);
        async move { while done.next().await.is_some() {} }.boxed_local()
    }

    /// The loop sees results, so it leaves on item `k`'s result.
    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        let Work { items, io } = w;
        let mut done = items.map(move |x| io.process(x)).buffered(self.0 as usize);
        async move {
            while let Some(x) = done.next().await {
                if x.seq == k {
                    break;
                }
            }
        }
        .boxed_local()
    }

    fn run_cpu(&self, items: u32, body: CpuBody) -> Option<BoxFuture<'static, ()>> {
        let mut done = cpu_items(items)
            .map(move |x| cpu_body(body, x))
            .buffered(self.0 as usize);
        Some(async move { while done.next().await.is_some() {} }.boxed())
    }
}

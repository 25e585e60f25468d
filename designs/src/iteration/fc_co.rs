//! futures-concurrency's concurrent stream: `s.co().limit(n).for_each(body)` (`None`: no
//! limit). Early exit is `try_for_each`, whose body returns an error; the consumer then
//! stops and drops the bodies in flight (futures-concurrency
//! `concurrent_stream/try_for_each.rs`).

use std::num::NonZeroUsize;

use futures::future::{BoxFuture, FutureExt, LocalBoxFuture};
use futures_concurrency::concurrent_stream::ConcurrentStream;
use futures_concurrency::prelude::*;
use lab_workloads::Work;

use super::{CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak, cpu_body, cpu_items};

pub struct FcCo(pub Option<u32>);

impl FcCo {
    fn limit(&self) -> Option<NonZeroUsize> {
        self.0.and_then(|n| NonZeroUsize::new(n as usize))
    }
}

impl Design for FcCo {
    fn info(&self) -> DesignInfo {
        let (id, summary) = match self.0 {
            Some(8) => ("fc-co-limit-8", "co().limit(8).for_each(body)"),
            None => ("fc-co-unbounded", "co().for_each(body), no limit"),
            Some(_) => unreachable!("the registry lists 8 and unbounded"),
        };
        DesignInfo {
            id,
            krate: "futures-concurrency",
            construct: "ConcurrentStream::for_each",
            summary,
        }
    }
}

impl IterationDesign for FcCo {
    fn declares(&self) -> Declares {
        Declares {
            limit: self.0,
            on_break: OnBreak::Dropped,
        }
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        let Work { items, io } = w;
        let limit = self.limit();
        async move {
            items
                .co()
                .limit(limit)
                .for_each(move |x| {
                    let body = io.process(x);
                    async move {
                        body.await;
                    }
                })
                .await
        }
        .boxed_local()
    }

    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        let Work { items, io } = w;
        let limit = self.limit();
        async move {
            let _: Result<(), ()> = items
                .co()
                .limit(limit)
                .try_for_each(move |x| {
                    let body = (x.seq != k).then(|| io.process(x));
                    async move {
                        match body {
                            Some(body) => {
                                body.await;
                                Ok(())
                            }
                            None => Err(()),
                        }
                    }
                })
                .await;
        }
        .boxed_local()
    }

    fn run_cpu(&self, items: u32, body: CpuBody) -> Option<BoxFuture<'static, ()>> {
        let limit = self.limit();
        Some(
            async move {
                cpu_items(items)
                    .co()
                    .limit(limit)
                    .for_each(move |x| cpu_body(body, x))
                    .await
            }
            .boxed(),
        )
    }
}

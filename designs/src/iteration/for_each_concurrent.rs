//! futures' `for_each_concurrent(limit, body)`: up to `limit` bodies at once (`None`: no
//! bound) in a `FuturesUnordered`; it pulls one more item whenever fewer than `limit` are in
//! flight (futures-util `stream/stream/for_each_concurrent.rs`). It has no `break`: the way
//! to stop early is `try_for_each_concurrent`, whose body returns an error, and which then
//! returns at once, dropping the bodies still in flight.

use std::num::NonZeroUsize;

use futures::future::{BoxFuture, FutureExt, LocalBoxFuture};
use futures::stream::{StreamExt, TryStreamExt};
use lab_workloads::Work;

use super::{CpuBody, Declares, Design, DesignInfo, IterationDesign, OnBreak, cpu_body, cpu_items};

/// The limit: `Some(n)` or `None` (unbounded).
pub struct ForEachConcurrent(pub Option<u32>);

impl ForEachConcurrent {
    fn limit(&self) -> Option<usize> {
        self.0.map(|n| n as usize)
    }
}

impl Design for ForEachConcurrent {
    fn info(&self) -> DesignInfo {
        let (id, summary) = match self.0 {
            Some(1) => (
                "for-each-concurrent-1",
                "for_each_concurrent with a limit of 1",
            ),
            Some(8) => (
                "for-each-concurrent-8",
                "for_each_concurrent with a limit of 8",
            ),
            None => (
                "for-each-concurrent-unbounded",
                "for_each_concurrent with no limit",
            ),
            Some(_) => unreachable!("the registry lists 1, 8 and unbounded"),
        };
        DesignInfo {
            id,
            krate: "futures",
            construct: "StreamExt::for_each_concurrent",
            summary,
        }
    }
}

impl IterationDesign for ForEachConcurrent {
    fn declares(&self) -> Declares {
        Declares {
            limit: self.0,
            // With a limit of 1 the next item is pulled only once the body before it is
            // done, so the failing body is the only one.
            on_break: if self.0 == Some(1) {
                OnBreak::Nothing
            } else {
                OnBreak::Dropped
            },
        }
    }

    fn run(&self, w: Work) -> LocalBoxFuture<'static, ()> {
        let Work { items, io } = w;
        items
            .for_each_concurrent(self.limit(), move |x| io.process(x).map(|_| ()))
            .boxed_local()
    }

    fn run_until(&self, w: Work, k: u32) -> LocalBoxFuture<'static, ()> {
        let Work { items, io } = w;
        let limit = self
            .limit()
            .and_then(NonZeroUsize::new)
            .map(NonZeroUsize::get);
        items
            .map(Ok)
            .try_for_each_concurrent(limit, move |x| {
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
            .map(|_| ())
            .boxed_local()
    }

    fn run_cpu(&self, items: u32, body: CpuBody) -> Option<BoxFuture<'static, ()>> {
        Some(
            cpu_items(items)
                .for_each_concurrent(self.limit(), move |x| cpu_body(body, x))
                .boxed(),
        )
    }
}

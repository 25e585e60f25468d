//! A `FuturesOrdered` of fetches refilled by the loop that awaits the body on each
//! result: the set is polled only by `next()`, so nothing polls it while the body runs.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{FuturesOrdered, StreamExt};
use lab_workloads::Fetches;

use super::{AwaitingDesign, Declares, Design, DesignInfo, STALLS};

pub struct FuturesOrderedLoop;

impl Design for FuturesOrderedLoop {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-ordered-loop",
            krate: "futures",
            construct: "FuturesOrdered, push_back + while let",
            summary: "8 fetches in a FuturesOrdered, the loop awaiting the body on each result, in order, then pushing the next fetch",
        }
    }
}

impl AwaitingDesign for FuturesOrderedLoop {
    fn declares(&self) -> Declares {
        STALLS
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        async move {
            let mut set = FuturesOrdered::new();
            let mut next = 0..f.items;
            set.extend(next.by_ref().take(f.limit).map(|i| (f.fetch)(i)));
            while let Some(x) = set.next().await {
                (f.body)(x).await;
                set.extend(next.next().map(|i| (f.fetch)(i)));
            }
        }
        .boxed_local()
    }
}

//! A `FuturesUnordered` of fetches refilled by the loop that awaits the body on each
//! result: the set is polled only by `next()`, so nothing polls it while the body runs.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};
use lab_workloads::Fetches;

use super::{AwaitingDesign, Declares, Design, DesignInfo, STALLS};

pub struct FuturesUnorderedLoop;

impl Design for FuturesUnorderedLoop {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-unordered-loop",
            krate: "futures",
            construct: "FuturesUnordered, push + while let",
            summary: "8 fetches in a FuturesUnordered, the loop awaiting the body on each result, then pushing the next fetch",
        }
    }
}

impl AwaitingDesign for FuturesUnorderedLoop {
    fn declares(&self) -> Declares {
        STALLS
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        async move {
            let mut set = FuturesUnordered::new();
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

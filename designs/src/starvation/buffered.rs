//! futures' `buffered(n)` consumed by `while let Some(x) = s.next().await { body(x).await }`:
//! the in-flight fetches live inside the stream, which is polled only by `next()`.

use futures::future::LocalBoxFuture;
use futures::stream::StreamExt;
use lab_workloads::Fetches;

use super::{AwaitingDesign, Declares, Design, DesignInfo, STALLS, consume, fetch_stream};

pub struct Buffered;

impl Design for Buffered {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "buffered-loop",
            krate: "futures",
            construct: "StreamExt::buffered + while let",
            summary: "fetches buffered(8), a while-let loop awaiting the body on each result",
        }
    }
}

impl AwaitingDesign for Buffered {
    fn declares(&self) -> Declares {
        STALLS
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        consume(fetch_stream(&f).buffered(f.limit), f)
    }
}

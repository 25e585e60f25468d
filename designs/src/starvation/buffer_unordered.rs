//! futures' `buffer_unordered(n)` consumed by `while let Some(x) = s.next().await { body(x).await }`:
//! the in-flight fetches live inside the stream, which is polled only by `next()`.

use futures::future::LocalBoxFuture;
use futures::stream::StreamExt;
use lab_workloads::Fetches;

use super::{AwaitingDesign, Declares, Design, DesignInfo, STALLS, consume, fetch_stream};

pub struct BufferUnordered;

impl Design for BufferUnordered {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "buffer-unordered-loop",
            krate: "futures",
            construct: "StreamExt::buffer_unordered + while let",
            summary: "fetches buffer_unordered(8), a while-let loop awaiting the body on each result",
        }
    }
}

impl AwaitingDesign for BufferUnordered {
    fn declares(&self) -> Declares {
        STALLS
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        consume(fetch_stream(&f).buffer_unordered(f.limit), f)
    }
}

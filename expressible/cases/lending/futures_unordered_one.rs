// The control for futures_unordered.rs: the same FuturesUnordered, drained to no body in
// flight before the loop asks for the next item. If this is rejected too, the rejection is
// the container's (its futures share one lifetime), not the overlap's.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use lab_expressible::{Lender, lent_body};

async fn run(mut lender: Lender) {
    let mut running = FuturesUnordered::new();
    while let Some(state) = lender.next().await {
        running.push(lent_body(state));
        while running.next().await.is_some() {}
    }
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

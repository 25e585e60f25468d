// A lending source with bodies overlapping inside the loop's own task, as the in-task
// concurrent strategies (for_each_concurrent, buffer_unordered, buffered, co()) run them,
// written over the lender directly: up to 8 bodies in a FuturesUnordered while the loop
// asks for the next item.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use lab_expressible::{Lender, lent_body};

async fn run(mut lender: Lender) {
    let mut running = FuturesUnordered::new();
    while let Some(state) = lender.next().await {
        if running.len() == 8 {
            running.next().await;
        }
        running.push(lent_body(state));
    }
    while running.next().await.is_some() {}
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

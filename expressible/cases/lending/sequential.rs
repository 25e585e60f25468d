// A lending source under the sequential loop: each item is dropped before the next.
use lab_expressible::{Lender, lent_body};

async fn run(mut lender: Lender) {
    while let Some(state) = lender.next().await {
        lent_body(state).await;
    }
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

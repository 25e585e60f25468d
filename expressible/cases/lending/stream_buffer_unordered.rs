// A lending source under buffer_unordered, through a Stream made from the lender (see stream_sequential.rs);
// each item borrows the lender, which the stream has to hand on with the item.
use futures::StreamExt;
use lab_expressible::{Lender, lent_body};

fn items(lender: Lender) -> impl futures::Stream<Item = &'static mut u32> {
    futures::stream::unfold(lender, |mut lender| async move {
        let state = lender.next().await?;
        Some((state, lender))
    })
}

async fn run(lender: Lender) {
    let mut done = items(lender).map(lent_body).buffer_unordered(8);
    while done.next().await.is_some() {}
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

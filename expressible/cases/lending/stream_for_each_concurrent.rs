// A lending source under for_each_concurrent, through a Stream made from the lender (see stream_sequential.rs);
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
    items(lender).for_each_concurrent(8, lent_body).await;
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

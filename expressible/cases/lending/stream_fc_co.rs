// A lending source under fc_co, through a Stream made from the lender (see stream_sequential.rs);
// each item borrows the lender, which the stream has to hand on with the item.
use futures_concurrency::prelude::*;
use lab_expressible::{Lender, lent_body};

fn items(lender: Lender) -> impl futures::Stream<Item = &'static mut u32> {
    futures::stream::unfold(lender, |mut lender| async move {
        let state = lender.next().await?;
        Some((state, lender))
    })
}

async fn run(lender: Lender) {
    items(lender).co().limit(None).for_each(lent_body).await;
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

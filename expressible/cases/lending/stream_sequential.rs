// The control for the stream_* cases: the sequential loop over the same Stream made from
// the lender. If this is rejected as they are, their rejection is the adaptor's, not the
// strategy's.
use futures::StreamExt;
use lab_expressible::{Lender, lent_body};

fn items(lender: Lender) -> impl futures::Stream<Item = &'static mut u32> {
    futures::stream::unfold(lender, |mut lender| async move {
        let state = lender.next().await?;
        Some((state, lender))
    })
}

async fn run(lender: Lender) {
    let mut items = std::pin::pin!(items(lender));
    while let Some(state) = items.next().await {
        lent_body(state).await;
    }
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

// !Send items under the sequential loop.
use futures::StreamExt;
use lab_expressible::{not_send_body, not_send_items};

async fn run() {
    let mut items = not_send_items(3);
    while let Some(item) = items.next().await {
        not_send_body(item).await;
    }
}

fn main() {
    futures::executor::block_on(run());
}

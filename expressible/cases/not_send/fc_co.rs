// !Send items under futures-concurrency's co().
use futures_concurrency::prelude::*;
use lab_expressible::{not_send_body, not_send_items};

async fn run() {
    not_send_items(3).co().limit(None).for_each(not_send_body).await;
}

fn main() {
    futures::executor::block_on(run());
}

// !Send items under for_each_concurrent.
use futures::StreamExt;
use lab_expressible::{not_send_body, not_send_items};

async fn run() {
    not_send_items(3).for_each_concurrent(8, not_send_body).await;
}

fn main() {
    futures::executor::block_on(run());
}

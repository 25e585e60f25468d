// !Send items under buffer_unordered.
use futures::StreamExt;
use lab_expressible::{not_send_body, not_send_items};

async fn run() {
    let mut done = not_send_items(3).map(not_send_body).buffer_unordered(8);
    while done.next().await.is_some() {}
}

fn main() {
    futures::executor::block_on(run());
}

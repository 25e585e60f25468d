// !Send items under a JoinSet, spawned with JoinSet::spawn_local, run inside a LocalSet on
// a current-thread runtime.
use futures::StreamExt;
use lab_expressible::{not_send_body, not_send_items};
use tokio::task::{JoinSet, LocalSet};

async fn run() {
    let mut items = not_send_items(3);
    let mut set = JoinSet::new();
    while let Some(item) = items.next().await {
        set.spawn_local(not_send_body(item));
    }
    while set.join_next().await.is_some() {}
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    LocalSet::new().block_on(&rt, run());
}

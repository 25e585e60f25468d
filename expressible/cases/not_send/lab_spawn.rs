// !Send items under the lab executor's spawn_local (spawn-bounded-8, parallel-by-default).
use futures::StreamExt;
use lab_executor::{Config, Executor, Handle};
use lab_expressible::{not_send_body, not_send_items};

async fn run(handle: Handle) {
    let mut items = not_send_items(3);
    while let Some(item) = items.next().await {
        drop(handle.spawn(not_send_body(item)));
    }
}

fn main() {
    let exec = Executor::new(Config::default());
    let handle = exec.handle();
    exec.run(run(handle));
}

// A lending source under a JoinSet: each lent item goes into a spawned task.
use lab_expressible::{Lender, lent_body};
use tokio::task::JoinSet;

async fn run(mut lender: Lender) {
    let mut set = JoinSet::new();
    while let Some(state) = lender.next().await {
        set.spawn_local(lent_body(state));
    }
    while set.join_next().await.is_some() {}
}

fn main() {
    let _ = run;
}

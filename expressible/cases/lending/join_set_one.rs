// The control for join_set.rs: each lent item spawned into the JoinSet and awaited before
// the next is asked for. If this is rejected too, the rejection is spawn's `'static` bound,
// not the overlap's.
use lab_expressible::{Lender, lent_body};
use tokio::task::{JoinSet, LocalSet};

async fn run(mut lender: Lender) {
    let mut set = JoinSet::new();
    while let Some(state) = lender.next().await {
        set.spawn_local(lent_body(state));
        set.join_next().await;
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    LocalSet::new().block_on(&rt, run(Lender::new(3)));
}

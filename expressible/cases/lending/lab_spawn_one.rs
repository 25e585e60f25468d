// The control for lab_spawn.rs: each lent item spawned on the lab executor and awaited
// before the next is asked for.
use lab_executor::{Config, Executor, Handle};
use lab_expressible::{Lender, lent_body};

async fn run(mut lender: Lender, handle: Handle) {
    while let Some(state) = lender.next().await {
        handle.spawn(lent_body(state)).await;
    }
}

fn main() {
    let exec = Executor::new(Config::default());
    let handle = exec.handle();
    exec.run(run(Lender::new(3), handle));
}

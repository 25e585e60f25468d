// A lending source under the lab executor's spawn_local (spawn-bounded-8, parallel-by-default).
use lab_executor::Handle;
use lab_expressible::{Lender, lent_body};

async fn run(mut lender: Lender, handle: Handle) {
    while let Some(state) = lender.next().await {
        drop(handle.spawn(lent_body(state)));
    }
}

fn main() {
    let _ = run;
}

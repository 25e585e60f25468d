// What every parallel strategy needs at the least, with no container or spawn: two lent
// items alive at once, their bodies joined. sequential.rs is the same with one at a time.
use lab_expressible::{Lender, lent_body};

async fn run(mut lender: Lender) {
    let (Some(a), Some(b)) = (lender.next().await, lender.next().await) else {
        return;
    };
    futures::join!(lent_body(a), lent_body(b));
}

fn main() {
    futures::executor::block_on(run(Lender::new(3)));
}

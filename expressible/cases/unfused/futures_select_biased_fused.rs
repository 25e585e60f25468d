// The same select_biased! loop with both streams fused.
use futures::StreamExt;
use lab_expressible::Unfused;

async fn run() {
    let (mut a, mut b) = (Unfused(3).fuse(), Unfused(3).fuse());
    loop {
        futures::select_biased! {
            x = a.next() => if x.is_none() { break },
            x = b.next() => if x.is_none() { break },
        }
    }
}

fn main() {
    futures::executor::block_on(run());
}

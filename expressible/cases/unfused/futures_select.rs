// An unfused stream's next() in futures::select!.
use futures::StreamExt;
use lab_expressible::Unfused;

async fn run() {
    let (mut a, mut b) = (Unfused(3), Unfused(3));
    loop {
        futures::select! {
            x = a.next() => if x.is_none() { break },
            x = b.next() => if x.is_none() { break },
        }
    }
}

fn main() {
    futures::executor::block_on(run());
}

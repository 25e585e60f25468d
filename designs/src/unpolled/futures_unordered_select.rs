//! The waiter inside a `FuturesUnordered`, raced against the timer by `tokio::select!` in
//! a loop; the timer's arm awaits its handler in the arm's body, and nothing polls the set
//! meanwhile.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};
use lab_workloads::Contention;

use super::{Declares, Design, DesignInfo, KEEPS, UnpolledDesign};

pub struct FuturesUnorderedSelect;

impl Design for FuturesUnorderedSelect {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-unordered-waiter",
            krate: "futures",
            construct: "FuturesUnordered holding the waiter, select! on set.next() and the timer",
            summary: "the waiter in a FuturesUnordered raced by select! in a loop, the timer arm awaiting its handler",
        }
    }
}

impl UnpolledDesign for FuturesUnorderedSelect {
    fn declares(&self) -> Declares {
        KEEPS
    }

    fn run(&self, c: Contention) -> LocalBoxFuture<'static, ()> {
        async move {
            let mut set = FuturesUnordered::new();
            set.push((c.waiter)());
            let mut timer = c.timer();
            let mut fired = false;
            loop {
                tokio::select! {
                    Some(()) = set.next() => break,
                    () = &mut timer, if !fired => {
                        fired = true;
                        (c.handler)().await;
                    }
                }
            }
        }
        .boxed_local()
    }
}

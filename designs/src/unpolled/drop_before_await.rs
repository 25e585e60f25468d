//! `tokio::select!` in a loop as in `tokio-select-mut-waiter`, but the timer's arm drops
//! the waiter (leaving the permit's queue) before its handler awaits, and makes a new one
//! after: nothing is alive and unpolled while the handler waits.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::Contention;

use super::{AVOIDS, Declares, Design, DesignInfo, UnpolledDesign};

pub struct DropBeforeAwait;

impl Design for DropBeforeAwait {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "drop-waiter-before-await",
            krate: "tokio",
            construct: "tokio::select! loop; the timer arm drops the waiter, awaits its handler, makes a new waiter",
            summary: "select! over &mut waiter in a loop; the timer arm drops the waiter before awaiting, then re-makes it",
        }
    }
}

impl UnpolledDesign for DropBeforeAwait {
    fn declares(&self) -> Declares {
        AVOIDS
    }

    fn run(&self, c: Contention) -> LocalBoxFuture<'static, ()> {
        async move {
            let mut waiter = Some((c.waiter)());
            let mut timer = c.timer();
            let mut fired = false;
            loop {
                tokio::select! {
                    () = async { waiter.as_mut().expect("made").await }, if waiter.is_some() => break,
                    () = &mut timer, if !fired => {
                        fired = true;
                        // Dropped: out of the permit's queue before the handler joins it.
                        drop(waiter.take());
                        (c.handler)().await;
                        waiter = Some((c.waiter)());
                    }
                }
            }
        }
        .boxed_local()
    }
}

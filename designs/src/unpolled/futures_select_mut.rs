//! `futures::select!` in a loop over the fused waiter and timer (borrowed, as the macro
//! does with a bare name); the timer's arm awaits its handler in the arm's body, where the
//! waiter is not polled.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::Contention;

use super::{Declares, Design, DesignInfo, KEEPS, UnpolledDesign};

pub struct FuturesSelectMut;

impl Design for FuturesSelectMut {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-select-mut-waiter",
            krate: "futures",
            construct: "loop { futures::select! { _ = waiter, _ = timer => handler.await } } over fused futures",
            summary: "futures::select! over the fused waiter in a loop, the timer arm awaiting its handler in the arm body",
        }
    }
}

impl UnpolledDesign for FuturesSelectMut {
    fn declares(&self) -> Declares {
        KEEPS
    }

    fn run(&self, c: Contention) -> LocalBoxFuture<'static, ()> {
        async move {
            let mut waiter = (c.waiter)().fuse();
            let mut timer = c.timer().fuse();
            loop {
                futures::select! {
                    () = waiter => break,
                    () = timer => (c.handler)().await,
                }
            }
        }
        .boxed_local()
    }
}

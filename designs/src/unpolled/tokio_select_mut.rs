//! `tokio::select!` in a loop over `&mut waiter` and the timer; the timer's arm awaits its
//! handler in the arm's body, where the waiter, still alive in the loop, is not polled.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_workloads::Contention;

use super::{Declares, Design, DesignInfo, KEEPS, UnpolledDesign};

pub struct TokioSelectMut;

impl Design for TokioSelectMut {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-select-mut-waiter",
            krate: "tokio",
            construct: "loop { tokio::select! { _ = &mut waiter, _ = &mut timer => handler.await } }",
            summary: "select! over &mut waiter in a loop, the timer arm awaiting its handler in the arm body",
        }
    }
}

impl UnpolledDesign for TokioSelectMut {
    fn declares(&self) -> Declares {
        KEEPS
    }

    fn run(&self, c: Contention) -> LocalBoxFuture<'static, ()> {
        async move {
            let mut waiter = (c.waiter)();
            let mut timer = c.timer();
            let mut fired = false;
            loop {
                tokio::select! {
                    () = &mut waiter => break,
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

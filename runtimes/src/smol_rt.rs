//! smol: a `LocalExecutor` run under `smol::block_on`, sleeping on `smol::Timer`.

use std::rc::Rc;

use lab_executor::{Outcome, Spawner, Timer};

use super::{Limits, Main, drive};

pub fn run<T: 'static>(limits: Limits, main: Main<T>) -> Outcome<T> {
    let ex = Rc::new(smol::LocalExecutor::new());
    let timer: Timer = Rc::new(|at| {
        Box::pin(async move {
            smol::Timer::at(at).await;
        })
    });
    // Weak: the handle the tasks hold must not keep the executor (and so the tasks still
    // pending at the end, which a probe counts once dropped) alive past the run.
    let spawner = Rc::downgrade(&ex);
    let spawn: Spawner = Rc::new(move |task| {
        if let Some(ex) = spawner.upgrade() {
            ex.spawn(task).detach();
        }
    });
    smol::block_on(ex.run(drive(limits, timer, spawn, main)))
}

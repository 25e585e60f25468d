//! tokio: a current-thread or a 2-worker multi-thread runtime, the run inside a `LocalSet`
//! (the designs are `!Send`), sleeping on tokio's timer.

use std::rc::Rc;

use lab_executor::{Outcome, Spawner, Timer};

use super::{Limits, Main, drive};

pub fn run<T: 'static>(multi_thread: bool, limits: Limits, main: Main<T>) -> Outcome<T> {
    let built = if multi_thread {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_time()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
    };
    let rt = match built {
        Ok(rt) => rt,
        Err(e) => {
            return Outcome::Panicked {
                message: format!("building the tokio runtime: {e}"),
            };
        }
    };
    let local = tokio::task::LocalSet::new();
    let timer: Timer = Rc::new(|at| Box::pin(tokio::time::sleep_until(at.into())));
    let spawn: Spawner = Rc::new(|task| drop(tokio::task::spawn_local(task)));
    // The timer and spawns need the runtime's context, which `block_on` enters.
    local.block_on(&rt, async move { drive(limits, timer, spawn, main).await })
}

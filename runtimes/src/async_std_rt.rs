//! async-std: its `block_on` with `spawn_local` (feature `unstable`), sleeping on its timer
//! (async-io's reactor).

use std::rc::Rc;
use std::time::Instant;

use lab_executor::{Outcome, Spawner, Timer};

use super::{Limits, Main, drive};

pub fn run<T: 'static>(limits: Limits, main: Main<T>) -> Outcome<T> {
    let timer: Timer = Rc::new(|at: Instant| {
        Box::pin(async_std::task::sleep(
            at.saturating_duration_since(Instant::now()),
        ))
    });
    let spawn: Spawner = Rc::new(|task| drop(async_std::task::spawn_local(task)));
    async_std::task::block_on(drive(limits, timer, spawn, main))
}

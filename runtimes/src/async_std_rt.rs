//! async-std: its `block_on` with `spawn_local` (feature `unstable`), sleeping on its timer
//! (async-io's reactor).

use std::cell::RefCell;
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
    // `spawn_local` puts a task on the thread's executor for good: dropping its handle only
    // detaches it. The handles are kept, and every task still pending at the end is
    // cancelled (dropped, so probes see it), as the other runtimes drop theirs.
    let spawned: Rc<RefCell<Vec<async_std::task::JoinHandle<()>>>> = Rc::default();
    let keep = spawned.clone();
    let spawn: Spawner =
        Rc::new(move |task| keep.borrow_mut().push(async_std::task::spawn_local(task)));
    let out = async_std::task::block_on(drive(limits, timer, spawn, main));
    let pending: Vec<_> = spawned.borrow_mut().drain(..).collect();
    async_std::task::block_on(async move {
        for task in pending {
            task.cancel().await;
        }
    });
    out
}

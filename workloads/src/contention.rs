//! The futures-unpolled workload (the hazard Oxide's "futurelock" write-up named): a waiter
//! future queues for a permit another task holds; a timer fires first, and the code that
//! handles it awaits the same permit. Tokio's semaphore is fair, so when the holder
//! releases, the permit goes to the waiter, which must be polled to take it and let it go.
//! A design that keeps the waiter alive but does not poll it while the handler awaits (a
//! `select!` arm over `&mut waiter`, a `FuturesUnordered` its owner does not poll) deadlocks.

use std::cell::Cell;
use std::rc::Rc;

use lab_executor::{Handle, Sleep, Tick, Watch};

use crate::fetch::LocalFuture;
use crate::permits::Permits;

/// Ticks the other task holds the permit from the start; the timer fires before that.
pub const HOLDER_TICKS: Tick = 2;
pub const TIMER_TICKS: Tick = 1;

/// Makes a future.
pub type Make = Rc<dyn Fn() -> LocalFuture<()>>;

#[derive(Clone)]
pub struct Contention {
    /// Makes the waiter: queue for the permit, hold it a tick, let it go. Each made waiter
    /// is watched ("waiter", then "waiter 2", …).
    pub waiter: Make,
    /// The handler of the timer: take the permit for a tick.
    pub handler: Make,
    pub handle: Handle,
    /// Waiters and handlers that ran to the end.
    pub waiters_done: Rc<Cell<u32>>,
    pub handlers_done: Rc<Cell<u32>>,
}

impl Contention {
    /// Spawns the holder (a task of its own, taking the permit at tick 0) on `handle`.
    pub fn new(handle: &Handle, watch: &Watch, permits: &Permits) -> Self {
        let clock = handle.clock().clone();
        let (c, p) = (clock.clone(), permits.clone());
        handle.spawn(async move {
            let held = p.acquire("holder task".into()).await;
            c.sleep(HOLDER_TICKS).await;
            drop(held);
        });
        let waiters_done: Rc<Cell<u32>> = Rc::default();
        let handlers_done: Rc<Cell<u32>> = Rc::default();
        let made = Rc::new(Cell::new(0u32));
        let (c, p, w, done) = (
            clock.clone(),
            permits.clone(),
            watch.clone(),
            waiters_done.clone(),
        );
        let waiter: Make = Rc::new(move || {
            made.set(made.get() + 1);
            let name = match made.get() {
                1 => "waiter".to_string(),
                n => format!("waiter {n}"),
            };
            let (c, p, done) = (c.clone(), p.clone(), done.clone());
            Box::pin(w.wrap(name.clone(), async move {
                let held = p.acquire(name).await;
                c.sleep(1).await;
                drop(held);
                done.set(done.get() + 1);
            }))
        });
        let (c, p, done) = (clock, permits.clone(), handlers_done.clone());
        let handler: Make = Rc::new(move || {
            let (c, p, done) = (c.clone(), p.clone(), done.clone());
            Box::pin(async move {
                let held = p.acquire("timer handler".into()).await;
                c.sleep(1).await;
                drop(held);
                done.set(done.get() + 1);
            })
        });
        Self {
            waiter,
            handler,
            handle: handle.clone(),
            waiters_done,
            handlers_done,
        }
    }

    /// The timer the design races the waiter against.
    pub fn timer(&self) -> Sleep {
        self.handle.clock().sleep(TIMER_TICKS)
    }
}

//! Seed 003's starvation workload: a loop keeps up to `limit` fetches in flight and awaits a
//! body on each result. Every fetch is wrapped in a [`Watch`], so a check sees how long each
//! waited between its waker firing and its next poll. Two forms: fetches that only wait on
//! timers (the resume delay), and fetches and bodies that share one semaphore permit (the
//! deadlock when a fetch that holds the permit is not polled while the body queues for it).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use lab_executor::{Handle, Tick, Watch};

use crate::permits::Permits;

pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;
/// Starts the fetch of item `i`; it resolves to `i`.
pub type Fetch = Rc<dyn Fn(u32) -> LocalFuture<u32>>;
/// The loop body on one fetch's result.
pub type Body = Rc<dyn Fn(u32) -> LocalFuture<()>>;

/// Virtual ticks each body awaits in the timer form: longer than any fetch's stage, so a
/// fetch that is not polled while a body runs waits visibly.
pub const BODY_TICKS: Tick = 4;
/// Ticks a fetch holds the permit in the contended form; the body holds it one tick.
pub const HOLD_TICKS: Tick = 2;

/// One run's work: what the design drives, and what it may spawn on.
#[derive(Clone)]
pub struct Fetches {
    pub items: u32,
    /// Most fetches in flight at once.
    pub limit: usize,
    pub fetch: Fetch,
    pub body: Body,
    /// The lab executor, for designs that spawn on it.
    pub handle: Handle,
    /// Item ids in the order their bodies ran.
    pub bodies_run: Rc<RefCell<Vec<u32>>>,
}

impl Fetches {
    /// Fetch `i` waits `1 + i % 3` ticks, then one more (two wakes each); every body
    /// awaits [`BODY_TICKS`]. Without a watch (to count the design's own allocations) the
    /// fetches are the same, unwrapped.
    pub fn timed(items: u32, limit: usize, handle: &Handle, watch: Option<&Watch>) -> Self {
        let (clock, w) = (handle.clock().clone(), watch.cloned());
        let fetch: Fetch = Rc::new(move |i| {
            let clock = clock.clone();
            let fut = async move {
                clock.sleep(1 + Tick::from(i % 3)).await;
                clock.sleep(1).await;
                i
            };
            match &w {
                Some(w) => Box::pin(w.wrap(format!("fetch {i}"), fut)),
                None => Box::pin(fut),
            }
        });
        let clock = handle.clock().clone();
        let body: Body = Rc::new(move |_| Box::pin(clock.sleep(BODY_TICKS)));
        Self::new(items, limit, fetch, body, handle)
    }

    /// Fetches and bodies share `permits` (one permit): a fetch holds it [`HOLD_TICKS`]
    /// ticks, a body one tick.
    pub fn contended(
        items: u32,
        limit: usize,
        handle: &Handle,
        watch: &Watch,
        permits: &Permits,
    ) -> Self {
        let (clock, w, p) = (handle.clock().clone(), watch.clone(), permits.clone());
        let fetch: Fetch = Rc::new(move |i| {
            let (clock, p) = (clock.clone(), p.clone());
            let name = format!("fetch {i}");
            Box::pin(w.wrap(name.clone(), async move {
                let held = p.acquire(name).await;
                clock.sleep(HOLD_TICKS).await;
                drop(held);
                i
            }))
        });
        let (clock, p) = (handle.clock().clone(), permits.clone());
        let body: Body = Rc::new(move |i| {
            let (clock, p) = (clock.clone(), p.clone());
            Box::pin(async move {
                let held = p.acquire(format!("body {i}")).await;
                clock.sleep(1).await;
                drop(held);
            })
        });
        Self::new(items, limit, fetch, body, handle)
    }

    fn new(items: u32, limit: usize, fetch: Fetch, body: Body, handle: &Handle) -> Self {
        let bodies_run: Rc<RefCell<Vec<u32>>> = Rc::default();
        let seen = bodies_run.clone();
        let body: Body = Rc::new(move |i| {
            seen.borrow_mut().push(i);
            body(i)
        });
        Self {
            items,
            limit,
            fetch,
            body,
            handle: handle.clone(),
            bodies_run,
        }
    }
}

//! Virtual time: timers are kept in a heap and only fire when the executor advances the
//! clock, which it does when no task is runnable. A clock made with [`Clock::real`] instead
//! maps each tick to a real duration and sleeps on a real runtime's timer, so the same
//! workloads run on tokio, async-std or smol.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// A point in virtual time. Units are abstract "ticks".
pub type Tick = u64;

/// Shared handle to the virtual clock of one executor.
#[derive(Clone, Default)]
pub struct Clock {
    inner: Rc<Inner>,
}

#[derive(Default)]
struct Inner {
    // Behind an `Arc` so a waker (which must be `Send + Sync`) can read the tick it fired
    // at: see [`Now`].
    now: Arc<AtomicU64>,
    next_id: Cell<u64>,
    heap: RefCell<BinaryHeap<Reverse<(Tick, u64)>>>,
    // Registered timers by id; a timer whose `Sleep` was dropped is removed here and its
    // heap entry is skipped lazily.
    wakers: RefCell<BTreeMap<u64, Waker>>,
    fired: Cell<u64>,
    real: Option<RealTime>,
}

/// A real runtime's timer: a future that completes at the given instant.
pub type Timer = Rc<dyn Fn(Instant) -> Pin<Box<dyn Future<Output = ()>>>>;

/// Ticks mapped to real time on a runtime's timer.
struct RealTime {
    start: Instant,
    tick: Duration,
    timer: Timer,
}

impl Clock {
    /// A clock whose tick `n` is `n * tick` after now, whose sleeps are `timer`'s: for runs
    /// on a real runtime, where the runtime, not the lab, decides when a sleep fires.
    pub fn real(tick: Duration, timer: Timer) -> Self {
        assert!(!tick.is_zero(), "a real tick must last");
        Self {
            inner: Rc::new(Inner {
                real: Some(RealTime {
                    start: Instant::now(),
                    tick,
                    timer,
                }),
                ..Inner::default()
            }),
        }
    }

    pub fn now(&self) -> Tick {
        if let Some(r) = &self.inner.real {
            let now = (r.start.elapsed().as_nanos() / r.tick.as_nanos()) as Tick;
            self.inner.now.store(now, Ordering::Relaxed);
            return now;
        }
        self.inner.now.load(Ordering::Relaxed)
    }

    /// A `Send + Sync` reader of this clock's tick, for wakers that record when they fired.
    pub fn now_source(&self) -> Now {
        Now(self.inner.now.clone())
    }

    /// A future that completes once virtual time reaches `deadline`.
    pub fn sleep_until(&self, deadline: Tick) -> Sleep {
        Sleep {
            clock: self.clone(),
            deadline,
            timer: None,
            real: None,
        }
    }

    pub fn sleep(&self, ticks: Tick) -> Sleep {
        self.sleep_until(self.now().saturating_add(ticks))
    }

    /// Number of timers that have fired so far.
    pub fn timers_fired(&self) -> u64 {
        self.inner.fired.get()
    }

    /// Moves time to the earliest live deadline and wakes every timer due by then, in the
    /// order `order` leaves them in (they come in the order they were set). Returns false if
    /// no timer is registered.
    pub(crate) fn advance_to_next_timer(&self, order: &mut dyn FnMut(&mut Vec<Waker>)) -> bool {
        let due = {
            let mut heap = self.inner.heap.borrow_mut();
            let wakers = self.inner.wakers.borrow();
            loop {
                match heap.peek() {
                    None => return false,
                    Some(Reverse((_, id))) if !wakers.contains_key(id) => {
                        heap.pop();
                    }
                    Some(Reverse((deadline, _))) => break *deadline,
                }
            }
        };
        if due > self.now() {
            self.inner.now.store(due, Ordering::Relaxed);
        }
        let mut fire = Vec::new();
        {
            let mut heap = self.inner.heap.borrow_mut();
            let mut wakers = self.inner.wakers.borrow_mut();
            while let Some(Reverse((deadline, id))) = heap.peek().copied() {
                if deadline > self.now() {
                    break;
                }
                heap.pop();
                if let Some(w) = wakers.remove(&id) {
                    fire.push(w);
                }
            }
        }
        self.inner
            .fired
            .set(self.inner.fired.get() + fire.len() as u64);
        if fire.len() > 1 {
            order(&mut fire);
        }
        // Wake outside the borrows: a waker may re-enter the clock.
        fire.into_iter().for_each(Waker::wake);
        true
    }

    fn register(&self, deadline: Tick, waker: &Waker) -> u64 {
        let id = self.inner.next_id.get();
        self.inner.next_id.set(id + 1);
        self.inner.heap.borrow_mut().push(Reverse((deadline, id)));
        self.inner.wakers.borrow_mut().insert(id, waker.clone());
        id
    }

    fn update(&self, id: u64, waker: &Waker) -> bool {
        match self.inner.wakers.borrow_mut().get_mut(&id) {
            Some(w) => {
                w.clone_from(waker);
                true
            }
            None => false,
        }
    }

    fn deregister(&self, id: u64) {
        self.inner.wakers.borrow_mut().remove(&id);
    }
}

/// Reads a [`Clock`]'s tick from any thread (the executor runs on one; the reader only
/// needs to be `Send + Sync` to live in a waker).
#[derive(Clone, Debug)]
pub struct Now(Arc<AtomicU64>);

impl Now {
    pub fn get(&self) -> Tick {
        self.0.load(Ordering::Relaxed)
    }
}

/// Future returned by [`Clock::sleep_until`]. `Unpin`, so sources can store it inline.
pub struct Sleep {
    clock: Clock,
    deadline: Tick,
    timer: Option<u64>,
    // On a real clock: the runtime's timer for the deadline, made at the first poll.
    real: Option<Pin<Box<dyn Future<Output = ()>>>>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.clock.now() >= self.deadline {
            if let Some(id) = self.timer.take() {
                self.clock.deregister(id);
            }
            return Poll::Ready(());
        }
        let this = &mut *self;
        if let Some(r) = &this.clock.inner.real {
            let at = r.start + r.tick * u32::try_from(this.deadline).unwrap_or(u32::MAX);
            let timer = this.real.get_or_insert_with(|| (r.timer)(at));
            // The runtime's timer may fire a little before the tick turns (rounding): the
            // deadline is reached once it has fired, whatever `now` says.
            return timer.as_mut().poll(cx);
        }
        match this.timer {
            Some(id) if this.clock.update(id, cx.waker()) => {}
            _ => this.timer = Some(this.clock.register(this.deadline, cx.waker())),
        }
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(id) = self.timer {
            self.clock.deregister(id);
        }
    }
}

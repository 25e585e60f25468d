//! Watches record, for each future they wrap, when its waker fired and when it was next
//! polled: the resume delay, in virtual ticks. A future that stays alive but is not polled
//! after its wake (the in-flight futures of a `buffered` stream while the loop body
//! awaits) shows up as a delay, or, if the run ends first, as a wake still unanswered. The
//! wrapper hands the inner future a waker of its own that notes the tick and forwards the
//! wake; it is made once per wrapped future, so the wrapper adds no allocation per poll.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use crate::clock::{Clock, Now, Tick};
use crate::executor::Handle;

/// What a watch saw of one future.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watched {
    pub name: String,
    /// Ticks from each wake to the poll that followed it.
    pub delays: Vec<Tick>,
    /// The last tick it was polled at; `None`: never polled.
    pub last_polled: Option<Tick>,
    /// A wake no poll has answered yet, and its tick.
    pub woken_unpolled: Option<Tick>,
    pub completed: bool,
}

#[derive(Clone)]
pub struct Watch {
    clock: Clock,
    entries: Rc<RefCell<Vec<Entry>>>,
    frozen: Rc<RefCell<Option<Vec<Watched>>>>,
}

struct Entry {
    seen: Watched,
    woken: Arc<Mutex<Option<Tick>>>,
}

impl Watch {
    pub fn new(clock: &Clock) -> Self {
        Self {
            clock: clock.clone(),
            entries: Rc::default(),
            frozen: Rc::default(),
        }
    }

    /// Takes the watch's picture when `handle`'s run ends, before its pending tasks are
    /// dropped, so [`Watch::seen`] reports the state a deadlock left.
    pub fn freeze_at_teardown(&self, handle: &Handle) {
        let watch = self.clone();
        handle.at_teardown(move || {
            let picture = watch.live();
            *watch.frozen.borrow_mut() = Some(picture);
        });
    }

    /// Every watched future, as frozen at teardown if it was, else as it is now.
    pub fn seen(&self) -> Vec<Watched> {
        self.frozen.borrow().clone().unwrap_or_else(|| self.live())
    }

    fn live(&self) -> Vec<Watched> {
        self.entries
            .borrow()
            .iter()
            .map(|e| Watched {
                woken_unpolled: *e.woken.lock().expect("a wake never panics"),
                ..e.seen.clone()
            })
            .collect()
    }

    pub fn wrap<F: Future>(&self, name: impl Into<String>, fut: F) -> WatchedFuture<F> {
        let woken = Arc::new(Mutex::new(None));
        let index = {
            let mut entries = self.entries.borrow_mut();
            entries.push(Entry {
                seen: Watched {
                    name: name.into(),
                    delays: Vec::new(),
                    last_polled: None,
                    woken_unpolled: None,
                    completed: false,
                },
                woken: woken.clone(),
            });
            entries.len() - 1
        };
        WatchedFuture {
            fut: Box::pin(fut),
            watch: self.clone(),
            index,
            waker: None,
            noting: NotingWaker {
                woken,
                now: self.clock.now_source(),
                inner: Mutex::new(Waker::noop().clone()),
            }
            .into(),
        }
    }
}

/// A future wrapped by a [`Watch`]. Boxed inside so the wrapper is `Unpin`.
pub struct WatchedFuture<F> {
    fut: Pin<Box<F>>,
    watch: Watch,
    index: usize,
    noting: Arc<NotingWaker>,
    // The waker built on `noting`, made on the first poll.
    waker: Option<Waker>,
}

struct NotingWaker {
    woken: Arc<Mutex<Option<Tick>>>,
    now: Now,
    inner: Mutex<Waker>,
}

impl Wake for NotingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // The first wake since the last poll is the one the delay runs from.
        self.woken
            .lock()
            .expect("a wake never panics")
            .get_or_insert(self.now.get());
        self.inner
            .lock()
            .expect("a wake never panics")
            .wake_by_ref();
    }
}

impl<F: Future> Future for WatchedFuture<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let now = self.watch.clock.now();
        let woke = self.noting.woken.lock().expect("no panic").take();
        {
            let mut entries = self.watch.entries.borrow_mut();
            let seen = &mut entries[self.index].seen;
            if let Some(at) = woke {
                seen.delays.push(now - at);
            }
            seen.last_polled = Some(now);
        }
        {
            let mut inner = self.noting.inner.lock().expect("no panic");
            if !inner.will_wake(cx.waker()) {
                inner.clone_from(cx.waker());
            }
        }
        let this = &mut *self;
        let waker = this
            .waker
            .get_or_insert_with(|| Waker::from(this.noting.clone()));
        let out = this.fut.as_mut().poll(&mut Context::from_waker(waker));
        if out.is_ready() {
            this.watch.entries.borrow_mut()[this.index].seen.completed = true;
        }
        out
    }
}

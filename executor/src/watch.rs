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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use crate::clock::{Clock, Now, Tick};
use crate::executor::Handle;

/// One wake of a watched future: when it fired and which poll answered it. `seq` numbers
/// wakes, answering polls and task polls in the order they happened, so two events at one
/// tick are still ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WakeSeen {
    pub at: Tick,
    pub seq: u64,
    /// (tick, seq) of the poll that followed; `None`: none by the end of the run.
    pub answered: Option<(Tick, u64)>,
}

/// What a watch saw of one future.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watched {
    pub name: String,
    /// Ticks from each wake to the poll that followed it.
    pub delays: Vec<Tick>,
    /// Every wake, answered or not.
    pub wakes: Vec<WakeSeen>,
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
    frozen: Rc<RefCell<Option<Picture>>>,
    seq: Arc<AtomicU64>,
    task_polls: Rc<RefCell<Vec<TaskPoll>>>,
}

/// One poll of a watched task: its tick and the sequence numbers it began and ended at
/// (every poll of a watched future inside it falls between the two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskPoll {
    pub at: Tick,
    pub began: u64,
    pub ended: u64,
}

/// What the watch saw when the run ended: the futures and the task's polls.
type Picture = (Vec<Watched>, Vec<TaskPoll>);

/// A wake not yet answered: its tick and sequence number.
type Pending = Arc<Mutex<Option<(Tick, u64)>>>;

struct Entry {
    seen: Watched,
    woken: Pending,
}

impl Watch {
    pub fn new(clock: &Clock) -> Self {
        Self {
            clock: clock.clone(),
            entries: Rc::default(),
            frozen: Rc::default(),
            seq: Arc::default(),
            task_polls: Rc::default(),
        }
    }

    fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }

    /// Wraps the task's own future: each of its polls is noted (tick and order), so a
    /// detector can tell a future left unpolled while its task kept running.
    pub fn wrap_task<F: Future>(&self, fut: F) -> TaskWatched<F> {
        TaskWatched {
            fut: Box::pin(fut),
            watch: self.clone(),
        }
    }

    /// The task's polls (see [`Watch::wrap_task`]), as frozen at teardown if they were.
    pub fn task_polls(&self) -> Vec<TaskPoll> {
        match &*self.frozen.borrow() {
            Some((_, polls)) => polls.clone(),
            None => self.task_polls.borrow().clone(),
        }
    }

    /// Takes the watch's picture when `handle`'s run ends, before its pending tasks are
    /// dropped, so [`Watch::seen`] reports the state a deadlock left.
    pub fn freeze_at_teardown(&self, handle: &Handle) {
        let watch = self.clone();
        handle.at_teardown(move || {
            let picture = (watch.live(), watch.task_polls.borrow().clone());
            *watch.frozen.borrow_mut() = Some(picture);
        });
    }

    /// Every watched future, as frozen at teardown if it was, else as it is now.
    pub fn seen(&self) -> Vec<Watched> {
        match &*self.frozen.borrow() {
            Some((seen, _)) => seen.clone(),
            None => self.live(),
        }
    }

    fn live(&self) -> Vec<Watched> {
        self.entries
            .borrow()
            .iter()
            .map(|e| {
                let pending = *e.woken.lock().expect("a wake never panics");
                let mut seen = e.seen.clone();
                seen.woken_unpolled = pending.map(|(at, _)| at);
                if let Some((at, seq)) = pending {
                    seen.wakes.push(WakeSeen {
                        at,
                        seq,
                        answered: None,
                    });
                }
                seen
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
                    wakes: Vec::new(),
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
                seq: self.seq.clone(),
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
    woken: Pending,
    seq: Arc<AtomicU64>,
    now: Now,
    inner: Mutex<Waker>,
}

impl Wake for NotingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // The first wake since the last poll is the one the delay runs from.
        let mut woken = self.woken.lock().expect("a wake never panics");
        if woken.is_none() {
            *woken = Some((self.now.get(), self.seq.fetch_add(1, Ordering::Relaxed)));
        }
        drop(woken);
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
            let seq = self.watch.next_seq();
            let mut entries = self.watch.entries.borrow_mut();
            let seen = &mut entries[self.index].seen;
            if let Some((at, wake_seq)) = woke {
                seen.delays.push(now - at);
                seen.wakes.push(WakeSeen {
                    at,
                    seq: wake_seq,
                    answered: Some((now, seq)),
                });
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

/// A task's future wrapped by [`Watch::wrap_task`].
pub struct TaskWatched<F> {
    fut: Pin<Box<F>>,
    watch: Watch,
}

impl<F: Future> Future for TaskWatched<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let (at, began) = (self.watch.clock.now(), self.watch.next_seq());
        let out = self.fut.as_mut().poll(cx);
        let ended = self.watch.next_seq();
        self.watch
            .task_polls
            .borrow_mut()
            .push(TaskPoll { at, began, ended });
        out
    }
}

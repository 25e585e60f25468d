//! The run loop: poll ready tasks; when none is ready, advance the virtual clock to the
//! next timer; when there is no timer either, the run is deadlocked.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use crate::clock::{Clock, Tick};
use crate::schedule::{Fifo, Point, Schedule, Scheduler, Step};
use crate::stats::Stats;
use crate::waker::{Shared, TaskId, TaskWaker};

/// In which order timers due at the same tick are woken. `Fifo` (the order they were set)
/// is what deterministic checks rely on; `Seeded` draws a fresh permutation at every tick, so
/// a design that serves wakes in order is not credited with the executor's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerOrder {
    Fifo,
    Seeded(u64),
}

#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Upper bound on task polls; exceeding it ends the run with `BudgetExceeded`.
    pub max_polls: u64,
    pub timer_order: TimerOrder,
}

impl Config {
    /// The default configuration with a step budget of `max_polls`.
    pub fn with_max_polls(max_polls: u64) -> Self {
        Self {
            max_polls,
            ..Self::default()
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_polls: 1_000_000,
            timer_order: TimerOrder::Fifo,
        }
    }
}

/// How a run ended. Every variant is a verdict a check can record; none is a hang.
#[derive(Debug)]
pub enum Outcome<T> {
    Completed(T),
    /// Nothing runnable, no timer pending, and the main task has not finished.
    Deadlock {
        at: Tick,
        pending_tasks: usize,
    },
    BudgetExceeded {
        polls: u64,
        at: Tick,
    },
    Panicked {
        message: String,
    },
    /// A run on a real runtime (see `lab-runtimes`) that had not finished when its time ran
    /// out: a real runtime cannot tell a deadlock from a slow run, only that it is late.
    TimedOut {
        after_ms: u64,
    },
}

impl<T> Outcome<T> {
    pub fn completed(self) -> Option<T> {
        match self {
            Outcome::Completed(t) => Some(t),
            _ => None,
        }
    }

    /// The same outcome with the completed value mapped; the other outcomes carry over.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        match self {
            Outcome::Completed(t) => Outcome::Completed(f(t)),
            Outcome::Deadlock { at, pending_tasks } => Outcome::Deadlock { at, pending_tasks },
            Outcome::BudgetExceeded { polls, at } => Outcome::BudgetExceeded { polls, at },
            Outcome::Panicked { message } => Outcome::Panicked { message },
            Outcome::TimedOut { after_ms } => Outcome::TimedOut { after_ms },
        }
    }

    pub fn as_ref(&self) -> Outcome<&T> {
        match self {
            Outcome::Completed(t) => Outcome::Completed(t),
            Outcome::Deadlock { at, pending_tasks } => Outcome::Deadlock {
                at: *at,
                pending_tasks: *pending_tasks,
            },
            Outcome::BudgetExceeded { polls, at } => Outcome::BudgetExceeded {
                polls: *polls,
                at: *at,
            },
            Outcome::Panicked { message } => Outcome::Panicked {
                message: message.clone(),
            },
            Outcome::TimedOut { after_ms } => Outcome::TimedOut {
                after_ms: *after_ms,
            },
        }
    }
}

impl<T> fmt::Display for Outcome<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Completed(_) => write!(f, "completed"),
            Outcome::Deadlock { at, pending_tasks } => {
                write!(
                    f,
                    "deadlock at tick {at} with {pending_tasks} task(s) pending"
                )
            }
            Outcome::BudgetExceeded { polls, at } => {
                write!(f, "step budget of {polls} polls exceeded at tick {at}")
            }
            Outcome::Panicked { message } => write!(f, "panicked: {message}"),
            Outcome::TimedOut { after_ms } => write!(f, "not finished after {after_ms} ms"),
        }
    }
}

type Task = Pin<Box<dyn Future<Output = ()>>>;

struct Slot {
    // `None` while the task is being polled (so it can spawn) and after it completes.
    fut: Option<Task>,
    waker: Waker,
}

#[derive(Default)]
struct Tasks {
    slots: Vec<Option<Slot>>,
    spawned: u64,
}

/// Cloneable access to the executor from inside tasks and workloads.
#[derive(Clone)]
pub struct Handle {
    clock: Clock,
    tasks: Rc<RefCell<Tasks>>,
    queue: Shared,
    teardown: Rc<RefCell<Vec<Hook>>>,
    host: Option<Spawner>,
}

/// What [`Handle::at_teardown`] runs.
type Hook = Box<dyn FnOnce()>;

/// A real runtime's `spawn_local`, for a [`Handle::hosted`] handle.
pub type Spawner = Rc<dyn Fn(Pin<Box<dyn Future<Output = ()>>>)>;

/// What a [`Handle::hosted`] run leaves for its host to do at the end.
pub struct Hosted {
    teardown: Rc<RefCell<Vec<Hook>>>,
}

impl Hosted {
    /// Runs the teardown hooks, as the lab executor does when a run ends.
    pub fn finish(self) {
        let hooks = std::mem::take(&mut *self.teardown.borrow_mut());
        hooks.into_iter().for_each(|f| f());
    }
}

impl Handle {
    /// A handle for a run on a real runtime: `spawn` goes to the runtime's `spawn_local`,
    /// time to `clock` (a [`Clock::real`]). The workloads and designs run unchanged; the
    /// host calls [`Hosted::finish`] when the run ends.
    pub fn hosted(clock: Clock, spawn: Spawner) -> (Self, Hosted) {
        let teardown: Rc<RefCell<Vec<Hook>>> = Rc::default();
        let handle = Self {
            clock,
            tasks: Rc::default(),
            queue: Shared::default(),
            teardown: teardown.clone(),
            host: Some(spawn),
        };
        (handle, Hosted { teardown })
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Runs `f` when the run ends, however it ends, before the tasks still pending are
    /// dropped: a probe can take its picture of who holds what at a deadlock before the
    /// drops release it.
    pub fn at_teardown(&self, f: impl FnOnce() + 'static) {
        self.teardown.borrow_mut().push(Box::new(f));
    }

    /// Spawns a task. Like a runtime's detached task, dropping the handle does not cancel it;
    /// tasks still pending when the main task finishes are dropped and counted.
    pub fn spawn<F>(&self, fut: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
    {
        let state = Rc::new(RefCell::new(JoinState {
            output: None,
            waker: None,
        }));
        let done = state.clone();
        let fut = async move {
            let out = fut.await;
            let waker = {
                let mut s = done.borrow_mut();
                s.output = Some(out);
                s.waker.take()
            };
            if let Some(w) = waker {
                w.wake();
            }
        };
        if let Some(host) = &self.host {
            host(Box::pin(fut));
            return JoinHandle { state };
        }
        let id = {
            let mut tasks = self.tasks.borrow_mut();
            let id = tasks.slots.len();
            tasks.spawned += 1;
            let waker = Waker::from(Arc::new(TaskWaker {
                id,
                queue: self.queue.clone(),
            }));
            tasks.slots.push(Some(Slot {
                fut: Some(Box::pin(fut)),
                waker,
            }));
            id
        };
        // The first poll is not a wake.
        self.queue.lock().schedule(id);
        JoinHandle { state }
    }
}

struct JoinState<T> {
    output: Option<T>,
    waker: Option<Waker>,
}

/// Resolves to the spawned task's output.
pub struct JoinHandle<T> {
    state: Rc<RefCell<JoinState<T>>>,
}

impl<T> JoinHandle<T> {
    pub fn is_finished(&self) -> bool {
        self.state.borrow().output.is_some()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut s = self.state.borrow_mut();
        match s.output.take() {
            Some(out) => Poll::Ready(out),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// What [`Executor::run`] returns: the verdict, the counters, and every choice the
/// scheduler made (replaying `schedule` reproduces the run).
#[derive(Debug)]
pub struct Run<T> {
    pub outcome: Outcome<T>,
    pub stats: Stats,
    pub schedule: Schedule,
}

pub struct Executor {
    config: Config,
    handle: Handle,
    scheduler: Box<dyn Scheduler>,
}

impl Executor {
    /// An executor that runs ready tasks in the order they were woken.
    pub fn new(config: Config) -> Self {
        Self::with_scheduler(config, Fifo)
    }

    /// An executor whose choices `scheduler` makes. Timers due together are ordered by it
    /// too, unless `config.timer_order` is `Seeded`.
    pub fn with_scheduler(config: Config, scheduler: impl Scheduler + 'static) -> Self {
        Self {
            config,
            handle: Handle {
                clock: Clock::default(),
                tasks: Rc::default(),
                queue: Shared::default(),
                teardown: Rc::default(),
                host: None,
            },
            scheduler: Box::new(scheduler),
        }
    }

    pub fn handle(&self) -> Handle {
        self.handle.clone()
    }

    /// Runs `main` (and whatever it spawns) until `main` completes or the run cannot
    /// continue. Tasks still pending at the end are dropped before the stats are taken,
    /// so probes see their cancellation.
    pub fn run<F>(mut self, main: F) -> Run<F::Output>
    where
        F: Future + 'static,
    {
        let mut main = self.handle.spawn(main);
        let mut schedule = Schedule::default();
        let mut timer_rng = match self.config.timer_order {
            TimerOrder::Fifo => None,
            TimerOrder::Seeded(seed) => Some(fastrand::Rng::with_seed(seed)),
        };
        let mut stats = Stats::default();
        let mut noop = Context::from_waker(Waker::noop());
        let outcome = loop {
            if main.is_finished() {
                let Poll::Ready(out) = Pin::new(&mut main).poll(&mut noop) else {
                    unreachable!("a finished join handle is ready")
                };
                break Outcome::Completed(out);
            }
            if stats.polls >= self.config.max_polls {
                break Outcome::BudgetExceeded {
                    polls: stats.polls,
                    at: self.handle.clock.now(),
                };
            }
            let next = {
                let mut queue = self.handle.queue.lock();
                let index = match queue.ready.len() {
                    0 | 1 => 0,
                    _ => {
                        let ready: Vec<usize> = queue.ready.iter().copied().collect();
                        choose(&mut *self.scheduler, &mut schedule, Point::Task, &ready)
                    }
                };
                queue.take(index)
            };
            let scheduler = &mut *self.scheduler;
            let mut order = |due: &mut Vec<Waker>| match timer_rng.as_mut() {
                Some(rng) => rng.shuffle(due),
                None => order_timers(scheduler, &mut schedule, due),
            };
            match next {
                Some(id) => {
                    if let Err(message) = self.poll_task(id, &mut stats) {
                        break Outcome::Panicked { message };
                    }
                }
                None if self.handle.clock.advance_to_next_timer(&mut order) => {}
                None => {
                    break Outcome::Deadlock {
                        at: self.handle.clock.now(),
                        pending_tasks: self.pending_tasks(),
                    };
                }
            }
        };
        self.finish(&mut stats);
        Run {
            outcome,
            stats,
            schedule,
        }
    }

    fn pending_tasks(&self) -> usize {
        self.handle.tasks.borrow().slots.iter().flatten().count()
    }

    fn poll_task(&self, id: TaskId, stats: &mut Stats) -> Result<(), String> {
        let taken = {
            let mut tasks = self.handle.tasks.borrow_mut();
            match tasks.slots.get_mut(id).and_then(Option::as_mut) {
                Some(slot) => slot.fut.take().map(|f| (f, slot.waker.clone())),
                None => None,
            }
        };
        let Some((mut fut, waker)) = taken else {
            // Woken after it finished: a wake that no poll follows.
            stats.wakes_never_polled += 1;
            return Ok(());
        };
        stats.polls += 1;
        let mut cx = Context::from_waker(&waker);
        let polled = catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(&mut cx)));
        let mut tasks = self.handle.tasks.borrow_mut();
        match polled {
            Ok(Poll::Pending) => {
                if let Some(slot) = tasks.slots[id].as_mut() {
                    slot.fut = Some(fut);
                }
                Ok(())
            }
            Ok(Poll::Ready(())) => {
                tasks.slots[id] = None;
                stats.tasks_completed += 1;
                Ok(())
            }
            Err(payload) => {
                tasks.slots[id] = None;
                Err(panic_message(payload.as_ref()))
            }
        }
    }

    fn finish(&self, stats: &mut Stats) {
        let hooks = std::mem::take(&mut *self.handle.teardown.borrow_mut());
        hooks.into_iter().for_each(|f| f());
        let leftover: Vec<Task> = {
            let mut tasks = self.handle.tasks.borrow_mut();
            stats.tasks_spawned = tasks.spawned;
            tasks
                .slots
                .iter_mut()
                .filter_map(|s| s.take().and_then(|s| s.fut))
                .collect()
        };
        stats.tasks_dropped_pending = leftover.len() as u64;
        // Dropped outside the borrow: a task's destructor may spawn or wake.
        drop(leftover);
        let q = self.handle.queue.lock();
        stats.wakes = q.wakes;
        stats.wakes_never_polled += q.ready.len() as u64;
        stats.timers_fired = self.handle.clock.timers_fired();
        stats.end_tick = self.handle.clock.now();
    }
}

/// One choice among `options` (at least two), recorded.
fn choose(
    scheduler: &mut dyn Scheduler,
    schedule: &mut Schedule,
    point: Point,
    options: &[usize],
) -> usize {
    let choice = scheduler.choose(point, options).min(options.len() - 1);
    schedule.steps.push(Step {
        point,
        choice: choice as u32,
        options: options.len() as u32,
    });
    choice
}

/// Orders timers due together by a choice per position: which of the timers left (in the
/// order they were set) wakes next.
fn order_timers(scheduler: &mut dyn Scheduler, schedule: &mut Schedule, due: &mut Vec<Waker>) {
    for i in 0..due.len() - 1 {
        let left: Vec<usize> = (0..due.len() - i).collect();
        let j = choose(scheduler, schedule, Point::Timer, &left);
        let w = due.remove(i + j);
        due.insert(i, w);
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".into())
}

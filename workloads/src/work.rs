//! Work items for the iteration-strategy question (seed 000): a source that always has the
//! next item ready (a producer faster than any consumer), and a body that takes `ticks`
//! virtual ticks per item (IO-like work on the lab executor). A shared tally follows every
//! item through pulled → started → finished, or dropped mid-way, and keeps the peaks a
//! backpressure check needs: items in flight, and items pulled ahead of the body.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::Stream;
use lab_executor::{Clock, Handle, JoinHandle, Tick};
use serde::Serialize;

/// One unit of work: its position in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkItem {
    pub seq: u32,
}

/// What happened to the items so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkTally {
    /// Taken from the source.
    pub pulled: u32,
    /// Whose body was polled at least once.
    pub started: u32,
    /// Whose body ran to its end.
    pub finished: u32,
    /// Whose body was dropped after it started, before it finished.
    pub dropped: u32,
    /// Whose body was created and dropped before its first poll.
    pub discarded: u32,
    /// Most bodies started and not yet finished or dropped at once.
    pub peak_in_flight: u32,
    /// Most items pulled and not yet finished or dropped at once: what the strategy took
    /// from the source ahead of the work it completed.
    pub peak_ahead: u32,
}

impl WorkTally {
    /// Bodies started and neither finished nor dropped.
    pub fn in_flight(&self) -> u32 {
        self.started - self.finished - self.dropped
    }

    /// Items pulled and neither finished nor dropped nor discarded (some may not have
    /// started); 0 for
    /// bodies run with [`WorkIo::process_for`] on items never pulled.
    pub fn ahead(&self) -> u32 {
        // Bodies run on items never pulled (`process_for`) have nothing pulled ahead; where
        // items are pulled, an underflow would be an accounting bug and panics in tests.
        if self.pulled == 0 {
            0
        } else {
            self.pulled - self.finished - self.dropped - self.discarded
        }
    }

    fn note_peaks(&mut self) {
        self.peak_in_flight = self.peak_in_flight.max(self.in_flight());
        self.peak_ahead = self.peak_ahead.max(self.ahead());
    }
}

/// Where one item is: pulled from the source, its body created (not yet polled),
/// started, finished, dropped mid-way, or discarded (dropped before its first poll).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ItemState {
    Pulled,
    Created,
    Started,
    Finished,
    Dropped,
    Discarded,
}

#[derive(Default)]
struct Inner {
    tally: WorkTally,
    states: Vec<ItemState>,
}

type Shared = Rc<RefCell<Inner>>;

fn update(t: &Shared, seq: u32, state: ItemState, f: impl FnOnce(&mut WorkTally)) {
    let mut inner = t.borrow_mut();
    let i = seq as usize;
    if inner.states.len() <= i {
        inner.states.resize(i + 1, ItemState::Pulled);
    }
    inner.states[i] = state;
    f(&mut inner.tally);
    inner.tally.note_peaks();
}

/// `items` work items, each ready as soon as it is asked for.
pub struct WorkSource {
    next: u32,
    items: u32,
    tally: Shared,
}

impl Stream for WorkSource {
    type Item = WorkItem;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<WorkItem>> {
        if self.next == self.items {
            return Poll::Ready(None);
        }
        let seq = self.next;
        self.next += 1;
        update(&self.tally, seq, ItemState::Pulled, |t| t.pulled += 1);
        Poll::Ready(Some(WorkItem { seq }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.items - self.next) as usize;
        (left, Some(left))
    }
}

/// What a design needs to run the body: cheap to clone.
#[derive(Clone)]
pub struct WorkIo {
    clock: Clock,
    ticks: Tick,
    tally: Shared,
    handle: Handle,
}

impl WorkIo {
    /// The loop body for one item: `ticks` virtual ticks of waiting (at least one yield).
    pub fn process(&self, item: WorkItem) -> impl Future<Output = WorkItem> + use<> {
        self.process_for(item, self.ticks)
    }

    /// The body for one item, taking `ticks` ticks of its own (0: one yield); counted in
    /// the same tally. Item `seq` must not be pulled from the source as well.
    pub fn process_for(
        &self,
        item: WorkItem,
        ticks: Tick,
    ) -> impl Future<Output = WorkItem> + use<> {
        let clock = self.clock.clone();
        // Created with the future, so a body dropped before its first poll is counted.
        let body = Body::create(self.tally.clone(), item.seq);
        async move {
            body.start();
            match ticks {
                0 => lab_executor::yield_now().await,
                n => clock.sleep(n).await,
            }
            body.finish();
            item
        }
    }

    /// Spawns a task on the executor the workload runs on (its `spawn_local`).
    pub fn spawn<F: Future + 'static>(&self, fut: F) -> JoinHandle<F::Output> {
        self.handle.spawn(fut)
    }
}

/// Follows one body from its creation: started at its first poll, finished at its end;
/// dropped mid-way if it goes away after starting, discarded if before.
struct Body {
    tally: Shared,
    seq: u32,
    state: Cell<ItemState>,
}

impl Body {
    fn create(tally: Shared, seq: u32) -> Self {
        update(&tally, seq, ItemState::Created, |_| {});
        Self {
            tally,
            seq,
            state: Cell::new(ItemState::Created),
        }
    }

    fn start(&self) {
        self.state.set(ItemState::Started);
        update(&self.tally, self.seq, ItemState::Started, |t| {
            t.started += 1
        });
    }

    fn finish(&self) {
        self.state.set(ItemState::Finished);
        update(&self.tally, self.seq, ItemState::Finished, |t| {
            t.finished += 1
        });
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        match self.state.get() {
            ItemState::Started => update(&self.tally, self.seq, ItemState::Dropped, |t| {
                t.dropped += 1
            }),
            ItemState::Created => update(&self.tally, self.seq, ItemState::Discarded, |t| {
                t.discarded += 1
            }),
            _ => {}
        }
    }
}

/// One instance of the workload on an executor.
pub struct Work {
    pub items: WorkSource,
    pub io: WorkIo,
}

/// Reads the tally while and after a design runs.
#[derive(Clone)]
pub struct WorkRecord {
    tally: Shared,
}

impl WorkRecord {
    pub fn tally(&self) -> WorkTally {
        self.tally.borrow().tally
    }

    /// Each pulled item's state, by position in the source.
    pub fn states(&self) -> Vec<ItemState> {
        self.tally.borrow().states.clone()
    }
}

impl Work {
    /// `items` items whose bodies take `ticks` ticks each, on `handle`'s executor.
    pub fn new(items: u32, ticks: Tick, handle: &Handle) -> (Self, WorkRecord) {
        let tally: Shared = Rc::default();
        let work = Self {
            items: WorkSource {
                next: 0,
                items,
                tally: tally.clone(),
            },
            io: WorkIo {
                clock: handle.clock().clone(),
                ticks,
                tally: tally.clone(),
                handle: handle.clone(),
            },
        };
        (work, WorkRecord { tally })
    }
}

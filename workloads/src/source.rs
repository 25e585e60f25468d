//! A stream of [`Item`]s that is always ready, ready at scripted virtual ticks, backed by a
//! pre-filled tokio channel (whose receiver spends tokio's cooperative budget when polled
//! inside a tokio runtime), or fed through a tokio channel by another task.

use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, ready};

use futures_core::{FusedStream, Stream};
use lab_executor::{Clock, Sleep, Tick};
use tokio::sync::mpsc;

use crate::Item;

pub struct Source {
    id: u16,
    next: u32,
    len: u32,
    // `None`: every item is ready at once (benchmarks). Otherwise the tick at which each
    // item becomes ready, non-decreasing.
    script: Option<(Clock, Vec<Tick>)>,
    sleep: Option<Sleep>,
    channel: Option<mpsc::UnboundedReceiver<Item>>,
    // Scripted sources may stay open after their last item and end (yield `None`) only at
    // this tick.
    ends_at: Tick,
    // Set once `None` has been returned: like `StreamExt::fuse` and futures' channels,
    // `is_terminated` turns true only then, so `select!` sees the `None`.
    finished: bool,
    // Fed by another task: the stream ends when the channel closes, not after `len` items.
    fed: bool,
    // Counts the polls it gets once it has yielded `None` (see `counting_polls_after_end`).
    after_end: Option<Rc<Cell<u32>>>,
}

impl Source {
    pub fn always_ready(id: u16, len: u32) -> Self {
        Self {
            id,
            next: 0,
            len,
            script: None,
            sleep: None,
            channel: None,
            ends_at: 0,
            finished: false,
            fed: false,
            after_end: None,
        }
    }

    /// This source, counting every poll it gets after it yielded `None` (each answered with
    /// `None` again): what a stream that is not fused might answer with a panic.
    pub fn counting_polls_after_end(mut self) -> (Self, Rc<Cell<u32>>) {
        let count = Rc::new(Cell::new(0));
        self.after_end = Some(count.clone());
        (self, count)
    }

    /// Items arrive through `rx` from a producer task; the stream ends when every sender
    /// is gone. `len` is how many the producer will send (for [`Source::items`]).
    pub fn fed(id: u16, len: u32, rx: mpsc::UnboundedReceiver<Item>) -> Self {
        Self {
            channel: Some(rx),
            fed: true,
            ..Self::always_ready(id, len)
        }
    }

    /// All `len` items are already sent into a tokio channel whose sender is dropped; items
    /// are received from it. Outside a tokio runtime this behaves like `always_ready`.
    pub fn channel(id: u16, len: u32) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        for seq in 0..len {
            tx.send(Item::new(id, seq)).expect("the receiver is alive");
        }
        Self {
            channel: Some(rx),
            ..Self::always_ready(id, len)
        }
    }

    /// Item `k` becomes ready at `ready_at[k]`; the stream ends right after the last item.
    pub fn scripted(id: u16, clock: Clock, ready_at: Vec<Tick>) -> Self {
        Self::scripted_until(id, clock, ready_at, 0)
    }

    /// Like [`Source::scripted`], but the stream ends no earlier than tick `ends_at`.
    pub fn scripted_until(id: u16, clock: Clock, ready_at: Vec<Tick>, ends_at: Tick) -> Self {
        Self {
            len: u32::try_from(ready_at.len()).expect("fewer than 2^32 items"),
            script: Some((clock, ready_at)),
            ends_at,
            ..Self::always_ready(id, 0)
        }
    }

    /// Every item this source will produce, in order.
    pub fn items(&self) -> impl Iterator<Item = Item> + use<> {
        let id = self.id;
        (0..self.len).map(move |seq| Item::new(id, seq))
    }
}

impl Stream for Source {
    type Item = Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        let this = &mut *self;
        if this.finished {
            if let Some(count) = &this.after_end {
                count.set(count.get() + 1);
            }
            return Poll::Ready(None);
        }
        if this.fed {
            let rx = this.channel.as_mut().expect("a fed source has a channel");
            return match ready!(rx.poll_recv(cx)) {
                Some(item) => {
                    this.next += 1;
                    Poll::Ready(Some(item))
                }
                None => {
                    this.finished = true;
                    Poll::Ready(None)
                }
            };
        }
        if this.next == this.len {
            if let Some((clock, _)) = &this.script
                && clock.now() < this.ends_at
            {
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| clock.sleep_until(this.ends_at));
                ready!(Pin::new(sleep).poll(cx));
                this.sleep = None;
            }
            this.finished = true;
            return Poll::Ready(None);
        }
        if let Some((clock, ready_at)) = &this.script {
            let due = ready_at[this.next as usize];
            if clock.now() < due {
                let sleep = this.sleep.get_or_insert_with(|| clock.sleep_until(due));
                ready!(Pin::new(sleep).poll(cx));
            }
            this.sleep = None;
        }
        if let Some(rx) = &mut this.channel {
            let item = ready!(rx.poll_recv(cx)).expect("the channel holds every item");
            this.next += 1;
            return Poll::Ready(Some(item));
        }
        let item = Item::new(this.id, this.next);
        this.next += 1;
        Poll::Ready(Some(item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.len.saturating_sub(self.next) as usize;
        (left, Some(left))
    }
}

impl FusedStream for Source {
    fn is_terminated(&self) -> bool {
        self.finished
    }
}

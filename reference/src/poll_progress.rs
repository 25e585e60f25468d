//! boats' `poll_progress` proposal, which no crate ships: an async iterator may be asked to
//! drive the work it has in flight without yielding an item, and the `for await` lowering
//! asks it to whenever the loop body is pending. [`BufferedProgress`] is `buffered(n)` with
//! that method (results in source order); [`for_await`] is the lowering. While the body
//! runs, `poll_progress` polls the in-flight futures and keeps their outputs, but pulls no
//! new item from the source: the proposal asks for progress on work already started, not
//! for more of it. Each poll polls every running future (no per-future wakers, unlike
//! futures' `FuturesOrdered`): simpler, and for a reference design of the semantics enough.
//! The futures must be `Unpin` (box them if not): the buffer then allocates nothing per
//! item beyond its queue's growth, so a count of allocations shows the proposal's own cost.

use std::collections::VecDeque;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use futures_core::Stream;

/// An async iterator that can make progress on in-flight work between items.
pub trait PollProgress: Stream {
    /// Drives work in flight; `Ready` when none is left running (the next item, if any, is
    /// then ready or needs the source), `Pending` while some is still running.
    fn poll_progress(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()>;
}

enum Slot<F: Future> {
    Running(F),
    Done(F::Output),
}

/// `buffered(limit)` over a stream of futures, with `poll_progress`.
pub struct BufferedProgress<S: Stream>
where
    S::Item: Future + Unpin,
{
    source: Option<S>,
    in_flight: VecDeque<Slot<S::Item>>,
    limit: usize,
}

impl<S: Stream + Unpin> BufferedProgress<S>
where
    S::Item: Future + Unpin,
{
    pub fn new(source: S, limit: usize) -> Self {
        assert!(limit > 0, "a buffer of 0 would never start a future");
        Self {
            source: Some(source),
            in_flight: VecDeque::new(),
            limit,
        }
    }

    /// Polls every running future once; true if any is still running.
    fn drive(&mut self, cx: &mut Context<'_>) -> bool {
        let mut running = false;
        for slot in &mut self.in_flight {
            if let Slot::Running(fut) = slot {
                match Pin::new(fut).poll(cx) {
                    Poll::Ready(out) => *slot = Slot::Done(out),
                    Poll::Pending => running = true,
                }
            }
        }
        running
    }
}

// Nothing is pinned structurally (the source and the futures are `Unpin`, outputs are only
// moved), so the buffer is `Unpin` whatever its outputs are.
impl<S: Stream + Unpin> Unpin for BufferedProgress<S> where S::Item: Future + Unpin {}

impl<S: Stream + Unpin> Stream for BufferedProgress<S>
where
    S::Item: Future + Unpin,
{
    type Item = <S::Item as Future>::Output;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        while this.in_flight.len() < this.limit {
            let Some(source) = this.source.as_mut() else {
                break;
            };
            match Pin::new(source).poll_next(cx) {
                Poll::Ready(Some(fut)) => this.in_flight.push_back(Slot::Running(fut)),
                Poll::Ready(None) => this.source = None,
                Poll::Pending => break,
            }
        }
        this.drive(cx);
        match this.in_flight.front() {
            Some(Slot::Done(_)) => match this.in_flight.pop_front() {
                Some(Slot::Done(out)) => Poll::Ready(Some(out)),
                _ => unreachable!("the front was done"),
            },
            None if this.source.is_none() => Poll::Ready(None),
            _ => Poll::Pending,
        }
    }
}

impl<S: Stream + Unpin> PollProgress for BufferedProgress<S>
where
    S::Item: Future + Unpin,
{
    fn poll_progress(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.get_mut().drive(cx) {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

/// `for await item in s { body(item).await }` as the proposal lowers it: while the body is
/// pending, the iterator is asked for progress.
pub async fn for_await<S, B, F>(mut s: S, mut body: B)
where
    S: PollProgress + Unpin,
    B: FnMut(S::Item) -> F,
    F: Future<Output = ()>,
{
    while let Some(item) = poll_fn(|cx| Pin::new(&mut s).poll_next(cx)).await {
        let mut running = pin!(body(item));
        poll_fn(|cx| {
            if running.as_mut().poll(cx).is_ready() {
                return Poll::Ready(());
            }
            // Its result does not matter here: the body decides when the loop goes on.
            let _ = Pin::new(&mut s).poll_progress(cx);
            Poll::Pending
        })
        .await;
    }
}

//! A poll-to-completion future, the idea the `completion` crate tried: once polled, a
//! [`MustComplete`] may not be dropped before it completes (the crate made dropping
//! `unsafe`; here a drop mid-way is counted, [`dropped_incomplete`], rather than panicking
//! in `Drop`, where an executor tearing down a stuck run would abort), so a race over it
//! cannot cancel it mid-way. Instead
//! [`race_completing`] returns as soon as either side finishes; if the other side wins, it
//! first drives the must-complete future to its end and returns both outputs. Nothing is
//! lost; the winner's output waits while the loser finishes.

use std::cell::Cell;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A future that must run to completion once polled.
pub struct MustComplete<F: Future> {
    fut: Pin<Box<F>>,
    polled: bool,
    out: Option<F::Output>,
    taken: bool,
}

impl<F: Future> MustComplete<F> {
    pub fn new(fut: F) -> Self {
        Self {
            fut: Box::pin(fut),
            polled: false,
            out: None,
            taken: false,
        }
    }

    fn poll_inner(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.out.is_some() || self.taken {
            return Poll::Ready(());
        }
        self.polled = true;
        match self.fut.as_mut().poll(cx) {
            Poll::Ready(out) => {
                self.out = Some(out);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn take(&mut self) -> F::Output {
        self.taken = true;
        self.out.take().expect("polled to completion first")
    }
}

thread_local! {
    static DROPPED_INCOMPLETE: Cell<u64> = const { Cell::new(0) };
}

/// How many must-complete futures this thread dropped after polling them and before they
/// completed: each one a broken contract.
pub fn dropped_incomplete() -> u64 {
    DROPPED_INCOMPLETE.with(Cell::get)
}

impl<F: Future> Drop for MustComplete<F> {
    fn drop(&mut self) {
        if self.polled && self.out.is_none() && !self.taken {
            DROPPED_INCOMPLETE.with(|n| n.set(n.get() + 1));
        }
    }
}

/// Which side of [`race_completing`] finished first.
#[derive(Debug, PartialEq, Eq)]
pub enum Raced<A, B> {
    /// The must-complete side finished first; the other was dropped (it may be cancelled).
    First(A),
    /// The other side finished first; the must-complete side was then run to its end.
    Second(B, A),
}

/// Races `a` (which must complete) against `b`; see the module docs. `a` is polled first.
pub async fn race_completing<A: Future, B: Future>(a: A, b: B) -> Raced<A::Output, B::Output> {
    let mut a = MustComplete::new(a);
    let mut b = Box::pin(b);
    let first = poll_fn(|cx| {
        if a.poll_inner(cx).is_ready() {
            return Poll::Ready(None);
        }
        b.as_mut().poll(cx).map(Some)
    })
    .await;
    match first {
        None => Raced::First(a.take()),
        Some(won) => {
            poll_fn(|cx| a.poll_inner(cx)).await;
            Raced::Second(won, a.take())
        }
    }
}

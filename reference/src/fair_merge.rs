//! A fair N-ary merge that polls only the sources whose wakers fired, as
//! futures-concurrency's merges do internally: each source gets its own waker, which marks
//! the source ready and wakes the merge; the merge polls the ready sources in turn, starting
//! one past the source it served last.
//!
//! A source's readiness is cleared *before* it is polled: a wake that arrives while the
//! poll runs (from another thread) sets it again and the source is polled once more.
//! [`Flaw::ClearAfterPoll`] clears it afterwards, erasing that wake.

use std::pin::Pin;
use std::task::{Context, Poll, Wake, Waker};

use futures_core::Stream;

use crate::Flaw;
use crate::sync::{Arc, AtomicBool, AtomicWaker, Ordering};

/// Which sources have been woken since they were last polled, and the merge's own waker.
struct Readiness {
    ready: Vec<AtomicBool>,
    merge: AtomicWaker,
}

/// The waker a source is polled with.
struct SourceWaker {
    readiness: Arc<Readiness>,
    index: usize,
}

impl Wake for SourceWaker {
    fn wake(self: std::sync::Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &std::sync::Arc<Self>) {
        self.readiness.ready[self.index].swap(true, Ordering::AcqRel);
        self.readiness.merge.wake();
    }
}

pub struct FairMerge<S> {
    sources: Vec<Option<S>>,
    wakers: Vec<Waker>,
    readiness: Arc<Readiness>,
    /// Where the next round of polling starts.
    next: usize,
    flaw: Flaw,
}

impl<S: Stream + Unpin> FairMerge<S> {
    pub fn new(sources: Vec<S>, flaw: Flaw) -> Self {
        let n = sources.len();
        // Every source starts ready: it has not been polled yet.
        let readiness = Arc::new(Readiness {
            ready: (0..n).map(|_| AtomicBool::new(true)).collect(),
            merge: AtomicWaker::new(),
        });
        let wakers = (0..n)
            .map(|index| {
                Waker::from(std::sync::Arc::new(SourceWaker {
                    readiness: Arc::clone(&readiness),
                    index,
                }))
            })
            .collect();
        Self {
            sources: sources.into_iter().map(Some).collect(),
            wakers,
            readiness,
            next: 0,
            flaw,
        }
    }
}

impl<S: Stream + Unpin> Stream for FairMerge<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let this = &mut *self;
        this.readiness.merge.register(cx.waker());
        let n = this.sources.len();
        for k in 0..n {
            let i = (this.next + k) % n;
            let Some(source) = this.sources[i].as_mut() else {
                continue;
            };
            let ready = &this.readiness.ready[i];
            let woken = match this.flaw {
                Flaw::ClearAfterPoll => ready.load(Ordering::Acquire),
                _ => ready.swap(false, Ordering::AcqRel),
            };
            if !woken {
                continue;
            }
            let polled = Pin::new(source).poll_next(&mut Context::from_waker(&this.wakers[i]));
            if this.flaw == Flaw::ClearAfterPoll {
                ready.store(false, Ordering::Release);
            }
            match polled {
                Poll::Ready(Some(item)) => {
                    // It may hold more: poll it again in a later round without a wake.
                    ready.swap(true, Ordering::AcqRel);
                    this.next = i + 1;
                    return Poll::Ready(Some(item));
                }
                Poll::Ready(None) => this.sources[i] = None,
                Poll::Pending => {}
            }
        }
        if this.sources.iter().all(Option::is_none) {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }
}

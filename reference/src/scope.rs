//! A structured-concurrency scope, which no crate of the lab's set ships (seed 003: "a shim
//! on top of existing executors"): `scope(|s| body)` runs the body and every future spawned
//! on `s` inside one future, so nothing spawned outlives it. It completes when the body and
//! every child have completed; the first error any of them returns ends the scope, and the
//! children still running are dropped (cancellation propagates), as is everything when the
//! scope's own future is dropped. Once the scope has ended or is being dropped, a spawn is
//! refused ([`Closed`]) rather than queued where nothing would poll it. Children are polled
//! by a `FuturesUnordered`, so only the woken ones are polled; single-threaded, with no
//! waker or lock of its own.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_util::stream::{FuturesUnordered, StreamExt};

type Child<E> = Pin<Box<dyn Future<Output = Result<(), E>>>>;

/// Where a scope's body (and its children) spawn.
pub struct Scope<E> {
    // `None` once the scope has ended or is being dropped.
    queued: Rc<RefCell<Option<Vec<Child<E>>>>>,
}

/// A spawn on a scope that has ended: nothing would poll the future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Closed;

impl<E> Clone for Scope<E> {
    fn clone(&self) -> Self {
        Self {
            queued: self.queued.clone(),
        }
    }
}

impl<E> Scope<E> {
    /// Runs `fut` inside the scope; the scope does not complete before it does. Refused
    /// once the scope has ended or is being dropped.
    pub fn spawn(&self, fut: impl Future<Output = Result<(), E>> + 'static) -> Result<(), Closed> {
        match self.queued.borrow_mut().as_mut() {
            Some(q) => {
                q.push(Box::pin(fut));
                Ok(())
            }
            None => Err(Closed),
        }
    }

    fn close(&self) {
        // Dropped after the borrow ends: a queued child's drop may spawn, and is refused.
        let queued = self.queued.borrow_mut().take();
        drop(queued);
    }

    fn take_queued(&self) -> Vec<Child<E>> {
        self.queued
            .borrow_mut()
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    fn any_queued(&self) -> bool {
        self.queued.borrow().as_ref().is_some_and(|q| !q.is_empty())
    }
}

/// The scope's future.
pub struct ScopeFuture<E, B> {
    body: Option<Pin<Box<B>>>,
    children: FuturesUnordered<Child<E>>,
    scope: Scope<E>,
}

/// Runs `body` with a scope to spawn on; see the module docs.
pub fn scope<E, B>(body: impl FnOnce(Scope<E>) -> B) -> ScopeFuture<E, B>
where
    B: Future<Output = Result<(), E>>,
{
    let scope = Scope {
        queued: Rc::new(RefCell::new(Some(Vec::new()))),
    };
    ScopeFuture {
        body: Some(Box::pin(body(scope.clone()))),
        children: FuturesUnordered::new(),
        scope,
    }
}

impl<E, B> Future for ScopeFuture<E, B>
where
    B: Future<Output = Result<(), E>>,
{
    type Output = Result<(), E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the body and the children are boxed).
        let this = self.get_mut();
        if let Some(body) = this.body.as_mut()
            && let Poll::Ready(r) = body.as_mut().poll(cx)
        {
            this.body = None;
            if let Err(e) = r {
                this.scope.close();
                return Poll::Ready(Err(e));
            }
        }
        loop {
            // Children spawned by the body or by other children since the last round.
            this.children.extend(this.scope.take_queued());
            match this.children.poll_next_unpin(cx) {
                Poll::Ready(Some(Err(e))) => {
                    this.scope.close();
                    return Poll::Ready(Err(e));
                }
                Poll::Ready(Some(Ok(()))) => continue,
                Poll::Ready(None) | Poll::Pending if this.scope.any_queued() => continue,
                Poll::Ready(None) if this.body.is_none() => {
                    this.scope.close();
                    return Poll::Ready(Ok(()));
                }
                Poll::Ready(None) | Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<E, B> Drop for ScopeFuture<E, B> {
    // Closed first, so what the body and the children spawn while they are dropped is
    // refused, not queued where nothing would poll it.
    fn drop(&mut self) {
        self.scope.close();
    }
}

//! A structured-concurrency scope, which no crate of the lab's set ships (seed 003: "a shim
//! on top of existing executors"): `scope(|s| body)` runs the body and every future spawned
//! on `s` inside one future, so nothing spawned outlives it. It completes when the body and
//! every child have completed; the first error any of them returns ends the scope, and the
//! children still running are dropped (cancellation propagates), as is everything when the
//! scope's own future is dropped. Children are polled by a `FuturesUnordered`, so only the
//! woken ones are polled; single-threaded, with no waker or lock of its own.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_util::stream::{FuturesUnordered, StreamExt};

type Child<E> = Pin<Box<dyn Future<Output = Result<(), E>>>>;

/// Where a scope's body (and its children) spawn.
pub struct Scope<E> {
    queued: Rc<RefCell<Vec<Child<E>>>>,
}

impl<E> Clone for Scope<E> {
    fn clone(&self) -> Self {
        Self {
            queued: self.queued.clone(),
        }
    }
}

impl<E> Scope<E> {
    /// Runs `fut` inside the scope; the scope does not complete before it does.
    pub fn spawn(&self, fut: impl Future<Output = Result<(), E>> + 'static) {
        self.queued.borrow_mut().push(Box::pin(fut));
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
        queued: Rc::default(),
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
            r?;
        }
        loop {
            // Children spawned by the body or by other children since the last round.
            let spawned: Vec<Child<E>> = this.scope.queued.borrow_mut().drain(..).collect();
            this.children.extend(spawned);
            match this.children.poll_next_unpin(cx) {
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e)),
                Poll::Ready(Some(Ok(()))) => continue,
                Poll::Ready(None) | Poll::Pending if !this.scope.queued.borrow().is_empty() => {
                    continue;
                }
                Poll::Ready(None) if this.body.is_none() => return Poll::Ready(Ok(())),
                Poll::Ready(None) | Poll::Pending => return Poll::Pending,
            }
        }
    }
}

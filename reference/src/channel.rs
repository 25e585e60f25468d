//! An unbounded multi-producer, single-consumer async channel: producers on any thread push
//! and wake; the receiver is a `Stream` that ends once every sender is gone and the queue
//! is empty.
//!
//! The queue and the count of live senders sit under one lock, so the receiver never sees
//! a stale count beside a fresh queue. The receiver registers its waker *before* it looks:
//! a push or a last drop that lands after the look finds the waker registered and wakes it.
//! [`Flaw::CheckThenRegister`] looks first, which loses exactly that wake.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::Flaw;
use crate::sync::{Arc, AtomicWaker, Mutex};

struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    receiver: AtomicWaker,
}

pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
    flaw: Flaw,
}

/// A channel built with `flaw` (use [`Flaw::None`] for the correct design).
pub fn channel<T>(flaw: Flaw) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
        }),
        receiver: AtomicWaker::new(),
    });
    let sender = Sender {
        shared: Arc::clone(&shared),
    };
    (sender, Receiver { shared, flaw })
}

impl<T> Sender<T> {
    pub fn send(&self, value: T) {
        self.shared.state.lock().unwrap().queue.push_back(value);
        self.shared.receiver.wake();
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.state.lock().unwrap().senders += 1;
        Self {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // The last sender's wake follows its decrement, so a receiver that saw a sender
        // still alive is woken to see none.
        let last = {
            let mut state = self.shared.state.lock().unwrap();
            state.senders -= 1;
            state.senders == 0
        };
        if last {
            self.shared.receiver.wake();
        }
    }
}

impl<T> Receiver<T> {
    fn try_next(&self) -> Poll<Option<T>> {
        let mut state = self.shared.state.lock().unwrap();
        match state.queue.pop_front() {
            Some(v) => Poll::Ready(Some(v)),
            None if state.senders == 0 => Poll::Ready(None),
            None => Poll::Pending,
        }
    }
}

impl<T> Stream for Receiver<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        match self.flaw {
            Flaw::CheckThenRegister => {
                let found = self.try_next();
                if found.is_pending() {
                    self.shared.receiver.register(cx.waker());
                }
                found
            }
            _ => {
                self.shared.receiver.register(cx.waker());
                self.try_next()
            }
        }
    }
}

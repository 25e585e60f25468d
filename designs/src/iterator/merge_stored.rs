//! Merging two async-next iterators by storing their `next()` futures: each iterator is
//! moved into a boxed future that hands it back with its item, so a future that loses a race
//! simply stays for the next call. Safe over lossy iterators, at one allocation per item.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use lab_workloads::Item;

use super::{
    AsyncIter, AsyncSource, BatchInput, Design, DesignInfo, IterDesign, NextSource,
    async_next_natural,
};

pub struct MergeStored;

impl Design for MergeStored {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "merge-stored",
            krate: "lab",
            construct: "async fn next ×2, stored futures",
            summary: "two natural async-next batch readers merged with their next() futures stored (boxed)",
        }
    }
}

impl IterDesign for MergeStored {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn inputs(&self) -> usize {
        2
    }

    fn batches(&self, inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let slots = inputs
            .into_iter()
            .map(|(f, d)| Slot::Idle(async_next_natural::Batches::new(f, d)))
            .collect();
        Box::new(AsyncSource(Merge { slots, turn: 0 }))
    }
}

type Pending<I> = Pin<Box<dyn Future<Output = (Option<Item>, I)>>>;

enum Slot<I> {
    Idle(I),
    Busy(Pending<I>),
    Done,
}

struct Merge<I> {
    slots: Vec<Slot<I>>,
    // Alternates which slot is polled first, so neither starves.
    turn: usize,
}

impl<I: AsyncIter<Item = Item> + 'static> AsyncIter for Merge<I> {
    type Item = Item;

    async fn next(&mut self) -> Option<Item> {
        std::future::poll_fn(|cx| {
            let n = self.slots.len();
            self.turn = (self.turn + 1) % n;
            for k in 0..n {
                let slot = &mut self.slots[(self.turn + k) % n];
                if let Slot::Idle(_) = slot {
                    let Slot::Idle(mut it) = std::mem::replace(slot, Slot::Done) else {
                        unreachable!()
                    };
                    *slot = Slot::Busy(Box::pin(async move { (it.next().await, it) }));
                }
                if let Slot::Busy(fut) = slot
                    && let Poll::Ready((item, it)) = fut.as_mut().poll(cx)
                {
                    match item {
                        Some(item) => {
                            *slot = Slot::Idle(it);
                            return Poll::Ready(Some(item));
                        }
                        None => *slot = Slot::Done,
                    }
                }
            }
            if self.slots.iter().all(|s| matches!(s, Slot::Done)) {
                Poll::Ready(None)
            } else {
                Poll::Pending
            }
        })
        .await
    }
}

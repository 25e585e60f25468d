//! Merging two async-next iterators the way people first would: a `select!` over `a.next()`
//! and `b.next()`, both created anew on every call. Whichever loses the race is dropped —
//! harmless for `poll_next` streams, lossy for an iterator whose `next()` holds state.

use futures::FutureExt;
use futures::future::Fuse;
use lab_workloads::Item;

use super::{
    AsyncIter, AsyncSource, BatchInput, Design, DesignInfo, IterDesign, NextSource,
    async_next_natural,
};

pub struct MergeRecreate;

impl Design for MergeRecreate {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "merge-recreate",
            krate: "futures",
            construct: "async fn next ×2, select! per call",
            summary: "two natural async-next batch readers merged by select! on fresh next() futures",
        }
    }
}

impl IterDesign for MergeRecreate {
    fn cancel_safe(&self) -> bool {
        false
    }

    fn inputs(&self) -> usize {
        2
    }

    fn batches(&self, inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let mut its = inputs
            .into_iter()
            .map(|(f, d)| async_next_natural::Batches::new(f, d));
        let (a, b) = (
            its.next().expect("two inputs"),
            its.next().expect("two inputs"),
        );
        Box::new(AsyncSource(Merge {
            a,
            b,
            a_done: false,
            b_done: false,
        }))
    }
}

struct Merge<A, B> {
    a: A,
    b: B,
    a_done: bool,
    b_done: bool,
}

impl<A: AsyncIter<Item = Item>, B: AsyncIter<Item = Item>> AsyncIter for Merge<A, B> {
    type Item = Item;

    async fn next(&mut self) -> Option<Item> {
        loop {
            if self.a_done && self.b_done {
                return None;
            }
            let a = if self.a_done {
                Fuse::terminated()
            } else {
                self.a.next().fuse()
            };
            let b = if self.b_done {
                Fuse::terminated()
            } else {
                self.b.next().fuse()
            };
            let mut a = std::pin::pin!(a);
            let mut b = std::pin::pin!(b);
            futures::select! {
                item = a => match item {
                    Some(item) => return Some(item),
                    None => self.a_done = true,
                },
                item = b => match item {
                    Some(item) => return Some(item),
                    None => self.b_done = true,
                },
            }
        }
    }
}

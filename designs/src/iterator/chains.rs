//! Adapter chains in both interfaces (and as plain `Iterator`s, the benchmark's floor), for
//! the size, allocation and throughput measurements: `map` and
//! `filter` with plain closures, written once for `poll_next` and once for `async fn next`
//! so both sides do the same work (futures' own `filter` takes an async predicate, which
//! would add state only on one side). Depth d alternates map, filter, map, ... over a
//! counter source.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::Stream;

use super::{AsyncIter, Sizes, async_sizes, stream_sizes};

/// Deepest chain measured.
pub const MAX_DEPTH: usize = 8;

/// Yields `0..end`, always ready.
pub struct Counter {
    next: u64,
    end: u64,
}

impl Counter {
    pub fn new(end: u64) -> Self {
        Self { next: 0, end }
    }

    fn step(&mut self) -> Option<u64> {
        (self.next < self.end).then(|| {
            self.next += 1;
            self.next - 1
        })
    }
}

impl Stream for Counter {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<u64>> {
        Poll::Ready(self.step())
    }
}

impl AsyncIter for Counter {
    type Item = u64;

    async fn next(&mut self) -> Option<u64> {
        self.step()
    }
}

impl Iterator for Counter {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        self.step()
    }
}

pub struct Map<I, F> {
    inner: I,
    f: F,
}

pub struct Filter<I, P> {
    inner: I,
    p: P,
}

impl<I: Stream + Unpin, T, F: FnMut(I::Item) -> T + Unpin> Stream for Map<I, F> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let item = ready!(Pin::new(&mut self.inner).poll_next(cx));
        Poll::Ready(item.map(&mut self.f))
    }
}

impl<I: Stream + Unpin, P: FnMut(&I::Item) -> bool + Unpin> Stream for Filter<I, P> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<I::Item>> {
        loop {
            match ready!(Pin::new(&mut self.inner).poll_next(cx)) {
                Some(item) if (self.p)(&item) => return Poll::Ready(Some(item)),
                Some(_) => {}
                None => return Poll::Ready(None),
            }
        }
    }
}

// The synchronous floor runs the same adapters as `Iterator`s.
impl<I: Iterator, T, F: FnMut(I::Item) -> T> Iterator for Map<I, F> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.inner.next().map(&mut self.f)
    }
}

impl<I: Iterator, P: FnMut(&I::Item) -> bool> Iterator for Filter<I, P> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        self.inner.by_ref().find(|item| (self.p)(item))
    }
}

impl<I: AsyncIter, T, F: FnMut(I::Item) -> T> AsyncIter for Map<I, F> {
    type Item = T;

    async fn next(&mut self) -> Option<T> {
        let item = self.inner.next().await?;
        Some((self.f)(item))
    }
}

impl<I: AsyncIter, P: FnMut(&I::Item) -> bool> AsyncIter for Filter<I, P> {
    type Item = I::Item;

    async fn next(&mut self) -> Option<I::Item> {
        loop {
            let item = self.inner.next().await?;
            if (self.p)(&item) {
                return Some(item);
            }
        }
    }
}

/// The one consumer loop, per interface, that the benchmarks and instruction counts drain a
/// chain with: the same `while let` and the same opaque sum on every side, so only the
/// interface of `next()` differs.
pub fn consume_iter(it: impl Iterator<Item = u64>) -> u64 {
    let mut acc = 0;
    for x in it {
        acc += std::hint::black_box(x);
    }
    acc
}

/// [`consume_iter`] for a `Stream`, through `StreamExt::next`.
pub async fn consume_stream(mut s: impl Stream<Item = u64> + Unpin) -> u64 {
    let mut acc = 0;
    while let Some(x) = futures::StreamExt::next(&mut s).await {
        acc += std::hint::black_box(x);
    }
    acc
}

/// [`consume_iter`] for an `AsyncIter`.
pub async fn consume_async(mut it: impl AsyncIter<Item = u64>) -> u64 {
    let mut acc = 0;
    while let Some(x) = it.next().await {
        acc += std::hint::black_box(x);
    }
    acc
}

/// Builder methods shared by both interfaces.
pub trait Chain: Sized {
    fn map_<T, F: FnMut(u64) -> T>(self, f: F) -> Map<Self, F> {
        Map { inner: self, f }
    }

    fn filter_<P: FnMut(&u64) -> bool>(self, p: P) -> Filter<Self, P> {
        Filter { inner: self, p }
    }
}

impl<T> Chain for T {}

/// The chains' filter: rejects one value in eight, so the loop that skips rejected items
/// runs on every side (with the maps' `+ 1` between filters, a depth-8 chain keeps half).
pub fn keep(x: &u64) -> bool {
    !x.is_multiple_of(8)
}

/// Applies `depth` adapters (map, filter, map, ...) to `base` and hands the chain to `$use`,
/// for a literal depth 1..=8: the chain's type differs per depth, so it is built in a macro.
#[macro_export]
macro_rules! with_chain {
    ($base:expr, 1, $use:expr) => { $crate::with_chain!(@start $base, $use; m) };
    ($base:expr, 2, $use:expr) => { $crate::with_chain!(@start $base, $use; m f) };
    ($base:expr, 3, $use:expr) => { $crate::with_chain!(@start $base, $use; m f m) };
    ($base:expr, 4, $use:expr) => { $crate::with_chain!(@start $base, $use; m f m f) };
    ($base:expr, 5, $use:expr) => { $crate::with_chain!(@start $base, $use; m f m f m) };
    ($base:expr, 6, $use:expr) => { $crate::with_chain!(@start $base, $use; m f m f m f) };
    ($base:expr, 7, $use:expr) => { $crate::with_chain!(@start $base, $use; m f m f m f m) };
    ($base:expr, 8, $use:expr) => { $crate::with_chain!(@start $base, $use; m f m f m f m f) };
    (@apply $chain:expr, $use:expr;) => { $use($chain) };
    (@start $base:expr, $use:expr; $($steps:ident)*) => {{
        use $crate::iterator::chains::Chain;
        $crate::with_chain!(@apply $base, $use; $($steps)*)
    }};
    (@apply $chain:expr, $use:expr; m $($rest:ident)*) => {
        $crate::with_chain!(@apply $chain.map_(|x| x + 1), $use; $($rest)*)
    };
    (@apply $chain:expr, $use:expr; f $($rest:ident)*) => {
        $crate::with_chain!(@apply $chain.filter_($crate::iterator::chains::keep), $use; $($rest)*)
    };
}

/// `$measure` applied to the chain at every depth 1..=8.
macro_rules! at_every_depth {
    ($measure:path) => {
        vec![
            with_chain!(Counter::new(0), 1, $measure),
            with_chain!(Counter::new(0), 2, $measure),
            with_chain!(Counter::new(0), 3, $measure),
            with_chain!(Counter::new(0), 4, $measure),
            with_chain!(Counter::new(0), 5, $measure),
            with_chain!(Counter::new(0), 6, $measure),
            with_chain!(Counter::new(0), 7, $measure),
            with_chain!(Counter::new(0), 8, $measure),
        ]
    };
}

/// Sizes of the `poll_next` chain at depths 1..=8.
pub fn stream_chain_sizes() -> Vec<Sizes> {
    at_every_depth!(stream_sizes)
}

/// Sizes of the `async fn next` chain at depths 1..=8.
pub fn async_chain_sizes() -> Vec<Sizes> {
    at_every_depth!(async_sizes)
}

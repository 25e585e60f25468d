//! Question 1 (seed 001): `poll_next` against `async fn next`. The same two workloads — a
//! line splitter over a chunked reader, and a batch reader that decodes each item — written
//! in every style: `Stream::poll_next` by hand, `async fn next` the natural way (state in
//! locals across awaits) and carefully (all state in `self`), a generator (`async-stream`),
//! and on nightly an `async gen` block; plus adapters both ways, `dyn` forms, and merges
//! of two async-next iterators.

use std::future::Future;
use std::pin::Pin;

use futures::future::LocalBoxFuture;
use lab_workloads::{BatchFile, ChunkReader, Decoder, Item};

pub use crate::{Design, DesignInfo};

pub mod adapters;
#[cfg(feature = "nightly")]
mod async_gen;
mod async_next_careful;
mod async_next_natural;
pub mod chains;
mod dyn_forms;
mod generator;
mod merge_recreate;
mod merge_stored;
mod poll_next;

pub use adapters::{IntoAsyncIter, into_stream};

/// The `async fn next` interface: the asyncified `Iterator` (stable async fn in traits).
pub trait AsyncIter {
    type Item;

    #[allow(async_fn_in_trait)] // the lab drives these on one thread; Send is not the question
    async fn next(&mut self) -> Option<Self::Item>;
}

/// `AsyncIter` is not dyn-compatible (its `next` returns an opaque future); its `dyn` form
/// boxes each `next()` future.
pub trait DynAsyncIter {
    type Item;

    fn next_boxed(&mut self) -> Pin<Box<dyn Future<Output = Option<Self::Item>> + '_>>;
}

impl<I: AsyncIter> DynAsyncIter for I {
    type Item = I::Item;

    fn next_boxed(&mut self) -> Pin<Box<dyn Future<Output = Option<I::Item>> + '_>> {
        Box::pin(self.next())
    }
}

/// What the checks drive, whatever the interface: a `next()` future they may poll a few
/// times and then drop. (Boxing here does not change what dropping the future loses.)
pub trait NextSource<T> {
    fn next(&mut self) -> LocalBoxFuture<'_, Option<T>>;
}

/// One batch file and its decoder.
pub type BatchInput = (BatchFile, Decoder);

/// Sizes in bytes of an iterator and of the future its `next()` returns, for the line
/// splitter. For `poll_next` the "future" is `StreamExt::next`'s `Next`, a mere reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub iter: usize,
    pub next_future: usize,
}

/// A design of the iterator question: the batch reader in its style, and where it has one
/// (merges do not), the line splitter.
pub trait IterDesign: Design {
    /// Declared: whether dropping a pending `next()` future and calling again loses nothing.
    fn cancel_safe(&self) -> bool;

    /// How many batch files [`Self::batches`] merges (1 unless the design is a merge).
    fn inputs(&self) -> usize {
        1
    }

    /// The batch reader over `inputs()` files.
    fn batches(&self, inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>>;

    /// The design's line splitter, if it has one.
    fn line_splitter(&self) -> Option<&dyn LineSplitter> {
        None
    }
}

/// The line splitter of a design: driven by the checks, measured for size, benchmarked.
pub trait LineSplitter {
    /// The splitter over `reader`, as the checks drive it.
    fn lines(&self, reader: ChunkReader) -> Box<dyn NextSource<Vec<u8>>>;

    /// Sizes of the splitter and its `next()` future.
    fn sizes(&self) -> Sizes;

    /// Drains the splitter with its concrete type (no boxing per item) and returns the
    /// bytes of all lines: the benchmark's workload.
    fn drain_lines(&self, reader: ChunkReader) -> LocalBoxFuture<'static, usize>;
}

/// Drains a stream of lines.
pub fn drain_line_stream<S: futures::Stream<Item = Vec<u8>> + 'static>(
    stream: S,
) -> LocalBoxFuture<'static, usize> {
    Box::pin(async move {
        let mut stream = std::pin::pin!(stream);
        let mut bytes = 0;
        while let Some(line) = futures::StreamExt::next(&mut stream).await {
            bytes += line.len();
        }
        bytes
    })
}

/// Drains an async iterator of lines.
pub fn drain_line_iter<I: AsyncIter<Item = Vec<u8>> + 'static>(
    mut iter: I,
) -> LocalBoxFuture<'static, usize> {
    Box::pin(async move {
        let mut bytes = 0;
        while let Some(line) = iter.next().await {
            bytes += line.len();
        }
        bytes
    })
}

/// Every iterator-interface design, in report order.
pub fn all() -> &'static [&'static dyn IterDesign] {
    &[
        &poll_next::PollNext,
        &async_next_natural::AsyncNextNatural,
        &async_next_careful::AsyncNextCareful,
        &generator::Generator,
        #[cfg(feature = "nightly")]
        &async_gen::AsyncGen,
        &adapters::NaturalAsStream,
        &adapters::PollNextAsAsyncIter,
        &dyn_forms::DynPollNext,
        &dyn_forms::DynAsyncNext,
        &merge_recreate::MergeRecreate,
        &merge_stored::MergeStored,
    ]
}

/// Looks a design up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static dyn IterDesign, String> {
    crate::by_id(all(), id)
}

/// The designs that have a line splitter, with it.
pub fn line_splitters() -> impl Iterator<Item = (&'static dyn IterDesign, &'static dyn LineSplitter)>
{
    all().iter().filter_map(|d| Some((*d, d.line_splitter()?)))
}

/// A `Stream` as a [`NextSource`]: `next()` is `StreamExt::next`.
pub(crate) struct StreamSource<S>(pub S);

impl<S: futures::Stream + Unpin> NextSource<S::Item> for StreamSource<S> {
    fn next(&mut self) -> LocalBoxFuture<'_, Option<S::Item>> {
        Box::pin(futures::StreamExt::next(&mut self.0))
    }
}

/// An [`AsyncIter`] as a [`NextSource`].
pub(crate) struct AsyncSource<I>(pub I);

impl<I: AsyncIter> NextSource<I::Item> for AsyncSource<I> {
    fn next(&mut self) -> LocalBoxFuture<'_, Option<I::Item>> {
        Box::pin(self.0.next())
    }
}

/// `size_of` an async iterator and of its `next()` future.
pub fn async_sizes<I: AsyncIter>(mut iter: I) -> Sizes {
    let iter_size = std::mem::size_of_val(&iter);
    let fut = iter.next();
    Sizes {
        iter: iter_size,
        next_future: std::mem::size_of_val(&fut),
    }
}

/// `size_of` a stream and of `StreamExt::next`'s future on it.
pub fn stream_sizes<S: futures::Stream + Unpin>(mut stream: S) -> Sizes {
    let iter_size = std::mem::size_of_val(&stream);
    let fut = futures::StreamExt::next(&mut stream);
    Sizes {
        iter: iter_size,
        next_future: std::mem::size_of_val(&fut),
    }
}

/// A reader with no input, to instantiate a line splitter for measuring its size.
pub fn empty_reader() -> ChunkReader {
    ChunkReader::new(
        lab_executor::Clock::default(),
        &lab_workloads::LinesScript { chunks: Vec::new() },
    )
}

//! State-machine size and allocations (seed 001): how big is an iterator plus the future its
//! `next()` returns, in each style and as adapter chains deepen; and how many allocations per
//! item each interface's `dyn` form makes.

use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use futures::Stream;
use lab_designs::iterator::chains::{Counter, MAX_DEPTH, async_chain_sizes, stream_chain_sizes};
use lab_designs::iterator::{self, DynAsyncIter, Sizes, into_stream};
use lab_designs::with_chain;
use lab_findings::{DesignRef, Figure, Finding, Verdict};

use crate::cancellation::QUESTION;
use crate::{design_ref_parts, iter_design_ref};

pub const SIZE: &str = "size";
pub const ALLOCATIONS: &str = "allocations";

/// Ids of the chain "designs" (a chain of adapters in one interface).
pub const CHAIN_POLL_NEXT: &str = "chain-poll-next";
pub const CHAIN_ASYNC_NEXT: &str = "chain-async-next";
/// The async-next chain made `dyn` through the `into_stream` adapter instead of boxing each
/// `next()` future: the form that avoids a fresh box per call.
pub const CHAIN_ASYNC_NEXT_AS_STREAM: &str = "chain-async-next-as-stream";

fn chain_ref(id: &str) -> DesignRef {
    let (construct, summary) = if id == CHAIN_POLL_NEXT {
        (
            "Map/Filter: Stream",
            "map and filter adapters written with poll_next, over a counter",
        )
    } else if id == CHAIN_ASYNC_NEXT_AS_STREAM {
        (
            "Map/Filter: AsyncIter → into_stream → dyn Stream",
            "the async fn next chain adapted into a Stream (unfold keeps the next() future \
             inline), then boxed once as Pin<Box<dyn Stream>>",
        )
    } else {
        (
            "Map/Filter: AsyncIter",
            "map and filter adapters written with async fn next, over a counter",
        )
    };
    design_ref_parts(id, "lab", construct, summary)
}

fn measured(
    check: &str,
    design: DesignRef,
    summary: String,
    figures: Vec<Figure>,
    repro: &str,
) -> Finding {
    Finding::new(
        QUESTION,
        check,
        design,
        Verdict::Measured,
        summary,
        figures,
        repro.into(),
    )
}

fn size_figures(prefix: &str, s: Sizes) -> [Figure; 3] {
    [
        Figure::new(format!("{prefix}iterator"), s.iter as f64, "bytes"),
        Figure::new(
            format!("{prefix}next() future"),
            s.next_future as f64,
            "bytes",
        ),
        Figure::new(
            format!("{prefix}total"),
            (s.iter + s.next_future) as f64,
            "bytes",
        ),
    ]
}

/// One finding per style (its line splitter) and one per chain interface (depth 1..=8).
pub fn sizes() -> Vec<Finding> {
    let repro = format!("cargo run --release -p lab -- check --check {SIZE}");
    let mut out = Vec::new();
    for d in iterator::all() {
        let Some(s) = d.sizes() else { continue };
        let info = d.info();
        out.push(measured(
            SIZE,
            iter_design_ref(&info),
            format!(
                "line splitter: {} bytes of iterator + {} bytes of next() future",
                s.iter, s.next_future
            ),
            size_figures("", s).to_vec(),
            &repro,
        ));
    }
    for (id, sizes) in [
        (CHAIN_POLL_NEXT, stream_chain_sizes()),
        (CHAIN_ASYNC_NEXT, async_chain_sizes()),
    ] {
        let (first, last) = (sizes[0], sizes[MAX_DEPTH - 1]);
        out.push(measured(
            SIZE,
            chain_ref(id),
            format!(
                "iterator + next() future: {} bytes at depth 1, {} bytes at depth {MAX_DEPTH}",
                first.iter + first.next_future,
                last.iter + last.next_future
            ),
            sizes
                .iter()
                .enumerate()
                .flat_map(|(i, s)| size_figures(&format!("depth {}: ", i + 1), *s))
                .collect(),
            &repro,
        ));
    }
    out
}

/// Calls to `next()` made while draining `n` items (the last call returns `None`).
fn calls(n: u64) -> u64 {
    n + 1
}

/// Drains an always-ready stream by polling it directly (no executor, so nothing else
/// allocates).
fn drain_stream<S: Stream + ?Sized>(mut s: Pin<&mut S>) -> u64 {
    let mut cx = Context::from_waker(Waker::noop());
    let mut n = 0;
    while let Poll::Ready(Some(x)) = s.as_mut().poll_next(&mut cx) {
        std::hint::black_box(x);
        n += 1;
    }
    n
}

fn drain_dyn_iter(it: &mut dyn DynAsyncIter<Item = u64>) -> u64 {
    let mut cx = Context::from_waker(Waker::noop());
    let mut n = 0;
    loop {
        let mut fut = it.next_boxed();
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(Some(x)) => {
                std::hint::black_box(x);
                n += 1;
            }
            Poll::Ready(None) => return n,
            Poll::Pending => unreachable!("the counter chain is always ready"),
        }
    }
}

/// Allocations and bytes allocated on this thread while a closure ran, and what it returned.
type Counted<T> = Result<(u64, u64, T), String>;

/// Allocations made on this thread while `f` runs, and what `f` returned.
#[cfg(feature = "count-allocations")]
fn count<T>(f: impl FnOnce() -> T) -> Counted<T> {
    // Prove the counter is live in this binary before trusting a zero.
    let probe = allocation_counter::measure(|| drop(std::hint::black_box(Box::new(1u8))));
    if probe.count_total != 1 {
        return Err("the counting allocator is not active in this binary".into());
    }
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    Ok((info.count_total, info.bytes_total, out.expect("ran")))
}

#[cfg(not(feature = "count-allocations"))]
fn count<T>(_: impl FnOnce() -> T) -> Counted<T> {
    Err("built without lab-checks' count-allocations feature (the `lab` binary has it)".into())
}

/// Items drained per measurement.
pub const ITEMS: u64 = 1_000;

/// Allocations per line while each style drains the line splitter's workload (the lines
/// themselves allocate in every style; the difference between styles is what they add).
fn line_allocations(repro: &str) -> Vec<Finding> {
    let script = lab_workloads::bench::lines_script(64);
    let lines = script.expected().len() as f64;
    let mut out = Vec::new();
    for d in iterator::all() {
        let info = d.info();
        let reader = || lab_workloads::ChunkReader::new(lab_executor::Clock::default(), &script);
        let Some(warm) = d.drain_lines(reader()) else {
            continue;
        };
        // The first block_on on a thread sets up its parking; keep that out of the count.
        futures::executor::block_on(warm);
        let fut = d.drain_lines(reader()).expect("checked above");
        let design = iter_design_ref(&info);
        out.push(match count(|| futures::executor::block_on(fut)) {
            Ok((allocations, bytes, _)) => measured(
                ALLOCATIONS,
                design,
                format!(
                    "line splitter: {:.2} allocations per line",
                    allocations as f64 / lines
                ),
                vec![
                    Figure::new(
                        "line splitter: allocations per line",
                        allocations as f64 / lines,
                        "allocations",
                    ),
                    Figure::new(
                        "line splitter: bytes allocated per line",
                        bytes as f64 / lines,
                        "bytes",
                    ),
                ],
                repro,
            ),
            Err(e) => Finding {
                verdict: Verdict::Panicked,
                ..measured(
                    ALLOCATIONS,
                    design,
                    format!("not measured: {e}"),
                    Vec::new(),
                    repro,
                )
            },
        });
    }
    out
}

/// Allocations per `next()` call of the `dyn` form of each interface, at depths 1 and 8, and
/// per line of each style's line splitter.
pub fn allocations() -> Vec<Finding> {
    let repro = format!("cargo run --release -p lab -- check --check {ALLOCATIONS}");
    type DynStream = Pin<Box<dyn Stream<Item = u64>>>;
    type DynIter = Box<dyn DynAsyncIter<Item = u64>>;
    let stream = |mut s: DynStream| count(move || drain_stream(s.as_mut()));
    let iter = |mut it: DynIter| count(move || drain_dyn_iter(it.as_mut()));
    let runs: [(&str, [Counted<u64>; 2]); 3] = [
        (
            CHAIN_POLL_NEXT,
            [
                with_chain!(Counter::new(ITEMS), 1, |c| stream(Box::pin(c))),
                with_chain!(Counter::new(ITEMS), 8, |c| stream(Box::pin(c))),
            ],
        ),
        (
            CHAIN_ASYNC_NEXT,
            [
                with_chain!(Counter::new(ITEMS), 1, |c| iter(Box::new(c))),
                with_chain!(Counter::new(ITEMS), 8, |c| iter(Box::new(c))),
            ],
        ),
        (
            CHAIN_ASYNC_NEXT_AS_STREAM,
            [
                with_chain!(Counter::new(ITEMS), 1, |c| stream(Box::pin(into_stream(c)))),
                with_chain!(Counter::new(ITEMS), 8, |c| stream(Box::pin(into_stream(c)))),
            ],
        ),
    ];
    let mut findings: Vec<Finding> = runs
        .into_iter()
        .map(|(id, [d1, d8])| match (d1, d8) {
            (Ok((a1, b1, n1)), Ok((a8, b8, n8))) => {
                // The filters reject some items: the same chain as an Iterator says how many.
                let want = (
                    with_chain!(Counter::new(ITEMS), 1, Iterator::count) as u64,
                    with_chain!(Counter::new(ITEMS), 8, Iterator::count) as u64,
                );
                assert_eq!(
                    (n1, n8),
                    want,
                    "the dyn form yields what the Iterator chain does"
                );
                let per1 = |x: u64| x as f64 / calls(n1) as f64;
                let per8 = |x: u64| x as f64 / calls(n8) as f64;
                measured(
                    ALLOCATIONS,
                    chain_ref(id),
                    format!(
                        "dyn form: {} allocations per next() call at depth 1, {} at depth 8",
                        per1(a1),
                        per8(a8)
                    ),
                    vec![
                        Figure::new("depth 1: allocations per next()", per1(a1), "allocations"),
                        Figure::new("depth 1: bytes allocated per next()", per1(b1), "bytes"),
                        Figure::new("depth 8: allocations per next()", per8(a8), "allocations"),
                        Figure::new("depth 8: bytes allocated per next()", per8(b8), "bytes"),
                    ],
                    &repro,
                )
            }
            (Err(e), _) | (_, Err(e)) => Finding {
                verdict: Verdict::Panicked,
                ..measured(
                    ALLOCATIONS,
                    chain_ref(id),
                    format!("not measured: {e}"),
                    Vec::new(),
                    &repro,
                )
            },
        })
        .collect();
    findings.extend(line_allocations(&repro));
    findings
}

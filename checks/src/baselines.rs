//! Findings about things that are not designs of a question but that designs are measured
//! against: the synchronous floors of the benchmarks, and the adapter chains written once
//! per interface.

use lab_findings::DesignRef;

use crate::design_ref_parts;

/// Ids of the chain "designs" (a chain of adapters in one interface), as the benchmarks name
/// them.
pub use lab_workloads::bench::{CHAIN_ASYNC_NEXT, CHAIN_POLL_NEXT, FLOOR};
/// The async-next chain made `dyn` through the `into_stream` adapter instead of boxing each
/// `next()` future: the form that avoids a fresh box per call.
pub const CHAIN_ASYNC_NEXT_AS_STREAM: &str = "chain-async-next-as-stream";

/// The two chains every benchmark and count compares, each with the `--side` that
/// `lab-icount-target chain` runs it as.
pub const CHAINS: [(&str, &str); 2] = [
    (CHAIN_POLL_NEXT, "poll-next"),
    (CHAIN_ASYNC_NEXT, "async-next"),
];

/// The reference of a chain, as its findings carry it.
pub fn chain_ref(id: &str) -> DesignRef {
    let (construct, summary) = match id {
        CHAIN_POLL_NEXT => (
            "Map/Filter: Stream",
            "map and filter adapters written with poll_next, over a counter",
        ),
        CHAIN_ASYNC_NEXT_AS_STREAM => (
            "Map/Filter: AsyncIter → into_stream → dyn Stream",
            "the async fn next chain adapted into a Stream (unfold keeps the next() future \
             inline), then boxed once as Pin<Box<dyn Stream>>",
        ),
        _ => (
            "Map/Filter: AsyncIter",
            "map and filter adapters written with async fn next, over a counter",
        ),
    };
    design_ref_parts(id, "lab", construct, summary)
}

/// The floor of the concurrent drain: a synchronous round-robin over N iterators.
pub fn drain_floor() -> DesignRef {
    design_ref_parts(
        FLOOR,
        "std",
        "Iterator (round-robin)",
        "synchronous round-robin over N iterators: the floor every design is compared to",
    )
}

/// The floor of the line splitter: a synchronous loop over the same reader and splitter.
pub fn lines_floor() -> DesignRef {
    design_ref_parts(
        FLOOR,
        "std",
        "Iterator",
        "the line splitter as a synchronous loop over the same reader and splitter: the floor",
    )
}

/// Ids of the iterator findings a complete benchmark or count produces: every line splitter,
/// the floor and both chains.
pub fn iterator_bench_ids() -> Vec<String> {
    let mut ids: Vec<String> = lab_designs::iterator::line_splitters()
        .map(|(d, _)| d.info().id.to_string())
        .collect();
    ids.extend([FLOOR, CHAIN_POLL_NEXT, CHAIN_ASYNC_NEXT].map(String::from));
    ids
}

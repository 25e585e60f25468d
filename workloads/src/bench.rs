//! The benchmark vocabulary, below everything that measures: workload sizes, benchmark group
//! and function names, and the synchronous floors every design is compared with. Criterion's
//! benches, the callgrind target and the checks that read their results all take these from
//! here.

use std::task::{Context, Poll, Waker};

use crate::{ChunkReader, Item, LinesScript, Splitter};

/// Source counts of the drain workload.
pub const SOURCES: &[usize] = &[2, 8, 32];
/// Items per source in the drain workload.
pub const DRAIN_ITEMS: u32 = 256;
/// The function name of the floor in every benchmark group.
pub const FLOOR: &str = "sync-floor";
/// The function names of the adapter chains, one per interface.
pub const CHAIN_POLL_NEXT: &str = "chain-poll-next";
pub const CHAIN_ASYNC_NEXT: &str = "chain-async-next";
/// The benchmark group of the line splitters.
pub const LINES_GROUP: &str = "iter-lines";

/// The benchmark group of the drain at `n` sources.
pub fn drain_group(n: usize) -> String {
    format!("drain-n{n}")
}

/// The benchmark group of the adapter chains at `depth`.
pub fn chain_group(depth: usize) -> String {
    format!("iter-chain-d{depth}")
}
/// Lines of the line-splitter workload (15 letters and a newline each).
pub const LINES: usize = 512;
/// Bytes per chunk of the line-splitter workload: not a multiple of a line's 16 bytes, so
/// lines span reads and each style's partial line (kept in `self`, a local, or a generator)
/// carries over.
pub const CHUNK: usize = 60;
/// Items the adapter chains count through.
pub const CHAIN_ITEMS: u64 = 1024;
/// Adapter-chain depths measured for time and instructions.
pub const CHAIN_DEPTHS: &[usize] = &[1, 2, 4, 8];

/// The line splitter's input: every chunk available at tick 0, so only splitting is measured.
pub fn lines_script(lines: usize) -> LinesScript {
    LinesScript::letters(lines, CHUNK)
}

/// The drain floor: a plain `Iterator` doing a round-robin interleaving of `n` sources of `m`
/// items, feeding the same kind of sink the designs feed.
pub fn sync_floor(n: usize, m: u32, sink: &mut dyn FnMut(Item)) {
    let mut iters: Vec<_> = (0..n as u16)
        .map(|id| (0..m).map(move |seq| Item::new(id, seq)))
        .collect();
    let mut live = n;
    while live > 0 {
        live = 0;
        for it in &mut iters {
            if let Some(item) = it.next() {
                sink(item);
                live += 1;
            }
        }
    }
}

/// The line-splitter floor: the same reader and the same splitting routine as every style,
/// in a synchronous loop, producing the same owned lines; returns the bytes of all lines.
pub fn sync_lines(mut reader: ChunkReader) -> usize {
    let mut cx = Context::from_waker(Waker::noop());
    let (mut split, mut line, mut bytes) = (Splitter::default(), Vec::new(), 0);
    loop {
        match reader.poll_chunk(&mut cx) {
            Poll::Ready(Some(chunk)) => split.push(chunk),
            Poll::Ready(None) => return bytes,
            Poll::Pending => unreachable!("the benchmark's chunks are all available at tick 0"),
        }
        while split.next_line(&mut line) {
            bytes += std::mem::take(&mut line).len();
        }
    }
}

/// The benchmark group of the iteration strategies over coarse CPU-bound bodies: what each
/// strategy makes of a tokio runtime's worker threads.
pub const CPU_COARSE_GROUP: &str = "iteration-cpu-coarse";
/// The group over fine-grained bodies: each strategy's cost per item, spawning's among them.
pub const CPU_FINE_GROUP: &str = "iteration-cpu-fine";
/// Items per run of the coarse group, and rounds of work per coarse body.
pub const COARSE_ITEMS: u32 = 64;
pub const COARSE_ROUNDS: u32 = 20_000;
/// Items per run of the fine group, and rounds of work per fine body.
pub const FINE_ITEMS: u32 = 4096;
pub const FINE_ROUNDS: u32 = 16;
/// Worker threads of the tokio runtime the CPU groups run on (the CI machine has 2 cores).
pub const CPU_WORKERS: usize = 2;

/// A coarse CPU-bound body: `COARSE_ROUNDS` rounds of xorshift from the item's position.
pub fn coarse_body(seq: u32) -> u64 {
    spin(seq, COARSE_ROUNDS)
}

/// A fine-grained body: `FINE_ROUNDS` rounds.
pub fn fine_body(seq: u32) -> u64 {
    spin(seq, FINE_ROUNDS)
}

/// The function name, in both CPU groups, of a run over no items: the fixed cost of one
/// timed run (spawning the loop's task and blocking on it), set beside each group's items.
pub const EMPTY_RUN: &str = "empty-run";

fn spin(seq: u32, rounds: u32) -> u64 {
    // An opaque round count, so the loop cannot be folded into a closed form.
    let mut x = u64::from(seq) ^ 0x9E37_79B9_7F4A_7C15;
    for _ in 0..std::hint::black_box(rounds) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

//! Shared pieces of the benchmarks: workload sizes and the synchronous floor each design is
//! compared against. Group and function names come from the throughput check that reads
//! the results.

pub use lab_checks::throughput::{FLOOR, ITEMS, SOURCES, group as drain_group, sync_floor};
use std::task::{Context, Poll, Waker};

use lab_workloads::{ChunkReader, LinesScript, Source, Splitter};

/// The line-splitter benchmark's input: `LINES` lines of 15 letters, in 64-byte chunks, all
/// available at once.
pub const LINES: usize = 512;

pub fn lines_script() -> LinesScript {
    LinesScript::letters(LINES, 64)
}

/// The floor of the line-splitter benchmark: the same reader and the same splitting routine
/// as every style, in a synchronous loop, producing the same owned lines.
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

pub fn sources(n: usize) -> Vec<Source> {
    (0..n as u16)
        .map(|id| Source::always_ready(id, ITEMS))
        .collect()
}

#[cfg(test)]
mod tests {
    use lab_workloads::{Audit, Item};

    use super::*;

    #[test]
    fn the_floor_delivers_the_same_items_as_the_sources() {
        let expected: Vec<Item> = sources(8).iter().flat_map(Source::items).collect();
        let mut seen = Vec::new();
        sync_floor(8, ITEMS, &mut |i| seen.push(i));
        assert!(Audit::new(&expected, &seen).is_clean());
        assert_eq!(
            seen[..3],
            [Item::new(0, 0), Item::new(1, 0), Item::new(2, 0)]
        );
    }

    #[test]
    fn every_line_splitter_agrees_with_the_floor() {
        let script = lines_script();
        let want = sync_lines(lab_workloads::ChunkReader::new(
            lab_executor::Clock::default(),
            &script,
        ));
        assert_eq!(want, LINES * 15);
        for d in lab_designs::iterator::all() {
            let reader = lab_workloads::ChunkReader::new(lab_executor::Clock::default(), &script);
            if let Some(fut) = d.drain_lines(reader) {
                assert_eq!(futures::executor::block_on(fut), want, "{}", d.info().id);
            }
        }
    }
}

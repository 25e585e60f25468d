//! Throughput of the iterator interfaces (seed 001): the line splitter in every style, and
//! map/filter chains at depths 1, 2, 4 and 8 in both interfaces, each against a synchronous
//! `Iterator` doing the same work. `lab import-bench` turns the estimates into ratios.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lab_benches::{
    CHAIN_ASYNC_NEXT, CHAIN_DEPTHS, CHAIN_ITEMS, CHAIN_POLL_NEXT, FLOOR, LINES, LINES_GROUP,
    chain_group, lines_script, sync_lines, warm_up,
};
use lab_designs::iterator;
use lab_designs::iterator::chains::{Counter, consume_async, consume_iter, consume_stream};
use lab_designs::with_chain;
use lab_executor::Clock;
use lab_workloads::ChunkReader;

fn lines(c: &mut Criterion) {
    let script = lines_script();
    let mut group = c.benchmark_group(LINES_GROUP);
    group.throughput(Throughput::Elements(LINES as u64));
    group.warm_up_time(warm_up());
    group.measurement_time(Duration::from_secs(3));
    // Every side gets its reader (owned chunks) from the setup, outside the measurement.
    group.bench_function(FLOOR, |b| {
        b.iter_batched(
            || ChunkReader::new(Clock::default(), &script),
            sync_lines,
            BatchSize::SmallInput,
        );
    });
    for (design, splitter) in iterator::line_splitters() {
        group.bench_function(design.info().id, |b| {
            b.iter_batched(
                || splitter.drain_lines(ChunkReader::new(Clock::default(), &script)),
                futures::executor::block_on,
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

macro_rules! chain_benches {
    ($c:expr, $($depth:tt),+) => {$(
        let mut group = $c.benchmark_group(chain_group($depth));
        group.throughput(Throughput::Elements(CHAIN_ITEMS));
        group.warm_up_time(warm_up());
        group.measurement_time(Duration::from_secs(2));
        // The length is opaque and every item is consumed through black_box on all three
        // sides, so the compiler cannot fold the chain into a closed form.
        group.bench_function(FLOOR, |b| {
            b.iter(|| with_chain!(Counter::new(black_box(CHAIN_ITEMS)), $depth, consume_iter))
        });
        group.bench_function(CHAIN_POLL_NEXT, |b| {
            b.iter(|| with_chain!(Counter::new(black_box(CHAIN_ITEMS)), $depth, |c| futures::executor::block_on(consume_stream(c))))
        });
        group.bench_function(CHAIN_ASYNC_NEXT, |b| {
            b.iter(|| with_chain!(Counter::new(black_box(CHAIN_ITEMS)), $depth, |c| futures::executor::block_on(consume_async(c))))
        });
        group.finish();
    )+};
}

fn chains(c: &mut Criterion) {
    // Must match CHAIN_DEPTHS.
    assert_eq!(CHAIN_DEPTHS, [1, 2, 4, 8]);
    chain_benches!(c, 1, 2, 4, 8);
}

criterion_group!(benches, lines, chains);
criterion_main!(benches);

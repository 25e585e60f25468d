//! Throughput of draining N always-ready sources through each concurrent-consumption
//! design, against a synchronous `Iterator` doing the same round-robin (the floor).
//! `lab import-bench` turns the estimates into ns/item and ratios to the floor.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lab_benches::{DRAIN_ITEMS, FLOOR, SOURCES, drain_group, sources, sync_floor, warm_up};
use lab_designs::concurrent;

/// The drain size whose benchmarks criterion plots. Its plots cost about 4 s per
/// benchmark here (3 benchmarks took 23 s with plots, 10 s without), so the other sizes'
/// ~45 benchmarks go unplotted to keep `just bench` inside its 15 minutes; their estimates
/// and intervals are the same either way.
const PLOTTED: usize = 8;

fn plotted(c: &mut Criterion) {
    drain(c, |n| n == PLOTTED);
}

fn unplotted(c: &mut Criterion) {
    drain(c, |n| n != PLOTTED);
}

fn drain(c: &mut Criterion, sizes: fn(usize) -> bool) {
    for &n in SOURCES.iter().filter(|n| sizes(**n)) {
        let mut group = c.benchmark_group(drain_group(n));
        group.throughput(Throughput::Elements(n as u64 * u64::from(DRAIN_ITEMS)));
        // About 65 drain benchmarks: at 1 s of warm-up and 3 s of measurement each they
        // took over 260 s of `just bench`'s 15-minute budget, before criterion's analysis
        // and setup outside the measurement.
        group.warm_up_time(warm_up() / 2);
        group.measurement_time(Duration::from_millis(1500));
        group.bench_function(FLOOR, |b| {
            b.iter(|| {
                sync_floor(n, DRAIN_ITEMS, &mut |i| {
                    black_box(i);
                })
            });
        });
        for design in concurrent::all().iter().filter(|d| d.arity().supports(n)) {
            group.bench_function(design.info().id, |b| {
                b.iter_batched(
                    || sources(n),
                    |sources| {
                        let fut = design.drain(
                            sources,
                            Box::new(|i| {
                                black_box(i);
                            }),
                        );
                        futures::executor::block_on(fut)
                    },
                    BatchSize::SmallInput,
                );
            });
        }
        group.finish();
    }
}

criterion_group!(with_plots, plotted);
criterion_group! {
    name = without_plots;
    config = Criterion::default().without_plots();
    targets = unplotted
}
criterion_main!(with_plots, without_plots);

//! The iteration strategies (seed 000) over CPU-bound bodies on a tokio multi-thread
//! runtime: coarse bodies (does a strategy use the worker threads?) and fine-grained ones
//! (what each strategy costs per item, spawning a task per item among them). Each run's
//! loop is itself a task on the runtime, as a loop in a server would be. `lab import-bench`
//! turns the estimates into ratios to the sequential loop.

use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use lab_benches::warm_up;
use lab_designs::iteration::{self, CpuBody};
use lab_workloads::bench::{
    COARSE_ITEMS, CPU_COARSE_GROUP, CPU_FINE_GROUP, CPU_WORKERS, EMPTY_RUN, FINE_ITEMS,
    coarse_body, fine_body,
};

fn group(c: &mut Criterion, name: &str, items: u32, body: CpuBody) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(CPU_WORKERS)
        .build()
        .expect("a tokio runtime");
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(items.into()));
    // Flat sampling and half criterion's default sample count: a run here takes up to a few
    // milliseconds, and linear sampling stretched each benchmark past its measurement
    // time (22 benchmarks are most of this bench's share of `just bench`).
    group.warm_up_time(warm_up() / 2);
    group.measurement_time(Duration::from_millis(1500));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(50);
    // The fixed cost of one timed run, reported per item of this group like the rest.
    let sequential = iteration::by_id("sequential").expect("registered");
    group.bench_function(EMPTY_RUN, |b| {
        b.iter(|| {
            let run = sequential
                .run_cpu(0, body)
                .expect("sequential has a CPU form");
            rt.block_on(async { tokio::spawn(run).await.expect("the loop does not panic") })
        })
    });
    for d in iteration::all() {
        if d.run_cpu(items, body).is_none() {
            continue;
        }
        group.bench_function(d.info().id, |b| {
            b.iter(|| {
                let run = d.run_cpu(items, body).expect("checked above");
                rt.block_on(async { tokio::spawn(run).await.expect("the loop does not panic") })
            })
        });
    }
    group.finish();
}

fn cpu(c: &mut Criterion) {
    group(c, CPU_COARSE_GROUP, COARSE_ITEMS, coarse_body);
    group(c, CPU_FINE_GROUP, FINE_ITEMS, fine_body);
}

criterion_group!(benches, cpu);
criterion_main!(benches);

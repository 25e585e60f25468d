//! Shared pieces of the benchmarks: the inputs they build. Workload sizes, group and
//! function names and the synchronous floors come from the benchmark vocabulary
//! (`lab_workloads::bench`), which the checks that read the results use too.

pub use lab_workloads::bench::{
    CHAIN_ASYNC_NEXT, CHAIN_DEPTHS, CHAIN_ITEMS, CHAIN_POLL_NEXT, DRAIN_ITEMS, FLOOR, LINES,
    LINES_GROUP, SOURCES, chain_group, drain_group, sync_floor, sync_lines,
};
use std::time::Duration;

use lab_workloads::{LinesScript, Source};

/// Criterion's warm-up per benchmark: a second in a full run; a tenth in `--quick`, whose
/// figures are not compared (two samples give no interval) and which exists to show that
/// every benchmark still runs — at about 90 benchmarks the full second was most of
/// `just bench quick`.
pub fn warm_up() -> Duration {
    if std::env::args().any(|a| a == "--quick") {
        Duration::from_millis(100)
    } else {
        Duration::from_secs(1)
    }
}

/// The line-splitter benchmark's input.
pub fn lines_script() -> LinesScript {
    lab_workloads::bench::lines_script(LINES)
}

pub fn sources(n: usize) -> Vec<Source> {
    (0..n as u16)
        .map(|id| Source::always_ready(id, DRAIN_ITEMS))
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
        sync_floor(8, DRAIN_ITEMS, &mut |i| seen.push(i));
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
        for (d, splitter) in lab_designs::iterator::line_splitters() {
            let reader = lab_workloads::ChunkReader::new(lab_executor::Clock::default(), &script);
            let fut = splitter.drain_lines(reader);
            assert_eq!(futures::executor::block_on(fut), want, "{}", d.info().id);
        }
    }

    /// How many times each item's body ran, for the test below.
    static RAN: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

    fn counting_body(seq: u32) -> u64 {
        RAN.lock().unwrap()[seq as usize] += 1;
        lab_workloads::bench::fine_body(seq)
    }

    #[test]
    fn every_cpu_strategy_runs_every_body_once() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        let mut ran = 0;
        for d in lab_designs::iteration::all() {
            *RAN.lock().unwrap() = vec![0; 300];
            if let Some(run) = d.run_cpu(300, counting_body) {
                rt.block_on(async { tokio::spawn(run).await.unwrap() });
                let counts = RAN.lock().unwrap().clone();
                assert!(
                    counts.iter().all(|&c| c == 1),
                    "{}: {counts:?}",
                    d.info().id
                );
                ran += 1;
            }
        }
        // All but the two written for the lab executor's spawn.
        assert_eq!(ran, lab_designs::iteration::all().len() - 2);
    }
}

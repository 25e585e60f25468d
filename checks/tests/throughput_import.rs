//! The criterion import on a synthetic results tree: ratios, unsupported arities, and
//! missing measurements reported instead of silently dropped.

use std::fs;
use std::path::Path;

use lab_checks::throughput::{self, FLOOR, group};
use lab_findings::Verdict;

fn write(dir: &Path, group: &str, function: &str, elements: u64, mean_ns: f64) {
    let d = dir.join(group).join(function).join("new");
    fs::create_dir_all(&d).unwrap();
    fs::write(d.join("benchmark.json"), format!(r#"{{"group_id":"{group}","function_id":"{function}","throughput":{{"Elements":{elements}}}}}"#)).unwrap();
    fs::write(
        d.join("estimates.json"),
        format!(
            r#"{{"mean":{{"point_estimate":{mean_ns},"confidence_interval":{{"confidence_level":0.95,"lower_bound":{lo},"upper_bound":{hi}}}}}}}"#,
            lo = mean_ns * 0.98,
            hi = mean_ns * 1.02
        ),
    )
    .unwrap();
    let iters: Vec<String> = (1..=samples()).map(|i| i.to_string()).collect();
    fs::write(
        d.join("sample.json"),
        format!(r#"{{"iters":[{}],"times":[]}}"#, iters.join(",")),
    )
    .unwrap();
}

fn samples() -> usize {
    std::env::var("SAMPLES").map_or(100, |s| s.parse().unwrap())
}

#[test]
fn ratios_are_computed_against_the_floor_of_the_same_group() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &group(2), FLOOR, 512, 1024.0); // 2 ns/item
    write(dir.path(), &group(2), "fc-merge-vec", 512, 5120.0); // 10 ns/item
    write(dir.path(), &group(32), FLOOR, 8192, 8192.0);
    write(dir.path(), &group(32), "fc-merge-vec", 8192, 81920.0);
    let (findings, problems) = throughput::import(dir.path());

    let vec = findings
        .iter()
        .find(|f| f.id == "concurrent/throughput/fc-merge-vec")
        .unwrap();
    assert_eq!(vec.verdict, Verdict::Measured);
    assert_eq!(vec.figure("ns/item n=2").unwrap().value, 10.0);
    assert_eq!(vec.figure("ratio to floor n=2").unwrap().value, 5.0);
    assert_eq!(vec.figure("ratio to floor n=32").unwrap().value, 10.0);
    assert!(vec.figure("ratio to floor n=8").is_none());
    let floor = findings
        .iter()
        .find(|f| f.id == "concurrent/throughput/sync-floor")
        .unwrap();
    assert_eq!(floor.figure("ns/item n=2").unwrap().value, 2.0);

    // Every other measurement is missing and says where it looked.
    assert!(
        problems
            .iter()
            .any(|p| p.contains("drain-n8/sync-floor/new/benchmark.json"))
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("drain-n2/futures-select-recreate"))
    );
    // The tuple merge cannot be written for 32 sources: not a missing result.
    assert!(
        !problems
            .iter()
            .any(|p| p.contains("drain-n32/fc-merge-tuple"))
    );
}

#[test]
fn an_empty_results_tree_yields_no_findings_and_lists_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (findings, problems) = throughput::import(dir.path());
    assert!(findings.is_empty());
    assert!(problems.len() > 30, "{}", problems.len());
}

#[test]
fn intervals_need_enough_samples() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &group(2), FLOOR, 512, 1024.0);
    let t = throughput::timing(dir.path(), &group(2), FLOOR).unwrap();
    assert_eq!(
        (t.mean, t.lower, t.upper, t.samples),
        (2.0, 1.96, 2.04, samples())
    );
    assert_eq!(t.interval_figures("", "item").len(), 2);
    let few = throughput::Timing { samples: 2, ..t };
    assert!(
        few.interval_figures("", "item").is_empty(),
        "two samples decide nothing"
    );
}

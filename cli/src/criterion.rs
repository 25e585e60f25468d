//! Reads criterion's estimates (`target/criterion/<group>/<function>/new/`) for the
//! benchmark checks: the mean time per element with its bootstrap interval.

use std::fs;
use std::path::{Path, PathBuf};

use lab_checks::measure::{Timing, Timings};
use serde::Deserialize;

#[derive(Deserialize)]
struct Benchmark {
    throughput: Option<ThroughputSpec>,
}

#[derive(Deserialize)]
enum ThroughputSpec {
    Elements(u64),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Estimates {
    mean: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Interval {
    confidence_level: f64,
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Deserialize)]
struct Sample {
    iters: Vec<f64>,
}

/// Criterion's output folder.
pub struct CriterionDir(pub PathBuf);

impl Timings for CriterionDir {
    fn timing(&self, group: &str, function: &str) -> Result<Timing, String> {
        timing(&self.0, group, function)
    }
}

/// Time per element of one benchmark with criterion's confidence interval, or why it is not
/// available.
pub fn timing(criterion_dir: &Path, group: &str, function: &str) -> Result<Timing, String> {
    let dir = criterion_dir.join(group).join(function).join("new");
    let read = |name: &str| -> Result<String, String> {
        let path: PathBuf = dir.join(name);
        fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let bench: Benchmark = serde_json::from_str(&read("benchmark.json")?)
        .map_err(|e| format!("{}/benchmark.json: {e}", dir.display()))?;
    let estimates: Estimates = serde_json::from_str(&read("estimates.json")?)
        .map_err(|e| format!("{}/estimates.json: {e}", dir.display()))?;
    let sample: Sample = serde_json::from_str(&read("sample.json")?)
        .map_err(|e| format!("{}/sample.json: {e}", dir.display()))?;
    match bench.throughput {
        Some(ThroughputSpec::Elements(n)) if n > 0 => {
            let (m, n) = (&estimates.mean, n as f64);
            Ok(Timing {
                mean: m.point_estimate / n,
                lower: m.confidence_interval.lower_bound / n,
                upper: m.confidence_interval.upper_bound / n,
                level: m.confidence_interval.confidence_level,
                samples: sample.iters.len(),
            })
        }
        _ => Err(format!("{group}/{function} has no Throughput::Elements")),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    fn write(dir: &Path, group: &str, function: &str, elements: u64, mean_ns: f64, samples: usize) {
        let d = dir.join(group).join(function).join("new");
        fs::create_dir_all(&d).unwrap();
        fs::write(
            d.join("benchmark.json"),
            format!(r#"{{"group_id":"{group}","throughput":{{"Elements":{elements}}}}}"#),
        )
        .unwrap();
        fs::write(
            d.join("estimates.json"),
            format!(
                r#"{{"mean":{{"point_estimate":{mean_ns},"confidence_interval":{{"confidence_level":0.95,"lower_bound":{lo},"upper_bound":{hi}}}}}}}"#,
                lo = mean_ns * 0.98,
                hi = mean_ns * 1.02
            ),
        )
        .unwrap();
        let iters: Vec<String> = (1..=samples).map(|i| i.to_string()).collect();
        fs::write(
            d.join("sample.json"),
            format!(r#"{{"iters":[{}],"times":[]}}"#, iters.join(",")),
        )
        .unwrap();
    }

    #[test]
    fn estimates_are_per_element_with_their_interval() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "drain-n2", "sync-floor", 512, 1024.0, 100);
        let t = super::timing(dir.path(), "drain-n2", "sync-floor").unwrap();
        assert_eq!(
            (t.mean, t.lower, t.upper, t.samples),
            (2.0, 1.96, 2.04, 100)
        );
    }

    #[test]
    fn a_missing_estimate_says_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        let err = super::timing(dir.path(), "drain-n8", "sync-floor").unwrap_err();
        assert!(
            err.contains("drain-n8/sync-floor/new/benchmark.json"),
            "{err}"
        );
    }

    #[test]
    fn a_folder_without_estimates_names_the_file_and_the_import_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "drain-n2", "sync-floor", 512, 1024.0, 100);
        write(dir.path(), "drain-n2", "tokio-select", 512, 2048.0, 100);
        let broken = dir.path().join("drain-n2/tokio-select/new/estimates.json");
        fs::remove_file(&broken).unwrap();
        let err = super::timing(dir.path(), "drain-n2", "tokio-select").unwrap_err();
        assert!(err.contains("tokio-select/new/estimates.json"), "{err}");
        let produced =
            lab_checks::throughput::import(&super::CriterionDir(dir.path().to_path_buf()));
        assert!(
            produced
                .findings
                .iter()
                .any(|f| f.design.id == "sync-floor")
        );
        assert!(
            !produced
                .findings
                .iter()
                .any(|f| f.design.id == "tokio-select")
        );
        assert!(
            produced
                .problems
                .iter()
                .any(|p| p.contains("tokio-select/new/estimates.json")),
            "{:?}",
            produced.problems
        );
    }
}

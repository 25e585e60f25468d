//! What the compile tests leave for the report: `expressible/` checks each case with
//! trybuild (a program that must compile, or must be rejected with the error its `.stderr`
//! snapshot holds) and writes one [`CompileRun`] per case; `lab import-compile` turns them
//! into findings.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompileRun {
    /// The case's file under `expressible/cases/`, e.g. `lending/sequential.rs`.
    pub file: String,
    /// What the case puts through the strategy: `lending`, `not-send` or `unfused`.
    pub item: String,
    /// The design ids whose construct the case writes.
    pub designs: Vec<String>,
    /// What the case declares, read off the crates' signatures: compiles, or rejected.
    pub must_compile: bool,
    /// Whether it compiled and ran (trybuild's compile-pass run of the case).
    pub compiled: bool,
    /// For a case that did not compile: whether rustc's output equals the case's `.stderr`
    /// snapshot (trybuild's compile-fail run); `None` for a case that compiled.
    pub snapshot_matched: Option<bool>,
    /// The first `error[...]` line of the snapshot, where the output matched it.
    pub error: Option<String>,
    /// The commit the case ran at, if the checkout had one.
    pub commit: Option<String>,
    /// Whether the checkout had uncommitted changes then.
    pub dirty: bool,
    /// rustc's `--version`.
    pub rustc: String,
}

impl CompileRun {
    /// What rustc did, where that is known: `Some(true)` compiled and ran, `Some(false)`
    /// rejected with the snapshot's errors; `None` neither (other errors, or a panic at run
    /// time), which judges nothing.
    pub fn outcome(&self) -> Option<bool> {
        if self.compiled {
            Some(true)
        } else if self.snapshot_matched == Some(true) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether the case did as it declares: compiled, or was rejected with the snapshot's
    /// error.
    pub fn confirmed(&self) -> bool {
        self.compiled == self.must_compile && (self.compiled || self.snapshot_matched == Some(true))
    }
}

/// The results file inside `dir`.
pub fn results_file(dir: &Path) -> std::path::PathBuf {
    dir.join("compile-results.json")
}

pub fn write_runs(dir: &Path, runs: &[CompileRun]) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = results_file(dir);
    fs::write(&path, serde_json::to_string_pretty(runs)?)
        .with_context(|| format!("writing {}", path.display()))
}

pub fn read_runs(dir: &Path) -> Result<Vec<CompileRun>> {
    let path = results_file(dir);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

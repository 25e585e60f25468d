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
    /// Whether rustc accepted it: trybuild's compile-fail run of a copy of the case with no
    /// snapshot either writes rustc's errors (rejected) or says it compiled. `None`: trybuild
    /// said neither (it could not build the project), which judges nothing.
    pub compiled: Option<bool>,
    /// For a case that compiled: whether its program also ran to the end (trybuild's
    /// compile-pass run).
    pub ran: Option<bool>,
    /// For a rejected case with a `.stderr` snapshot: whether rustc's errors equal it.
    pub snapshot_matched: Option<bool>,
    /// The first `error[...]` line rustc printed, for a rejected case.
    pub error: Option<String>,
    /// The commit the case ran at, if the checkout had one.
    pub commit: Option<String>,
    /// Whether the checkout had uncommitted changes then.
    pub dirty: bool,
    /// rustc's `--version`.
    pub rustc: String,
}

impl CompileRun {
    /// Whether the case did all it declares: compiled and ran, or was rejected with its
    /// snapshot's errors.
    pub fn confirmed(&self) -> bool {
        match self.compiled {
            Some(true) => self.must_compile && self.ran == Some(true),
            Some(false) => !self.must_compile && self.snapshot_matched == Some(true),
            None => false,
        }
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

//! Where runs and benchmark results live, relative to the workspace.

use std::path::PathBuf;

/// The lab's checkout: the folder above this crate.
pub fn workspace() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    dir.canonicalize().unwrap_or(dir)
}

/// `reports/out/` (override with LAB_OUT).
pub fn out_root() -> PathBuf {
    std::env::var_os("LAB_OUT").map_or_else(|| workspace().join("reports/out"), PathBuf::from)
}

/// criterion's output folder: `$CARGO_TARGET_DIR/criterion` or `target/criterion`.
pub fn criterion_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace().join("target"), PathBuf::from)
        .join("criterion")
}

/// Where `just loom` keeps each loom model's result: `target/loom/results`, beside the loom
/// build (which `just loom` always puts in `target/loom`).
pub fn loom_results() -> PathBuf {
    workspace().join("target/loom/results")
}

/// Where the compile cases' test writes its results (`LAB_COMPILE_RESULTS` overrides, as
/// it does for the test): `target/compile`.
pub fn compile_results() -> PathBuf {
    std::env::var_os("LAB_COMPILE_RESULTS")
        .map_or_else(|| workspace().join("target/compile"), PathBuf::from)
}

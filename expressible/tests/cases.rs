//! Checks every case of `lab_expressible::CASES` with trybuild, one case at a time so each
//! gets its own result: every case is built and run as a program that must compile (what
//! rustc does, measured), and one that does not compile is held to its `.stderr` snapshot. Writes the results for `lab import-compile`
//! (to `$LAB_COMPILE_RESULTS`, default `target/compile`), then fails if any case did not
//! do what it declares.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use lab_expressible::CASES;
use lab_findings::compile::{CompileRun, write_runs};

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The first `error[...]` (or `error:`) line of a compile-fail case's snapshot.
fn first_error(case: &Path) -> Option<String> {
    let text = std::fs::read_to_string(case.with_extension("stderr")).ok()?;
    text.lines()
        .find(|l| l.starts_with("error"))
        .map(str::to_string)
}

/// Whether trybuild's run of the cases `add` adds succeeds (it checks on drop, and panics
/// when a case does not do what it was added as).
fn trybuild_accepts(add: impl FnOnce(&trybuild::TestCases)) -> bool {
    let t = trybuild::TestCases::new();
    add(&t);
    catch_unwind(AssertUnwindSafe(|| drop(t))).is_ok()
}

fn results_dir(root: &Path) -> PathBuf {
    std::env::var_os("LAB_COMPILE_RESULTS")
        .map_or_else(|| root.join("../target/compile"), PathBuf::from)
}

#[test]
fn every_case_compiles_or_is_rejected_as_it_declares() {
    // Overwrite mode would turn every snapshot check into a pass (and rewrite the
    // snapshot), and a filter would leave cases unrun yet recorded: neither measures.
    assert!(
        std::env::var_os("TRYBUILD").is_none(),
        "unset TRYBUILD: refresh a snapshot by hand with TRYBUILD=overwrite cargo test -p lab-expressible -- --ignored refresh"
    );
    assert!(
        !std::env::args().any(|a| a.starts_with("trybuild=")),
        "a trybuild= filter would record cases it did not run"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // No stale results survive a run that stops early.
    let results = results_dir(root);
    let _ = std::fs::remove_file(lab_findings::compile::results_file(&results));
    let rustc = output("rustc", &["--version"]).unwrap_or_else(|| "unknown".into());
    let commit = output("git", &["rev-parse", "HEAD"]);
    let dirty = output("git", &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.is_empty());
    let mut runs = Vec::new();
    for case in CASES {
        let path = root.join("cases").join(case.file);
        assert!(path.exists(), "{} is listed but missing", path.display());
        // Every case is first built and run as a program that must compile: what rustc
        // does is measured, whatever the case declares.
        let compiled = trybuild_accepts(|t| t.pass(&path));
        // A case that did not compile is then held to its snapshot of rustc's errors.
        let snapshot_matched = (!compiled).then(|| trybuild_accepts(|t| t.compile_fail(&path)));
        runs.push(CompileRun {
            file: case.file.into(),
            item: case.item.into(),
            designs: case.designs.iter().map(|d| d.to_string()).collect(),
            must_compile: case.must_compile,
            compiled,
            snapshot_matched,
            error: (snapshot_matched == Some(true))
                .then(|| first_error(&path))
                .flatten(),
            commit: commit.clone(),
            dirty,
            rustc: rustc.clone(),
        });
    }
    // The snapshot check can fail: a case that compiles is not accepted as rejected. (The
    // rejected cases' compile-pass runs show the other direction.) In the same test, so
    // trybuild's builds of one project never overlap.
    let compiles = root.join("cases/lending/sequential.rs");
    assert!(
        !trybuild_accepts(|t| t.compile_fail(&compiles)),
        "{} compiles, yet passed as rejected",
        compiles.display()
    );
    write_runs(&results, &runs).expect("writing the results");
    let wrong: Vec<&str> = runs
        .iter()
        .filter(|r| !r.confirmed())
        .map(|r| r.file.as_str())
        .collect();
    assert!(wrong.is_empty(), "not as declared: {wrong:?}");
}

/// Rewrites the `.stderr` snapshot of every case that must be rejected, from rustc's output
/// now (`TRYBUILD=overwrite cargo test -p lab-expressible -- --ignored refresh`): after a
/// toolchain or crate change, review the diff before committing it.
#[test]
#[ignore = "rewrites the snapshots; run by hand with TRYBUILD=overwrite"]
fn refresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    for case in CASES.iter().filter(|c| !c.must_compile) {
        t.compile_fail(root.join("cases").join(case.file));
    }
}

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

/// What rustc did with a case, whatever it declares.
enum Probe {
    /// Rejected, with rustc's output.
    Rejected(String),
    Compiled,
    /// trybuild said neither (it could not build its project).
    Unknown,
}

/// Runs a copy of `file` with no snapshot beside it as a compile-fail case. trybuild then
/// either writes rustc's errors to `wip/` and panics "successfully created new stderr
/// files", or panics "1 of 1 tests failed" because it compiled; "tests failed" alone is its
/// own failure to build the project.
fn probe(root: &Path, scratch: &Path, file: &str) -> Probe {
    let name = file.replace('/', "__");
    let copy = scratch.join(&name);
    std::fs::copy(root.join("cases").join(file), &copy).expect("copying the case");
    let wip = root
        .join("wip")
        .join(Path::new(&name).with_extension("stderr"));
    let _ = std::fs::remove_file(&wip);
    let t = trybuild::TestCases::new();
    t.compile_fail(&copy);
    let payload = catch_unwind(AssertUnwindSafe(|| drop(t))).err();
    let message = payload.as_ref().and_then(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
    });
    let probe = match message.as_deref() {
        Some(m) if m.starts_with("successfully created new stderr files") => {
            std::fs::read_to_string(&wip).map_or(Probe::Unknown, Probe::Rejected)
        }
        Some("1 of 1 tests failed") => Probe::Compiled,
        _ => Probe::Unknown,
    };
    let _ = std::fs::remove_file(&wip);
    probe
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
    // Untracked files count under expressible/: a new case or snapshot not yet committed.
    let dirty = output("git", &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.is_empty())
        || output("git", &["status", "--porcelain", "--", "."]).is_some_and(|s| !s.is_empty());
    let mut runs = Vec::new();
    let scratch = results.join("probe");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    for case in CASES {
        let path = root.join("cases").join(case.file);
        assert!(path.exists(), "{} is listed but missing", path.display());
        let (compiled, error) = match probe(root, &scratch, case.file) {
            Probe::Rejected(out) => (
                Some(false),
                out.lines()
                    .find(|l| l.starts_with("error"))
                    .map(str::to_string),
            ),
            Probe::Compiled => (Some(true), None),
            Probe::Unknown => (None, None),
        };
        // A case that compiled must also run; a rejected one is held to its snapshot.
        let ran = (compiled == Some(true)).then(|| trybuild_accepts(|t| t.pass(&path)));
        let snapshot_matched = (compiled == Some(false) && path.with_extension("stderr").exists())
            .then(|| trybuild_accepts(|t| t.compile_fail(&path)));
        runs.push(CompileRun {
            file: case.file.into(),
            item: case.item.into(),
            designs: case.designs.iter().map(|d| d.to_string()).collect(),
            must_compile: case.must_compile,
            compiled,
            ran,
            snapshot_matched,
            error,
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

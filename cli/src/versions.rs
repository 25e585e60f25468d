//! `lab versions CRATE V1 V2 ..`: the checks against each version of one crate. Each
//! version gets a copy of the workspace (its tracked and unignored files) under
//! `target/versions/`, pinned with `cargo update --precise` (which fetches that version from
//! crates.io: the only network use, and said so), then `lab check` runs in the copy into a
//! run of its own, and each pair of consecutive versions is put through the run comparison
//! (verdicts flipped, figures moved beyond noise) into `reports/out/versions/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::paths;

#[derive(clap::Args)]
pub struct Args {
    /// The crate to pin, as named in Cargo.lock (e.g. tokio, futures-concurrency).
    #[arg(value_name = "CRATE")]
    krate: String,
    /// Two or more versions, oldest first (e.g. 1.38.0 1.54.1).
    #[arg(value_name = "VERSION", num_args = 2.., required = true)]
    versions: Vec<String>,
    /// Check to run in each copy (repeatable; default: every check but the benchmarks).
    #[arg(long = "check", value_name = "NAME")]
    checks: Vec<String>,
    /// Design to run (repeatable; default: all).
    #[arg(long = "design", value_name = "ID")]
    designs: Vec<String>,
    /// The checks' default settings instead of their quick ones (much longer).
    #[arg(long)]
    full: bool,
}

/// The lock's versions of `krate` (a crate may be there at several).
fn locked(workspace: &Path, krate: &str) -> Result<Vec<String>> {
    let lock = fs::read_to_string(workspace.join("Cargo.lock")).context("reading Cargo.lock")?;
    let lock: toml::Table = lock.parse().context("Cargo.lock is not TOML")?;
    let packages = lock
        .get("package")
        .and_then(|p| p.as_array())
        .context("Cargo.lock has no [[package]]")?;
    Ok(packages
        .iter()
        .filter(|p| p.get("name").and_then(|n| n.as_str()) == Some(krate))
        .filter_map(|p| p.get("version").and_then(|v| v.as_str()).map(String::from))
        .collect())
}

/// Copies the workspace's tracked and unignored files into `to`.
fn copy_workspace(from: &Path, to: &Path) -> Result<()> {
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(from)
        .output()
        .context("running git ls-files (the copy takes the files git knows)")?;
    if !listed.status.success() {
        bail!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
    }
    if to.exists() {
        fs::remove_dir_all(to).with_context(|| format!("clearing {}", to.display()))?;
    }
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let rel = Path::new(std::str::from_utf8(file).context("a non-UTF-8 path")?);
        let src = from.join(rel);
        // Deleted but still tracked: nothing to copy.
        if !src.is_file() {
            continue;
        }
        let dst = to.join(rel);
        fs::create_dir_all(dst.parent().expect("a file has a parent"))?;
        fs::copy(&src, &dst).with_context(|| format!("copying {}", rel.display()))?;
    }
    Ok(())
}

fn run_in(dir: &Path, target: &Path, out: Option<&Path>, cmd: &mut Command) -> Result<()> {
    cmd.current_dir(dir).env("CARGO_TARGET_DIR", target);
    if let Some(out) = out {
        cmd.env("LAB_OUT", out);
    }
    let status = cmd.status().with_context(|| format!("running {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

/// One version's run: the copy pinned to `version`, checked; returns the run's folder.
fn one(args: &Args, version: &str, current: &str, root: &Path) -> Result<PathBuf> {
    let workspace = paths::workspace();
    let copy = root.join(format!("{}-{version}", args.krate));
    eprintln!(
        "== {} {version}: copying the workspace to {}",
        args.krate,
        copy.display()
    );
    copy_workspace(&workspace, &copy)?;
    eprintln!(
        "== {} {version}: cargo update --precise (contacts the crates.io index, and downloads {} {version} if it is not cached)",
        args.krate, args.krate
    );
    let target = root.join("target");
    run_in(
        &copy,
        &target,
        None,
        Command::new("cargo").args([
            "update",
            "-p",
            &format!("{}@{current}", args.krate),
            "--precise",
            version,
        ]),
    )
    .with_context(|| {
        format!(
            "pinning {} to {version} failed (see cargo's message above: a version the workspace's other requirements rule out, or no network)",
            args.krate
        )
    })?;
    let pinned = locked(&copy, &args.krate)?;
    if !pinned.iter().any(|v| v == version) {
        bail!(
            "after cargo update, Cargo.lock holds {} {pinned:?}, not {version}",
            args.krate
        );
    }
    let out = copy.join("reports/out");
    let mut check = Command::new("cargo");
    check.args(["run", "--quiet", "--release", "-p", "lab", "--", "check"]);
    if !args.full {
        check.arg("--quick");
    }
    for c in &args.checks {
        check.args(["--check", c]);
    }
    for d in &args.designs {
        check.args(["--design", d]);
    }
    eprintln!(
        "== {} {version}: building and running the checks",
        args.krate
    );
    run_in(&copy, &target, Some(&out), &mut check)
        .with_context(|| format!("the checks on {} {version}", args.krate))?;
    let run = out.join("latest");
    if !run.join(lab_findings::FINDINGS).is_file() {
        bail!("no findings under {}", run.display());
    }
    Ok(run.canonicalize().unwrap_or(run))
}

pub fn run(args: Args) -> Result<()> {
    let workspace = paths::workspace();
    let current = locked(&workspace, &args.krate)?;
    let current = match current.as_slice() {
        [] => bail!(
            "{} is not in Cargo.lock: name a crate the lab uses",
            args.krate
        ),
        [one] => one.clone(),
        several => bail!(
            "Cargo.lock holds {} at {}, some through other crates: `lab versions` pins a crate the lock holds once",
            args.krate,
            several.join(", ")
        ),
    };
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from);
    let root = target.join("versions");
    fs::create_dir_all(&root)?;
    let mut runs = Vec::new();
    for v in &args.versions {
        runs.push((v.clone(), one(&args, v, &current, &root)?));
    }
    let compared = paths::out_root().join("versions");
    for pair in runs.windows(2) {
        let ((va, a), (vb, b)) = (&pair[0], &pair[1]);
        let out = compared.join(format!("{}-{va}--{vb}", args.krate));
        let c = lab_reports::compare(a, b, &out)?;
        crate::compare::print(&format!("{} {va} → {vb}: ", args.krate), &c);
    }
    Ok(())
}

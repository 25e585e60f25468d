//! `lab`: runs the checks, imports benchmark results, and renders the report. Every run
//! writes to its own folder under `reports/out/`, with `latest` pointing at the newest.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod callgrind;
mod check;
mod compare;
mod criterion;
mod fuzz;
mod icount;
mod import_bench;
mod import_compile;
mod import_loom;
mod libfuzzer;
mod list;
mod paths;
mod replay;
mod report;
mod repro;
mod versions;

#[derive(Parser)]
#[command(
    name = "lab",
    version,
    about = "Async design lab: checks, benchmarks and reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run property checks on designs and write a new run's findings.json.
    Check(check::Args),
    /// Add criterion's results (from `cargo bench -p lab-benches`) to a run.
    ImportBench(import_bench::Args),
    /// Run the fuzz targets of `fuzz/` under libFuzzer (nightly, cargo-fuzz) and add the
    /// results to a run.
    Fuzz(fuzz::Args),
    /// Add the loom models' results (from `just loom`) to a run.
    ImportLoom(import_loom::Args),
    /// Add the compile cases' results (`cargo test -p lab-expressible`) to a run
    ImportCompile(import_compile::Args),
    /// Count instructions per item under callgrind (drains, line splitters, chains), into a run.
    Icount(icount::Args),
    /// Render a run's findings.json into index.html and summary.md.
    Report(report::Args),
    /// Rerun the check behind one finding and compare its verdict and figures.
    Repro(repro::Args),
    /// Run one data-loss script on one design under a recorded schedule (from a finding or
    /// a fuzz crash) and print what happened.
    Replay(replay::Args),
    /// What changed between two runs: verdicts flipped, figures moved beyond noise.
    Compare(compare::Args),
    /// List the designs and checks, with each check's settings.
    List(list::Args),
    /// Run the checks against each version of one crate (a pinned copy of the workspace
    /// each) and compare the runs version to version.
    Versions(versions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::ImportBench(a) => import_bench::run(a),
        Command::ImportLoom(a) => import_loom::run(a),
        Command::ImportCompile(a) => import_compile::run(a),
        Command::Fuzz(a) => fuzz::run(a),
        Command::Icount(a) => icount::run(a),
        Command::Report(a) => report::run(a),
        Command::Repro(a) => repro::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Replay(a) => replay::run(a),
        Command::List(a) => list::run(a),
        Command::Versions(a) => versions::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--run DIR`, defaulting to the latest run.
#[derive(clap::Args)]
struct RunDir {
    /// Run folder (default: reports/out/latest).
    #[arg(long)]
    pub run: Option<PathBuf>,
}

impl RunDir {
    fn resolve(&self) -> anyhow::Result<PathBuf> {
        match &self.run {
            Some(dir) => Ok(dir.clone()),
            None => lab_findings::latest(&paths::out_root()),
        }
    }
}

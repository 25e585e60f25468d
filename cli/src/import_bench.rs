//! `lab import-bench`: add criterion's results of the benchmark checks to a run.

use std::path::PathBuf;

use anyhow::Result;
use lab_checks::{CHECKS, Input, Kind, Options};
use lab_findings::RunRecord;

use crate::check::request;
use crate::criterion::CriterionDir;
use crate::{RunDir, paths};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// criterion's output folder (default: target/criterion).
    #[arg(long)]
    criterion: Option<PathBuf>,
}

const PREFIX: &str = "benchmarks: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = RunRecord::load(&dir)?;
    let criterion = CriterionDir(args.criterion.unwrap_or_else(paths::criterion_dir));
    let options = Options::default();
    let mut problems = Vec::new();
    let mut imported = 0;
    for check in CHECKS.iter().filter(|c| c.kind() == Kind::Criterion) {
        let produced = check
            .run(Input::Timings(&criterion), &options, &|| {})
            .map_err(anyhow::Error::msg)?;
        request(&mut record, *check, check.designs(), &options);
        imported += produced.findings.len();
        record.upsert(produced.findings);
        problems.extend(produced.problems);
    }
    println!(
        "imported {imported} benchmark findings from {}",
        criterion.0.display()
    );
    for p in &problems {
        eprintln!("  missing: {p}");
    }
    record.problems.retain(|p| !p.starts_with(PREFIX));
    record
        .problems
        .extend(problems.into_iter().map(|p| format!("{PREFIX}{p}")));
    let index = criterion.0.join("report/index.html");
    record.criterion_report = index.exists().then(|| index.display().to_string());
    let path = record.save(&dir)?;
    println!("updated {}", path.display());
    Ok(())
}

//! `lab import-bench`: add the drain benchmark's criterion results to a run.

use std::path::PathBuf;

use anyhow::{Context, Result};
use lab_checks::{CONCURRENT, throughput};
use lab_designs::concurrent;
use lab_findings::Requested;

use crate::{RunDir, paths};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// criterion's output folder (default: target/criterion).
    #[arg(long)]
    criterion: Option<PathBuf>,
}

const PREFIX: &str = "throughput: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = lab_reports::load(&dir)?;
    let criterion = args.criterion.unwrap_or_else(paths::criterion_dir);
    let (findings, problems) = throughput::import(&criterion);
    println!(
        "imported {} throughput findings from {}",
        findings.len(),
        criterion.display()
    );
    for p in &problems {
        eprintln!("  missing: {p}");
    }
    record.request(Requested {
        question: CONCURRENT.into(),
        check: throughput::CHECK.into(),
        designs: concurrent::all()
            .iter()
            .map(|d| d.info().id.to_string())
            .collect(),
    });
    record.upsert(findings);
    record.problems.retain(|p| !p.starts_with(PREFIX));
    record
        .problems
        .extend(problems.into_iter().map(|p| format!("{PREFIX}{p}")));
    let index = criterion.join("report/index.html");
    record.criterion_report = index.exists().then(|| index.display().to_string());
    let path = dir.join(lab_reports::FINDINGS);
    std::fs::write(&path, serde_json::to_string_pretty(&record)?)
        .with_context(|| format!("writing {}", path.display()))?;
    println!("updated {}", path.display());
    Ok(())
}

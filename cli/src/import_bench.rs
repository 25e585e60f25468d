//! `lab import-bench`: add criterion's results of both benchmarks to a run.

use std::path::PathBuf;

use anyhow::{Context, Result};
use lab_checks::{CONCURRENT, ITERATOR, designs_of, iter_throughput, throughput};
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

const PREFIX: &str = "benchmarks: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = lab_reports::load(&dir)?;
    let criterion = args.criterion.unwrap_or_else(paths::criterion_dir);
    let (mut findings, mut problems) = throughput::import(&criterion);
    let (iter_findings, iter_problems) = iter_throughput::import(&criterion);
    findings.extend(iter_findings);
    problems.extend(iter_problems);
    println!(
        "imported {} benchmark findings from {}",
        findings.len(),
        criterion.display()
    );
    for p in &problems {
        eprintln!("  missing: {p}");
    }
    record.request(Requested {
        question: CONCURRENT.into(),
        check: throughput::CHECK.into(),
        designs: designs_of(CONCURRENT)
            .iter()
            .map(|d| d.to_string())
            .collect(),
    });
    record.request(Requested {
        question: ITERATOR.into(),
        check: iter_throughput::CHECK.into(),
        designs: iter_throughput::expected_ids(),
    });
    record.record_settings(
        CONCURRENT,
        throughput::CHECK,
        lab_checks::recorded_settings(throughput::CHECK, &Default::default()),
    );
    record.record_settings(
        ITERATOR,
        iter_throughput::CHECK,
        lab_checks::recorded_settings(iter_throughput::CHECK, &Default::default()),
    );
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

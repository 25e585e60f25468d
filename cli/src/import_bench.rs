//! `lab import-bench`: add criterion's results of the benchmark checks to a run.

use std::path::PathBuf;

use anyhow::Result;
use lab_checks::{Input, Kind, Options};
use lab_findings::RunRecord;

use crate::check::import;
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
    let input = Input::Timings(&criterion);
    let imported = import(&mut record, Kind::Criterion, input, &options, PREFIX)?;
    println!(
        "imported {imported} benchmark findings from {}",
        criterion.0.display()
    );
    let index = criterion.0.join("report/index.html");
    record.criterion_report = index.exists().then(|| index.display().to_string());
    let path = record.save(&dir)?;
    println!("updated {}", path.display());
    Ok(())
}

//! `lab import-loom`: add the loom models' results (`just loom`) to a run.

use std::path::PathBuf;

use anyhow::Result;
use lab_checks::{Input, Kind, Options};
use lab_findings::RunRecord;

use crate::check::import;
use crate::{RunDir, paths};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// The folder of model results (default: target/loom/results, where `just loom` writes).
    #[arg(long)]
    results: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = RunRecord::load(&dir)?;
    let results = args.results.unwrap_or_else(paths::loom_results);
    let runs = lab_findings::loom::read_runs(&results)?;
    let options = Options::default();
    let imported = import(
        &mut record,
        Kind::Loom,
        Input::Loom(&runs),
        &options,
        "loom: ",
    )?;
    println!(
        "imported {imported} loom findings from {}",
        results.display()
    );
    let path = record.save(&dir)?;
    println!("updated {}", path.display());
    Ok(())
}

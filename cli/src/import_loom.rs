//! `lab import-loom`: add the loom models' results (`just loom`) to a run. A missing
//! results folder is recorded as a problem, so the run's report says loom did not run.

use std::path::PathBuf;

use anyhow::Result;
use lab_checks::{Input, Kind, Options};
use lab_findings::RunRecord;

use crate::check::{import, note_other_commits};
use crate::{RunDir, paths};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// The folder of model results (default: target/loom/results, where `just loom` writes).
    #[arg(long)]
    results: Option<PathBuf>,
}

const PREFIX: &str = "loom: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = RunRecord::load(&dir)?;
    let results = args.results.unwrap_or_else(paths::loom_results);
    let runs = if results.exists() {
        lab_findings::loom::read_runs(&results)?
    } else {
        Vec::new()
    };
    let imported = import(
        &mut record,
        Kind::Loom,
        Input::Loom(&runs),
        &Options::default(),
        PREFIX,
    )?;
    if !results.exists() {
        record.problems.push(format!(
            "{PREFIX}no results in {} (did `just loom` fail before running the models?)",
            results.display()
        ));
    }
    let commits = runs
        .iter()
        .map(|r| (r.design.as_str(), r.commit.as_deref()));
    note_other_commits(&mut record, PREFIX, commits);
    println!(
        "imported {imported} loom findings from {}",
        results.display()
    );
    let path = record.save(&dir)?;
    println!("updated {}", path.display());
    Ok(())
}

//! `lab import-compile`: add the compile cases' results (`cargo test -p lab-expressible`)
//! to a run. A missing results file is recorded as a problem, so the report says the
//! compile cases did not run.

use std::path::PathBuf;

use anyhow::Result;
use lab_checks::{Input, Kind, Options};
use lab_findings::RunRecord;
use lab_findings::compile::{read_runs, results_file};

use crate::check::{import, note_other_commits};
use crate::{RunDir, paths};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// The folder of the results (default: target/compile, where the compile test writes).
    #[arg(long)]
    results: Option<PathBuf>,
}

const PREFIX: &str = "compile cases: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = RunRecord::load(&dir)?;
    let results = args.results.unwrap_or_else(paths::compile_results);
    let present = results_file(&results).exists();
    let runs = if present {
        read_runs(&results)?
    } else {
        Vec::new()
    };
    let imported = import(
        &mut record,
        Kind::Compile,
        Input::Compile(&runs),
        &Options::default(),
        PREFIX,
    )?;
    if !present {
        record.problems.push(format!(
            "{PREFIX}no results in {} (run `cargo test -p lab-expressible`)",
            results.display()
        ));
    }
    let commits = runs.iter().map(|r| (r.file.as_str(), r.commit.as_deref()));
    note_other_commits(&mut record, PREFIX, commits);
    if runs.iter().any(|r| r.dirty) {
        record.problems.push(format!(
            "{PREFIX}the cases ran on a checkout with uncommitted changes"
        ));
    }
    println!(
        "imported {imported} compile findings from {}",
        results.display()
    );
    let path = record.save(&dir)?;
    println!("updated {}", path.display());
    Ok(())
}

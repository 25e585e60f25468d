//! `lab icount`: instruction counts under callgrind, added to a run, for every check that
//! is measured that way. Each counted process is `lab-icount-target`, built beside `lab`
//! without the counting allocator.

use std::cell::Cell;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::counting::TARGET;
use lab_checks::measure::Counter;
use lab_checks::{CHECKS, Input, Kind, Options};
use lab_findings::RunRecord;

use crate::RunDir;
use crate::callgrind::Callgrind;
use crate::check::import;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// Count the drain at 8 sources only.
    #[arg(long)]
    quick: bool,
}

const PREFIX: &str = "instructions: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = RunRecord::load(&dir)?;
    let exe = std::env::current_exe().context("locating the lab binary")?;
    let target = exe.with_file_name(TARGET);
    if !target.exists() {
        anyhow::bail!(
            "{} is missing: build it with `cargo build --release -p lab-icount` (`just bench` does)",
            target.display()
        );
    }
    let options = Options {
        quick: args.quick,
        ..Options::default()
    };
    let counter = Callgrind {
        target,
        bar: ProgressBar::new(planned(&options)).with_style(
            ProgressStyle::with_template(
                "callgrind [{bar:30}] {pos}/{len} · {elapsed} elapsed · ~{eta} left · {msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        ),
        runs: Cell::new(0),
    };
    if args.quick {
        record
            .scope
            .push("instruction counts of the drain at 8 sources only (lab icount --quick)".into());
    }
    let input = Input::Counter(&counter);
    let counted = import(&mut record, Kind::Callgrind, input, &options, PREFIX);
    counter.bar.finish_and_clear();
    let counted = counted?;
    println!(
        "counted instructions for {counted} findings ({} callgrind runs)",
        counter.runs.get()
    );
    let path = record.save(&dir)?;
    println!("updated {}", path.display());
    Ok(())
}

/// Counts what a run of the callgrind checks would ask valgrind for, without running it,
/// so the progress bar knows its length and the time left.
struct Tally(Cell<u64>);

impl Counter for Tally {
    fn count(&self, _: &[String]) -> Result<u64, String> {
        self.0.set(self.0.get() + 1);
        Ok(0)
    }
}

fn planned(options: &Options) -> u64 {
    let tally = Tally(Cell::new(0));
    for check in CHECKS.iter().filter(|c| c.kind() == Kind::Callgrind) {
        // Only the number of counts matters here; the figures of a dry run are discarded.
        let _ = check.run(Input::Counter(&tally), options, &|| {});
    }
    tally.0.get()
}

//! `lab icount`: instruction counts of the drain workload under callgrind, added to a run.
//! `lab drain-once` is what each counted process runs.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::throughput::SOURCES;
use lab_checks::{CONCURRENT, designs_of, instructions, validate_design};
use lab_findings::Requested;

use crate::RunDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// Count at 8 sources only.
    #[arg(long)]
    quick: bool,
}

#[derive(clap::Args)]
pub struct DrainOnce {
    #[arg(long)]
    design: String,
    #[arg(long)]
    n: usize,
    #[arg(long)]
    items: u32,
}

pub fn drain_once(a: DrainOnce) -> Result<()> {
    if a.design != lab_checks::throughput::FLOOR {
        validate_design(&a.design).map_err(anyhow::Error::msg)?;
    }
    instructions::drain_once(&a.design, a.n, a.items).map_err(anyhow::Error::msg)
}

const PREFIX: &str = "instructions: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = lab_reports::load(&dir)?;
    let exe = std::env::current_exe().context("locating the lab binary")?;
    let sources: Vec<usize> = if args.quick {
        vec![8]
    } else {
        SOURCES.to_vec()
    };
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("callgrind {pos} counted, now {msg}").expect("valid template"),
    );
    let (findings, problems) = instructions::measure(&exe, &sources, &|what| {
        bar.set_message(what.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    println!("counted instructions for {} designs", findings.len());
    for p in &problems {
        eprintln!("  missing: {p}");
    }
    record.request(Requested {
        question: CONCURRENT.into(),
        check: instructions::CHECK.into(),
        designs: designs_of(CONCURRENT)
            .iter()
            .map(|d| d.to_string())
            .collect(),
    });
    record.upsert(findings);
    record.problems.retain(|p| !p.starts_with(PREFIX));
    record
        .problems
        .extend(problems.into_iter().map(|p| format!("{PREFIX}{p}")));
    let path = dir.join(lab_reports::FINDINGS);
    std::fs::write(&path, serde_json::to_string_pretty(&record)?)
        .with_context(|| format!("writing {}", path.display()))?;
    println!("updated {}", path.display());
    Ok(())
}

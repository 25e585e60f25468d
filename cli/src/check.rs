//! `lab check`: run property checks on designs, with progress, into a new run folder.

use std::time::{Instant, SystemTime};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::data_loss::{self, Settings};
use lab_checks::{CONCURRENT, check_by_name, throughput};
use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_findings::{Env, Finding, Requested, RunRecord};

use crate::paths;

#[derive(clap::Args)]
pub struct Args {
    /// Check to run (repeatable; default: every property check).
    #[arg(long = "check", value_name = "NAME")]
    checks: Vec<String>,
    /// Design to check (repeatable; default: all). `lab list` shows the ids.
    #[arg(long = "design", value_name = "ID")]
    designs: Vec<String>,
    /// proptest cases per design (default 10000; 1000 with --quick).
    #[arg(long)]
    cases: Option<u32>,
    /// Seed of the case generator.
    #[arg(long, default_value_t = Settings::default().seed)]
    seed: u64,
    /// Fewer cases and samples: exercises every part quickly.
    #[arg(long)]
    quick: bool,
}

/// Checks `lab check` runs itself (throughput comes from `cargo bench`).
const PROPERTY_CHECKS: &[&str] = &[data_loss::CHECK];

pub fn run(args: Args) -> Result<()> {
    let checks = select_checks(&args.checks)?;
    let designs = args
        .designs
        .iter()
        .map(|id| concurrent::by_id(id).map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()?;
    let designs: Vec<&dyn ConcurrentDesign> = if designs.is_empty() {
        concurrent::all().to_vec()
    } else {
        designs
    };
    let base = Settings::default();
    let settings = Settings {
        cases: args
            .cases
            .unwrap_or(if args.quick { 1_000 } else { base.cases }),
        seed: args.seed,
        sweep: if args.quick { 200 } else { base.sweep },
        reruns: if args.quick { 20 } else { base.reruns },
        ..base
    };

    let stamp = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let mut record = RunRecord::new(Env::capture(lab_designs::versions::VERSIONS, stamp.clone()));
    for check in &checks {
        record.request(Requested {
            question: CONCURRENT.into(),
            check: check.to_string(),
            designs: designs.iter().map(|d| d.info().id.to_string()).collect(),
        });
        for design in &designs {
            let f = run_one(*design, &settings);
            println!("{}", line(&f));
            record.upsert([f]);
        }
    }
    let dir = lab_reports::Runs::new(paths::out_root()).create(&stamp)?;
    let path = dir.join(lab_reports::FINDINGS);
    std::fs::write(&path, serde_json::to_string_pretty(&record)?)?;
    println!("wrote {}", path.display());
    Ok(())
}

fn select_checks(names: &[String]) -> Result<Vec<&'static str>> {
    if names.is_empty() {
        return Ok(PROPERTY_CHECKS.to_vec());
    }
    names
        .iter()
        .map(|name| {
            let (_, check) = check_by_name(name).map_err(anyhow::Error::msg)?;
            if check == throughput::CHECK {
                bail!(
                    "{check} is measured by `cargo bench -p lab-benches` and added with \
                     `lab import-bench` (`just bench` does both)"
                );
            }
            Ok(check)
        })
        .collect()
}

fn run_one(design: &dyn ConcurrentDesign, settings: &Settings) -> Finding {
    // Cases plus the loss-rate sample; shrinking and re-runs of a failure run past it.
    let bar = ProgressBar::new(u64::from(settings.cases + settings.sweep)).with_style(
        ProgressStyle::with_template("{msg:32} [{bar:30}] {pos}/{len} runs {per_sec}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(design.info().id);
    let started = Instant::now();
    let f = data_loss::check(design, settings, &|| bar.inc(1));
    let runs = bar.position();
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "  {runs} executor runs in {secs:.2}s ({:.0} runs/s)",
        runs as f64 / secs.max(1e-9)
    );
    f
}

fn line(f: &Finding) -> String {
    let expectation = match f.matches_expectation() {
        Some(true) => "as expected",
        Some(false) => "UNEXPECTED",
        None => "",
    };
    format!(
        "{:<55} {:<8} {:<12} {}",
        f.id,
        f.verdict.as_str(),
        expectation,
        f.summary
    )
}

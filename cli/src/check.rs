//! `lab check`: run checks on designs, with progress, into a new run folder.

use std::time::{Instant, SystemTime};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::{CHECKS, CheckSpec, Kind, Options, check_by_name, designs_of, validate_design};
use lab_findings::{Env, Finding, Requested, RunRecord};

use crate::paths;

#[derive(clap::Args)]
pub struct Args {
    /// Check to run (repeatable; default: every check but the benchmarks).
    #[arg(long = "check", value_name = "NAME")]
    checks: Vec<String>,
    /// Design to check (repeatable; default: all). `lab list` shows the ids.
    #[arg(long = "design", value_name = "ID")]
    designs: Vec<String>,
    /// data-loss, stream-end, cancellation: proptest cases per design (default 10000; 1000
    /// with --quick; 0 records not-run, fewer than 132 inconclusive).
    #[arg(long)]
    cases: Option<u32>,
    /// fairness and starvation: independent runs per workload (defaults 2000 and 200).
    #[arg(long)]
    runs: Option<u32>,
    /// data-loss, stream-end, cancellation: seed of the case generator; fairness: of the
    /// timer order.
    #[arg(long)]
    seed: Option<u64>,
    /// Fewer cases and samples: exercises every part quickly.
    #[arg(long)]
    quick: bool,
}

pub fn run(args: Args) -> Result<()> {
    let checks = select_checks(&args.checks)?;
    for id in &args.designs {
        validate_design(id).map_err(anyhow::Error::msg)?;
    }
    let options = Options {
        cases: args.cases,
        runs: args.runs,
        seed: args.seed,
        quick: args.quick,
    };
    let stamp = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let mut record = RunRecord::new(Env::capture(lab_designs::versions::VERSIONS, stamp.clone()));
    if !args.checks.is_empty() {
        record
            .scope
            .push(format!("only the checks {}", args.checks.join(", ")));
    }
    if !args.designs.is_empty() {
        record
            .scope
            .push(format!("only the designs {}", args.designs.join(", ")));
    }
    if args.quick {
        record
            .scope
            .push("quick mode (fewer cases and runs than the defaults)".into());
    }
    for (flag, value) in [("--cases", args.cases), ("--runs", args.runs)] {
        if let Some(v) = value {
            record
                .scope
                .push(format!("{flag} {v} instead of the default"));
        }
    }
    for check in checks {
        match check.kind {
            Kind::PerDesign => {
                let designs: Vec<&str> = designs_of(check.question)
                    .into_iter()
                    .filter(|d| args.designs.is_empty() || args.designs.iter().any(|a| a == d))
                    .collect();
                if designs.is_empty() {
                    continue;
                }
                record.request(Requested {
                    question: check.question.into(),
                    check: check.name.into(),
                    designs: designs.iter().map(|d| d.to_string()).collect(),
                });
                record.record_settings(
                    check.question,
                    check.name,
                    lab_checks::recorded_settings(check.name, &options),
                );
                for design in designs {
                    let f = run_one(check.name, design, &options)?;
                    println!("{}", line(&f));
                    record.upsert([f]);
                }
            }
            Kind::Whole => {
                let findings = lab_checks::run_whole(check.name).map_err(anyhow::Error::msg)?;
                record.request(Requested {
                    question: check.question.into(),
                    check: check.name.into(),
                    designs: findings.iter().map(|f| f.design.id.clone()).collect(),
                });
                record.record_settings(
                    check.question,
                    check.name,
                    lab_checks::recorded_settings(check.name, &options),
                );
                for f in &findings {
                    println!("{}", line(f));
                }
                record.upsert(findings);
            }
            Kind::Bench => unreachable!("select_checks leaves benchmarks out"),
        }
    }
    let dir = lab_reports::Runs::new(paths::out_root()).create(&stamp)?;
    let path = dir.join(lab_reports::FINDINGS);
    std::fs::write(&path, serde_json::to_string_pretty(&record)?)?;
    println!("wrote {}", path.display());
    Ok(())
}

fn select_checks(names: &[String]) -> Result<Vec<CheckSpec>> {
    if names.is_empty() {
        return Ok(CHECKS
            .iter()
            .copied()
            .filter(|c| c.kind != Kind::Bench)
            .collect());
    }
    names
        .iter()
        .map(|name| {
            let check = check_by_name(name).map_err(anyhow::Error::msg)?;
            if check.kind == Kind::Bench {
                bail!(
                    "{} is measured by `cargo bench -p lab-benches` and added with \
                     `lab import-bench` (`just bench` does both)",
                    check.name
                );
            }
            Ok(check)
        })
        .collect()
}

fn run_one(check: &str, design: &str, options: &Options) -> Result<Finding> {
    let bar = ProgressBar::new(options.planned_runs(check)).with_style(
        ProgressStyle::with_template("{msg:44} [{bar:30}] {pos}/{len} runs {per_sec}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(format!("{check} {design}"));
    let started = Instant::now();
    let f =
        lab_checks::run_on(check, design, options, &|| bar.inc(1)).map_err(anyhow::Error::msg)?;
    let runs = bar.position();
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "  {runs} executor runs in {secs:.2}s ({:.0} runs/s)",
        runs as f64 / secs.max(1e-9)
    );
    Ok(f)
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

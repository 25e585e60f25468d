//! `lab check`: run checks on designs, with progress, into a new run folder.

use std::cell::Cell;
use std::time::{Instant, SystemTime};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::{CHECKS, Check, Input, Kind, Options, Produced, validate_design};
use lab_findings::{Env, Finding, Requested, RunRecord, Runs};

use crate::paths;

#[derive(clap::Args)]
#[command(after_help = crate::list::settings_help())]
pub struct Args {
    /// Check to run (repeatable; default: every check but the benchmarks).
    #[arg(long = "check", value_name = "NAME")]
    checks: Vec<String>,
    /// Design to check (repeatable; default: all). `lab list` shows the ids.
    #[arg(long = "design", value_name = "ID")]
    designs: Vec<String>,
    /// Cases per design of the checks whose settings answer to --cases (see below).
    #[arg(long)]
    cases: Option<u32>,
    /// Runs per design (or per workload) of the checks whose settings answer to --runs.
    #[arg(long)]
    runs: Option<u32>,
    /// Seed of the checks whose settings answer to --seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Fewer cases and samples: exercises every part quickly.
    #[arg(long)]
    quick: bool,
    /// Real runtime for the real-runtimes checks, beside the lab executor (repeatable;
    /// default: all of tokio-current-thread, tokio-multi-thread, async-std, smol).
    #[arg(long = "runtime", value_name = "ID")]
    runtimes: Vec<String>,
}

pub fn run(args: Args) -> Result<()> {
    let checks = select_checks(&args.checks)?;
    for id in &args.designs {
        validate_design(id).map_err(anyhow::Error::msg)?;
    }
    let mut runtimes = Vec::new();
    for id in &args.runtimes {
        let rt = lab_runtimes::Runtime::parse(id).map_err(anyhow::Error::msg)?;
        if !rt.is_real() {
            bail!("--runtime {id}: the lab executor always runs; name a real runtime");
        }
        runtimes.push(rt);
    }
    let options = Options {
        cases: args.cases,
        runs: args.runs,
        seed: args.seed,
        quick: args.quick,
        runtimes: (!runtimes.is_empty()).then(|| runtimes.iter().copied().collect()),
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
    let chosen = |check: &dyn Check| -> Vec<String> {
        check
            .designs()
            .into_iter()
            .filter(|d| args.designs.is_empty() || args.designs.contains(d))
            .collect()
    };
    // One bar over every executor run the per-design checks plan, for the time left.
    let planned: u64 = checks
        .iter()
        .filter(|c| c.kind() == Kind::PerDesign)
        .map(|c| c.planned_runs(&options) * chosen(*c).len() as u64)
        .sum();
    let bar = ProgressBar::new(planned).with_style(
        ProgressStyle::with_template(
            "{msg:44} [{bar:30}] {percent}% of {len} runs · {elapsed} elapsed · ~{eta} left",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    for check in checks {
        match check.kind() {
            Kind::PerDesign => {
                let designs = chosen(check);
                if designs.is_empty() {
                    continue;
                }
                request(&mut record, check, designs.clone(), &options);
                for design in &designs {
                    // A harness error on one design is recorded and the run goes on, so the
                    // findings already made are saved.
                    match run_one(check, design, &options, &bar) {
                        Ok(f) => {
                            bar.suspend(|| println!("{}", line(&f)));
                            record.upsert([f]);
                        }
                        Err(e) => {
                            let problem = format!("{}/{design}: {e:#}", check.id());
                            bar.suspend(|| eprintln!("  error: {problem}"));
                            record.problems.push(problem);
                        }
                    }
                }
            }
            Kind::Whole => {
                bar.set_message(format!("{} (the whole question)", check.id()));
                let produced = match check.run(Input::Whole, &options, &|| {}) {
                    Ok(p) => p,
                    Err(e) => {
                        let problem = format!("{}: {e}", check.id());
                        bar.suspend(|| eprintln!("  error: {problem}"));
                        record.problems.push(problem);
                        continue;
                    }
                };
                // Whole-question checks run in full; --design narrows what is kept.
                let keep = |d: &str| args.designs.is_empty() || args.designs.iter().any(|a| a == d);
                let designs: Vec<String> =
                    check.designs().into_iter().filter(|d| keep(d)).collect();
                if designs.is_empty() {
                    continue;
                }
                let produced = Produced {
                    findings: produced
                        .findings
                        .into_iter()
                        .filter(|f| keep(&f.design.id))
                        .collect(),
                    problems: produced.problems,
                };
                request(&mut record, check, designs, &options);
                let mut findings = produced.findings;
                findings.iter_mut().for_each(|f| mark_quick(f, &options));
                bar.suspend(|| {
                    for f in &findings {
                        println!("{}", line(f));
                    }
                });
                record.upsert(findings);
                record.problems.extend(produced.problems);
            }
            Kind::Criterion | Kind::Callgrind | Kind::Loom | Kind::Fuzz | Kind::Compile => {
                unreachable!("select_checks leaves benchmarks out")
            }
        }
    }
    bar.finish_and_clear();
    let dir = Runs::new(paths::out_root()).create(&stamp)?;
    let path = record.save(&dir)?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Runs every check of `kind` (measured outside `lab check`) on `input` into `record`: its
/// findings replace earlier ones, and what it could not measure replaces the problems
/// recorded under `prefix` by an earlier import. Returns how many findings it added; the
/// problems are printed.
pub fn import(
    record: &mut RunRecord,
    kind: Kind,
    input: Input<'_>,
    options: &Options,
    prefix: &str,
) -> Result<usize> {
    let mut problems = Vec::new();
    let mut imported = 0;
    for check in CHECKS.iter().filter(|c| c.kind() == kind) {
        let produced = check
            .run(input, options, &|| {})
            .map_err(anyhow::Error::msg)?;
        // A finding of an earlier import that this one has no result for would be stale.
        record
            .findings
            .retain(|f| !(f.question == check.question() && f.check == check.id()));
        request(record, *check, check.designs(), options);
        imported += produced.findings.len();
        record.upsert(produced.findings);
        problems.extend(produced.problems);
    }
    for p in &problems {
        eprintln!("  {prefix}{p}");
    }
    record.problems.retain(|p| !p.starts_with(prefix));
    record
        .problems
        .extend(problems.into_iter().map(|p| format!("{prefix}{p}")));
    Ok(imported)
}

/// Records that `check` was asked of `designs`, with the settings it runs under.
pub fn request(record: &mut RunRecord, check: &dyn Check, designs: Vec<String>, options: &Options) {
    record.request(Requested {
        question: check.question().into(),
        check: check.id().into(),
        designs,
    });
    record.record_settings(check.question(), check.id(), check.recorded(options));
}

fn select_checks(names: &[String]) -> Result<Vec<&'static dyn Check>> {
    if names.is_empty() {
        return Ok(CHECKS
            .iter()
            .copied()
            .filter(|c| c.kind().runs_in_check())
            .collect());
    }
    names
        .iter()
        .map(|name| {
            let check = lab_checks::by_id(name).map_err(anyhow::Error::msg)?;
            if !check.kind().runs_in_check() {
                bail!(
                    "{} is not run by `lab check`: it is {} (`just bench` runs it)",
                    check.id(),
                    check.kind().describe()
                );
            }
            Ok(check)
        })
        .collect()
}

fn run_one(
    check: &dyn Check,
    design: &str,
    options: &Options,
    bar: &ProgressBar,
) -> Result<Finding> {
    bar.set_message(format!("{} {design}", check.id()));
    let started = Instant::now();
    // The bar advances by this design's plan in all: a failure stops early (the rest of the
    // plan is skipped), shrinking runs beyond it (the bar grows).
    let planned = check.planned_runs(options);
    let done = Cell::new(0u64);
    let produced = check
        .run(Input::Design(design), options, &|| {
            done.set(done.get() + 1);
            if done.get() > planned {
                bar.inc_length(1);
            }
            bar.inc(1);
        })
        .map_err(anyhow::Error::msg)?;
    bar.inc(planned.saturating_sub(done.get()));
    let [mut f]: [Finding; 1] = produced
        .findings
        .try_into()
        .map_err(|_| anyhow::anyhow!("{} gave other than one finding for {design}", check.id()))?;
    mark_quick(&mut f, options);
    let runs = done.get();
    let secs = started.elapsed().as_secs_f64();
    bar.suspend(|| {
        eprintln!(
            "  {runs} executor runs in {secs:.2}s ({:.0} runs/s)",
            runs as f64 / secs.max(1e-9)
        );
    });
    Ok(f)
}

/// A quick run's reproduction must be quick too: the settings it does not state were the
/// quick ones.
fn mark_quick(f: &mut Finding, options: &Options) {
    if let lab_findings::Repro::Check {
        quick, runtimes, ..
    } = &mut f.repro
    {
        *quick = options.quick;
        // Only the real-runtimes checks read --runtime.
        if lab_checks::runtimes::CHECKS.contains(&f.check.as_str()) {
            *runtimes = options
                .runtimes
                .map(|s| s.iter().map(|r| r.id().to_string()).collect())
                .unwrap_or_default();
        }
    }
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

/// Records a problem when results imported into `record` (named by `names`, with the
/// commit each ran at) come from another commit than the run's.
pub fn note_other_commits<'a>(
    record: &mut RunRecord,
    prefix: &str,
    results: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) {
    let other: Vec<&str> = results
        .into_iter()
        .filter(|(_, commit)| *commit != Some(record.env.commit.as_str()))
        .map(|(name, _)| name)
        .collect();
    if !other.is_empty() {
        record.problems.push(format!(
            "{prefix}the results of {} come from another commit than this run's ({})",
            other.join(", "),
            record.env.commit
        ));
    }
}

//! `lab icount`: instruction counts under callgrind, added to a run: the drain workload of
//! every concurrent design, and the line splitters and adapter chains of the iterator
//! question. Each counted process is `lab-icount-target`, built beside `lab` without the
//! counting allocator.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::throughput::SOURCES;
use lab_checks::{CONCURRENT, ITERATOR, designs_of, instructions};
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

const PREFIX: &str = "instructions: ";

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let mut record = lab_reports::load(&dir)?;
    let exe = std::env::current_exe().context("locating the lab binary")?;
    let target = exe.with_file_name(instructions::TARGET);
    if !target.exists() {
        anyhow::bail!(
            "{} is missing: build it with `cargo build --release -p lab-icount` (`just bench` does)",
            target.display()
        );
    }
    let sources: Vec<usize> = if args.quick {
        vec![8]
    } else {
        SOURCES.to_vec()
    };
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("callgrind {pos} counted, now {msg}").expect("valid template"),
    );
    let progress = |what: &str| {
        bar.set_message(what.to_string());
        bar.inc(1);
    };
    let (mut findings, mut problems) = instructions::measure(&target, &sources, &progress);
    let (iter_findings, iter_problems) = instructions::measure_iterator(&target, &progress);
    findings.extend(iter_findings);
    problems.extend(iter_problems);
    bar.finish_and_clear();
    println!("counted instructions for {} findings", findings.len());
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
    record.request(Requested {
        question: ITERATOR.into(),
        check: instructions::ITER_CHECK.into(),
        designs: instructions::iterator_ids(),
    });
    for check in [instructions::CHECK, instructions::ITER_CHECK] {
        let question = if check == instructions::CHECK {
            CONCURRENT
        } else {
            ITERATOR
        };
        record.record_settings(
            question,
            check,
            lab_checks::recorded_settings(check, &Default::default()),
        );
    }
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

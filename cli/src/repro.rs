//! `lab repro FINDING-ID`: rerun exactly the check behind one finding of a run (same check,
//! design, cases, runs, seed and quick mode) and print its verdict and figures beside the
//! recorded ones. Exits with an error when the verdict differs.

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::repro::{compare, rerun};
use lab_findings::{RunRecord, format};

use crate::RunDir;

#[derive(clap::Args)]
pub struct Args {
    /// The finding's id, e.g. concurrent/data-loss/tokio-select (`lab list` shows checks
    /// and designs; the page shows each finding's id).
    id: String,
    #[command(flatten)]
    run: RunDir,
}

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let record = RunRecord::load(&dir)?;
    let Some(finding) = record.findings.iter().find(|f| f.id == args.id) else {
        let near: Vec<&str> = record
            .findings
            .iter()
            .map(|f| f.id.as_str())
            .filter(|id| id.split('/').any(|part| args.id.contains(part)))
            .take(8)
            .collect();
        bail!(
            "{} has no finding {:?}{}",
            dir.display(),
            args.id,
            if near.is_empty() {
                String::new()
            } else {
                format!("; similar: {}", near.join(", "))
            }
        );
    };
    println!(
        "reproducing {} with: {}",
        finding.id,
        finding.repro.command()
    );
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {pos} executor runs {per_sec}").expect("valid"),
    );
    let again = rerun(finding, &|| bar.inc(1)).map_err(anyhow::Error::msg)?;
    bar.finish_and_clear();
    let c = compare(finding, &again);
    println!("verdict: recorded {}, now {}", c.verdict.0, c.verdict.1);
    println!(
        "figures: {} identical, {} moved",
        c.identical_figures,
        c.moved.len()
    );
    let show = |v: Option<f64>| v.map_or("—".to_string(), format::value);
    for (label, before, after) in &c.moved {
        println!("  {label}: {} -> {}", show(*before), show(*after));
    }
    if let Some(same) = c.same_counterexample {
        println!(
            "minimal counterexample: {}",
            if same {
                "the same input"
            } else {
                "a different input"
            }
        );
    }
    if let Some((failed, reruns)) = c.reproduced {
        println!("the minimal counterexample failed again in {failed} of {reruns} re-runs");
    }
    if !c.same_verdict() {
        bail!("the verdict did not reproduce");
    }
    Ok(())
}

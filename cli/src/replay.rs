//! `lab replay`: run one data-loss script on one design under one recorded schedule, exactly
//! as the schedules check (or a fuzz crash) ran it, and print what happened. The script and
//! schedule come from a finding's counterexample, or are given on the command line.

use anyhow::{Context, Result, bail};
use lab_checks::schedules::{describe, run as scheduled};
use lab_designs::concurrent;
use lab_executor::Schedule;
use lab_executor::schedule::Replay;
use lab_findings::RunRecord;
use lab_workloads::ReadSendScript;

use crate::RunDir;

#[derive(clap::Args)]
pub struct Args {
    /// A finding whose counterexample holds a script and schedule, e.g.
    /// concurrent/schedules/tokio-select-biased.
    #[arg(long, conflicts_with_all = ["design", "script"])]
    finding: Option<String>,
    /// The design to run (with --script and --schedule).
    #[arg(long, requires = "script")]
    design: Option<String>,
    /// The script as JSON, as findings.json and fuzz crashes print it.
    #[arg(long, requires = "design")]
    script: Option<String>,
    /// The schedule string, e.g. `t1m0t1` (empty: FIFO). With --finding, replaces its own.
    #[arg(long)]
    schedule: Option<String>,
    #[command(flatten)]
    run: RunDir,
}

pub fn run(args: Args) -> Result<()> {
    let (design, script, recorded) = match (&args.finding, &args.design, &args.script) {
        (Some(id), _, _) => from_finding(&args, id)?,
        (None, Some(design), Some(script)) => (
            design.clone(),
            serde_json::from_str(script).context("--script is not a data-loss script")?,
            String::new(),
        ),
        _ => bail!("say what to replay: --finding ID, or --design, --script and --schedule"),
    };
    let text = args.schedule.clone().unwrap_or(recorded);
    let schedule: Schedule = text.parse()?;
    let design = concurrent::by_id(&design).map_err(anyhow::Error::msg)?;
    println!("design: {}", design.info().id);
    println!("script: {script}");
    println!(
        "schedule: {}",
        if text.is_empty() { "(FIFO)" } else { &text }
    );
    let r = scheduled(design, &script, Replay::new(schedule.choices()));
    // A replayed choice past its options means the run went elsewhere than recorded.
    let diverged = schedule
        .steps
        .iter()
        .zip(&r.schedule.steps)
        .position(|(want, got)| want.choice >= got.options || want.point != got.point);
    println!("ran: {}", r.schedule);
    println!("result: {}", describe(&r));
    if let Some(i) = diverged {
        bail!(
            "the run diverged from the schedule at choice {}: not the recorded run",
            i + 1
        );
    }
    Ok(())
}

/// The design, script and schedule of a finding's counterexample.
fn from_finding(args: &Args, id: &str) -> Result<(String, ReadSendScript, String)> {
    let dir = args.run.resolve()?;
    let record = RunRecord::load(&dir)?;
    let finding = record
        .findings
        .iter()
        .find(|f| f.id == id)
        .with_context(|| format!("{} has no finding {id:?}", dir.display()))?;
    let data = &finding
        .counterexample
        .as_ref()
        .with_context(|| format!("{id} has no counterexample to replay"))?
        .data;
    let script = serde_json::from_value(data["script"].clone())
        .with_context(|| format!("{id}'s counterexample holds no script and schedule"))?;
    let schedule = data["schedule"].as_str().unwrap_or_default().to_string();
    Ok((finding.design.id.clone(), script, schedule))
}

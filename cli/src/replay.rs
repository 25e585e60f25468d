//! `lab replay`: run one data-loss script on one design under one recorded schedule, exactly
//! as the schedules or data-loss check (or a fuzz crash) ran it, and print what happened.
//! The script and schedule come from a finding's counterexample, or the command line.

use anyhow::{Context, Result, bail};
use lab_checks::data_loss;
use lab_checks::fuzzing::Target;
use lab_checks::property::Trial;
use lab_checks::schedules::{self, MAX_POLLS, describe, run as scheduled};
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
    /// The workload: `schedules` (the packet producer as its own task), `data_loss` or
    /// `stream_end` (one task), as the fuzz target that printed the command; a finding says
    /// its own.
    #[arg(long, default_value = "schedules")]
    target: String,
    #[command(flatten)]
    run: RunDir,
}

pub fn run(args: Args) -> Result<()> {
    let (design, script, recorded, target, expected) =
        match (&args.finding, &args.design, &args.script) {
            (Some(id), _, _) => from_finding(&args, id)?,
            (None, Some(design), Some(script)) => (
                design.clone(),
                serde_json::from_str(script).context("--script is not a data-loss script")?,
                String::new(),
                Target::by_id(&args.target).map_err(anyhow::Error::msg)?,
                None,
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
    let replay = Replay::new(schedule.choices());
    let (ran, result) = match target {
        // The stream-end race is the one-task race with no packets: the same run.
        Target::DataLoss | Target::StreamEnd => {
            let r = data_loss::trial_with(design, &script, MAX_POLLS, replay);
            (r.schedule.clone(), r.describe())
        }
        Target::Schedules => {
            let r = scheduled(design, &script, replay);
            (r.schedule.clone(), describe(&r))
        }
        Target::Cancellation => bail!("lab replay runs data-loss scripts, not cancellation cases"),
    };
    println!("workload: {}", target.id());
    println!("ran: {ran}");
    println!("result: {result}");
    // The run must have taken every recorded choice, as recorded: fewer choice points, a
    // choice of another kind, or one past its options means it went elsewhere.
    let diverged = schedule
        .steps
        .iter()
        .enumerate()
        .find(|(i, want)| {
            ran.steps.get(*i).is_none_or(|got| {
                got.point != want.point
                    || got.choice != want.choice.min(got.options - 1)
                    || want.choice >= got.options
            })
        })
        .map(|(i, _)| i);
    if let Some(i) = diverged {
        bail!(
            "the run diverged from the schedule at choice {} of {}: not the recorded run",
            i + 1,
            schedule.steps.len()
        );
    }
    if design.declares().pick.is_random() {
        println!(
            "note: {} picks with an RNG the lab cannot seed, so the same schedule may give another result",
            design.info().id
        );
    }
    if let Some(want) = &expected
        && *want != result
    {
        bail!("the recorded run ended otherwise: {want}");
    }
    Ok(())
}

type Replayable = (String, ReadSendScript, String, Target, Option<String>);

/// The design, script, schedule, workload and recorded failure of a finding's
/// counterexample (the failure only where a replay of the same schedule must repeat it).
fn from_finding(args: &Args, id: &str) -> Result<Replayable> {
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
    // The schedules check keeps {script, schedule}; the data-loss check the script alone.
    let (target, script) = match finding.check.as_str() {
        schedules::CHECK => (Target::Schedules, data["script"].clone()),
        data_loss::CHECK => (Target::DataLoss, data.clone()),
        lab_checks::stream_end::CHECK => (Target::StreamEnd, data.clone()),
        other => bail!("{id} is a {other} finding; lab replay runs data-loss scripts"),
    };
    let script = serde_json::from_value(script)
        .with_context(|| format!("{id}'s counterexample holds no data-loss script"))?;
    let schedule = data["schedule"].as_str().unwrap_or_default().to_string();
    let failure = finding.counterexample.as_ref().map(|c| c.failure.clone());
    // A changed --schedule is a new experiment, not a replay of the recorded failure.
    let expected = failure.filter(|_| args.schedule.is_none());
    Ok((
        finding.design.id.clone(),
        script,
        schedule,
        target,
        expected,
    ))
}

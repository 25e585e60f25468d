//! `lab fuzz`: the targets of `fuzz/` under libFuzzer (cargo-fuzz on nightly), each run
//! bounded by a time budget: a do-nothing target first, for the rate the others are
//! measured against; each target over the designs declared safe for its property; each
//! known-bad design alone, until its first crash, which is minimized (`cargo fuzz tmin`),
//! replayed in this process through the same property, and kept under
//! `target/fuzz/regressions/` — and under `fuzz/regressions/`, which `just test` replays,
//! when its design has none there yet. Every run's [`FuzzRun`] goes to `target/fuzz/results/` and
//! into the latest run's findings.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use lab_checks::fuzzing::{self, TARGETS, Target};
use lab_checks::{Input, Kind, Options};
use lab_findings::fuzz::{FuzzCrash, FuzzRun};
use lab_findings::{Env, RunRecord, Runs};

use crate::check::import;
use crate::libfuzzer::{Stats, panic_message};
use crate::{RunDir, paths};
use lab_checks::fuzz::same_failure;

#[derive(clap::Args)]
pub struct Args {
    /// Seconds per libFuzzer run (libFuzzer's -max_total_time).
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Target to run (repeatable; default: all).
    #[arg(long = "target", value_name = "NAME")]
    targets: Vec<String>,
    /// Run only these designs, alone, as known-bad runs (with one --target).
    #[arg(long = "design", value_name = "ID")]
    designs: Vec<String>,
    #[command(flatten)]
    run: RunDir,
}

/// One libFuzzer run to make.
struct Job {
    target: &'static str,
    designs: Vec<String>,
    known_bad: bool,
}

impl Job {
    /// The known-bad design, or `safe` for the safe designs (whose ids joined outgrow a
    /// file name).
    fn who(&self) -> String {
        if self.known_bad {
            self.designs.join(",")
        } else {
            "safe".into()
        }
    }

    /// `target-design` or `target-safe`: the name of its working folders.
    fn folder(&self) -> String {
        format!("{}-{}", self.target, self.who())
    }
}

pub fn run(args: Args) -> Result<()> {
    if args.seconds == 0 {
        bail!("--seconds must be at least 1");
    }
    let targets: Vec<Target> = if args.targets.is_empty() {
        TARGETS.to_vec()
    } else {
        args.targets
            .iter()
            .map(|t| Target::by_id(t).map_err(anyhow::Error::msg))
            .collect::<Result<_>>()?
    };
    if !args.designs.is_empty() && targets.len() != 1 {
        bail!("--design needs exactly one --target");
    }
    let (dir, mut record) = run_to_update(&args.run)?;
    let fuzz = paths::workspace().join("fuzz");
    let work = paths::workspace().join("target/fuzz");
    let results = work.join("results");
    let _ = fs::remove_dir_all(&results);
    fs::create_dir_all(&results)?;
    cargo_fuzz(&fuzz, &["build", "-s", "none"], "building the fuzz targets")?;

    let mut jobs = Vec::new();
    for t in &targets {
        if args.designs.is_empty() {
            let safe = t.safe_designs().into_iter().map(String::from).collect();
            jobs.push(Job {
                target: t.id(),
                designs: safe,
                known_bad: false,
            });
            for d in t.known_bad() {
                jobs.push(Job {
                    target: t.id(),
                    designs: vec![d.into()],
                    known_bad: true,
                });
            }
        } else {
            for d in &args.designs {
                jobs.push(Job {
                    target: t.id(),
                    designs: vec![d.clone()],
                    known_bad: t.known_bad().contains(&d.as_str()),
                });
            }
        }
    }
    let bar = ProgressBar::new(jobs.len() as u64 + 1).with_style(
        ProgressStyle::with_template(
            "fuzz [{bar:30}] {pos}/{len} runs · {elapsed} elapsed · ~{eta} left · {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let yardstick = args.seconds.min(10);
    bar.set_message(format!("trivial ({yardstick} s)"));
    let yard = Job {
        target: "trivial",
        designs: Vec::new(),
        known_bad: false,
    };
    let trivial = libfuzzer(&fuzz, &work, &yard, yardstick)?;
    bar.inc(1);
    bar.suspend(|| println!("trivial: {:.0} executions/s", trivial.exec_per_sec));
    let commit = git_head();
    // Said after the import, which replaces the run's earlier "fuzz: " problems.
    let other_commit = (commit != record.env.commit).then(|| {
        format!(
            "fuzz (commit): the fuzz runs are of commit {commit}, the run's other findings of {}",
            record.env.commit
        )
    });
    let mut runs = Vec::new();
    let mut failed = Vec::new();
    for job in &jobs {
        let label = if job.known_bad {
            job.designs.join(",")
        } else {
            "safe designs".into()
        };
        bar.set_message(format!("{} on {label}", job.target));
        // A known-bad design is searched for from nothing: a corpus that already holds its
        // crash would measure replay, not search.
        let out = match libfuzzer(&fuzz, &work, job, args.seconds) {
            Ok(out) => out,
            Err(e) => {
                bar.suspend(|| eprintln!("{} on {label}: {e:#}", job.target));
                failed.push(format!("fuzz: {} on {label}: {e:#}", job.target));
                bar.inc(1);
                continue;
            }
        };
        let crash = match &out.artifact {
            Some(path) => Some(crash(&fuzz, job, path, &out.stderr)?),
            None => None,
        };
        let run = FuzzRun {
            target: job.target.into(),
            designs: job.designs.clone(),
            known_bad: job.known_bad,
            budget_seconds: args.seconds,
            seconds: out.seconds,
            executions: out.executions,
            exec_per_sec: out.exec_per_sec,
            coverage: out.coverage,
            features: out.features,
            corpus: out.corpus,
            trivial_exec_per_sec: Some(trivial.exec_per_sec),
            crash,
            found_before_mutation: out.artifact.as_ref().map(|_| out.before_mutation),
            commit: commit.clone(),
        };
        bar.suspend(|| println!("{}", line(&run)));
        let name = lab_checks::fuzz::design_id(job.target, job.known_bad.then_some(label.as_str()));
        fs::write(
            results.join(format!("{}.json", name.replace(':', "--"))),
            serde_json::to_string_pretty(&run)?,
        )?;
        runs.push(run);
        bar.inc(1);
    }
    bar.finish_and_clear();
    record.problems.retain(|p| !p.starts_with("fuzz: "));
    // The import replaces the check's findings; those of targets not run now stay.
    let ran: Vec<&str> = targets.iter().map(|t| t.id()).collect();
    let searched = |design: &str| {
        runs.iter()
            .any(|r| r.known_bad && r.target == Target::Schedules.id() && r.designs == [design])
    };
    let kept: Vec<_> = record
        .findings
        .iter()
        .filter(|f| match f.check.as_str() {
            lab_checks::fuzz::CHECK => !ran
                .iter()
                .any(|t| f.design.id.starts_with(&format!("{t}:"))),
            lab_checks::strategies::CHECK => !searched(&f.design.id),
            _ => false,
        })
        .cloned()
        .collect();
    let earlier = record.findings.clone();
    let imported = import(
        &mut record,
        Kind::Fuzz,
        Input::Fuzz(&runs, &earlier),
        &Options::default(),
        "fuzz: ",
    )?;
    record.upsert(kept);
    record.problems.extend(failed);
    record
        .problems
        .retain(|p| !p.starts_with("fuzz (commit): "));
    record.problems.extend(other_commit);
    let path = record.save(&dir)?;
    println!("imported {imported} fuzz findings into {}", path.display());
    Ok(())
}

fn line(r: &FuzzRun) -> String {
    let who = if r.known_bad {
        r.designs.join(",")
    } else {
        "safe designs".into()
    };
    match &r.crash {
        Some(c) => format!(
            "{} on {who}: crashed after {} executions, {:.2} s ({}): {}",
            r.target,
            r.executions,
            r.seconds,
            if same_failure(c) {
                "replayed"
            } else {
                "NOT replayed"
            },
            c.message.lines().next().unwrap_or_default()
        ),
        None => format!(
            "{} on {who}: no crash in {} executions, {:.0}/s, cov {}",
            r.target,
            r.executions,
            r.exec_per_sec,
            r.coverage.map_or("?".into(), |c| c.to_string())
        ),
    }
}

/// The run to add the findings to: `--run`, else the latest, else a new one (from a fresh
/// clone, `just fuzz` needs no earlier run).
fn run_to_update(run: &RunDir) -> Result<(PathBuf, RunRecord)> {
    if run.run.is_some() || lab_findings::latest(&paths::out_root()).is_ok() {
        let dir = run.resolve()?;
        let record = RunRecord::load(&dir)?;
        return Ok((dir, record));
    }
    let stamp = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let mut record = RunRecord::new(Env::capture(lab_designs::versions::VERSIONS, stamp.clone()));
    record
        .scope
        .push("only fuzzing (lab fuzz, with no earlier run to add to)".into());
    let dir = Runs::new(paths::out_root()).create(&stamp)?;
    record.save(&dir)?;
    Ok((dir, record))
}

/// What one libFuzzer process reported.
struct Outcome {
    seconds: f64,
    executions: u64,
    exec_per_sec: f64,
    coverage: Option<u64>,
    features: Option<u64>,
    corpus: Option<u64>,
    artifact: Option<PathBuf>,
    /// The crash came before libFuzzer's first mutation.
    before_mutation: bool,
    stderr: String,
}

/// One libFuzzer run of `target` on `designs` (empty: the target's default) for at most
/// `seconds`, from a working corpus seeded by the checked-in one; killed if it overruns.
fn libfuzzer(fuzz: &Path, work: &Path, job: &Job, seconds: u64) -> Result<Outcome> {
    let (target, designs) = (job.target, &job.designs);
    let artifacts = work.join("artifacts").join(job.folder());
    let _ = fs::remove_dir_all(&artifacts);
    fs::create_dir_all(&artifacts)?;
    // The safe run grows a working corpus from the checked-in one; a known-bad run starts
    // from an empty corpus of its own.
    let corpora: Vec<PathBuf> = if job.known_bad {
        let fresh = work.join("corpus-fresh").join(job.folder());
        let _ = fs::remove_dir_all(&fresh);
        fs::create_dir_all(&fresh)?;
        vec![fresh]
    } else {
        let corpus = work.join("corpus").join(target);
        let seeds = fuzz.join("corpus").join(target);
        fs::create_dir_all(&corpus)?;
        fs::create_dir_all(&seeds)?;
        vec![corpus, seeds]
    };
    let started = Instant::now();
    let mut cmd = Command::new("timeout");
    cmd.current_dir(fuzz)
        .args([
            "--kill-after=10",
            &(seconds + 120).to_string(),
            "cargo",
            "+nightly",
            "fuzz",
            "run",
            "-s",
            "none",
            target,
        ])
        .args(&corpora)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .arg("-timeout=10")
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .stdout(Stdio::null());
    if !designs.is_empty() {
        cmd.env("LAB_FUZZ_DESIGNS", designs.join(","));
    }
    let out = cmd
        .output()
        .context("running cargo +nightly fuzz (is cargo-fuzz installed?)")?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let artifact = fs::read_dir(&artifacts)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                ["crash-", "timeout-", "oom-", "leak-"]
                    .iter()
                    .any(|k| n.starts_with(k))
            })
        });
    let Some(stats) = Stats::parse(&stderr) else {
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        bail!(
            "libFuzzer on {target} printed no final stats (exit {}); its last lines:\n{}",
            out.status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    };
    let seconds = started.elapsed().as_secs_f64();
    Ok(Outcome {
        before_mutation: !stats.inited,
        seconds,
        executions: stats.executions,
        // libFuzzer's own average rounds to 0 for runs under a second: count it here.
        exec_per_sec: stats
            .exec_per_sec
            .filter(|&r| r > 0.0)
            .unwrap_or(stats.executions as f64 / seconds),
        coverage: stats.coverage,
        features: stats.features,
        corpus: stats.corpus,
        artifact,
        stderr,
    })
}

/// The crash at `artifact`: minimized, replayed here through the same property, and kept.
fn crash(fuzz: &Path, job: &Job, artifact: &Path, stderr: &str) -> Result<FuzzCrash> {
    let target = Target::by_id(job.target).map_err(anyhow::Error::msg)?;
    let designs: Vec<&str> = job.designs.iter().map(String::as_str).collect();
    let minimized = minimize(fuzz, job, artifact);
    let kept = match &minimized {
        Some(Some(smaller)) => smaller.as_path(),
        _ => artifact,
    };
    let bytes = fs::read(kept)?;
    let replay = fuzzing::run(target, &bytes, &designs)
        .err()
        .map(|c| c.to_string());
    // The kept input's own failure under libFuzzer: the original crash's message is of the
    // unminimized input, which may fail otherwise.
    let message = match &minimized {
        Some(Some(smaller)) => rerun(fuzz, job, smaller).unwrap_or_else(|| panic_message(stderr)),
        _ => panic_message(stderr),
    };
    let crash = FuzzCrash {
        message,
        minimized: minimized.map(|m| m.is_some()),
        bytes: bytes.clone(),
        replay,
    };
    let name = format!("{}.bin", job.who());
    let keep = paths::workspace()
        .join("target/fuzz/regressions")
        .join(job.target);
    fs::create_dir_all(&keep)?;
    fs::write(keep.join(&name), &bytes)?;
    // A known-bad design with no regression input yet gets this one, which `just test`
    // replays (checks/tests/fuzz_corpus.rs); one per design keeps the checked-in set small.
    // Only a crash that failed the same way here, through the property, is worth keeping.
    let checked_in = fuzz.join("regressions").join(job.target);
    if job.known_bad && same_failure(&crash) && !checked_in.join(&name).exists() {
        fs::create_dir_all(&checked_in)?;
        fs::write(checked_in.join(&name), &bytes)?;
        eprintln!(
            "  new regression input: fuzz/regressions/{}/{name} (commit it)",
            job.target
        );
    }
    Ok(crash)
}

/// The target's panic message on `input` alone under libFuzzer, if it crashes.
fn rerun(fuzz: &Path, job: &Job, input: &Path) -> Option<String> {
    let out = on_input(fuzz, job, "120", &["run"], input).output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    text.contains(" broke ").then(|| panic_message(&text))
}

/// `cargo +nightly fuzz <sub> -s none <target> <input>` on one input, for the job's designs,
/// killed after `seconds`; its stderr is kept.
fn on_input(fuzz: &Path, job: &Job, seconds: &str, sub: &[&str], input: &Path) -> Command {
    let mut cmd = Command::new("timeout");
    cmd.current_dir(fuzz)
        .args([
            "--kill-after=10",
            seconds,
            "cargo",
            "+nightly",
            "fuzz",
            sub[0],
        ])
        .args(&sub[1..])
        .args(["-s", "none", job.target])
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if !job.designs.is_empty() {
        cmd.env("LAB_FUZZ_DESIGNS", job.designs.join(","));
    }
    cmd
}

/// `cargo fuzz tmin` on the crash: `Some(Some(path))` a smaller crashing input,
/// `Some(None)` it ran and nothing smaller crashed, `None` it failed to run.
fn minimize(fuzz: &Path, job: &Job, artifact: &Path) -> Option<Option<PathBuf>> {
    // cargo-fuzz writes each step's result under its own artifacts folder, named after that
    // step's input: the newest `minimized-from-*` written during this call is the last.
    let dir = fuzz.join("artifacts").join(job.target);
    let started = SystemTime::now();
    let out = on_input(fuzz, job, "300", &["tmin", "-r", "1000"], artifact)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && !text.contains("CRASH_MIN") {
        return None;
    }
    let newest = fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("minimized-from-")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .filter(|(t, _)| *t >= started)
        .max_by_key(|(t, _)| *t)
        .map(|(_, p)| p);
    let original = fs::metadata(artifact).ok()?.len();
    Some(newest.filter(|p| fs::metadata(p).is_ok_and(|m| m.len() < original)))
}

/// The commit checked out now.
fn git_head() -> String {
    Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(paths::workspace())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Runs `cargo +nightly fuzz ARGS` in `fuzz/`, its output shown.
fn cargo_fuzz(fuzz: &Path, args: &[&str], what: &str) -> Result<()> {
    println!("{what}: cargo +nightly fuzz {}", args.join(" "));
    let status = Command::new("cargo")
        .current_dir(fuzz)
        .arg("+nightly")
        .arg("fuzz")
        .args(args)
        .status()
        .context("running cargo +nightly fuzz: install it with `cargo install cargo-fuzz`")?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

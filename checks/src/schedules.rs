//! Data loss under schedules: the data-loss race with the packet producer spawned as a task
//! of its own, so at every tick where it and the design are both ready, or their timers are
//! due together, the scheduler decides who goes first. Each design runs the same seeded
//! scripts under every scheduler of the executor's portfolio — FIFO, uniform random, PCT at
//! depths 2 and 3, and a bounded exhaustive search on the smallest scripts — and the finding
//! says which scheduler found a loss and after how many runs (the time figure is the check's
//! clock, schedulers interleaved), with the failing schedule string (replayed before it is
//! reported).

use std::time::Instant;

use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_executor::explore::exhaustive;
use lab_executor::schedule::{Fifo, Pct, Point, Random, Replay};
use lab_executor::{Config, Executor, Outcome, Schedule, Scheduler};
use lab_findings::{Counterexample, Figure, Finding, NotMeasured, Repro, Verdict};
use lab_workloads::{Audit, ReadSend, ReadSendScript};

use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Column, Facts, Table};
use crate::{CONCURRENT, data_loss, design_ref, property};

pub const CHECK: &str = "schedules";
pub const SCHEDULER: &str = "scheduler";
pub const RUNS_METRIC: &str = "runs";
pub const FAILING: &str = "runs that lost data";
/// Runs that ended in a deadlock, the step budget or a panic: the property is broken, but
/// not by a loss the ledger saw.
pub const UNFINISHED: &str = "runs that did not complete";
pub const FIRST: &str = "runs until the first failure";
pub const FIRST_MS: &str = "check time at the first failure";
/// Scripts in which both sources have items (a count; a one-source script can lose too,
/// at the packet stream's end).
pub const RACING: &str = "scripts with items in both sources";
/// Per non-FIFO scheduler: its runs until its first failure on a script FIFO passed.
pub const FIRST_OFF_FIFO: &str = "runs until the first failure FIFO missed";
/// Exhaustive searches that ran every schedule of their script within the budget.
pub const COMPLETE: &str = "exhaustive searches that covered every schedule";
/// Scripts that lost data under some schedule but not under FIFO.
pub const SCHEDULE_ONLY: &str = "scripts failing only under non-FIFO schedules";

pub const SCRIPTS: Setting = Setting {
    name: "scripts",
    flag: Some(Flag::Cases),
    default: 500,
    // A pass counts scripts, not runs (runs of one script are not independent): the quick
    // value stays above the minimum a pass needs.
    quick: 200,
    about: "seeded data-loss scripts, each run under every scheduler",
};
pub const RUNS: Setting = Setting {
    name: "runs per scheduler",
    flag: Some(Flag::Runs),
    default: 8,
    quick: 2,
    about: "runs of each script under the random and each PCT scheduler",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 0x5eed_0003,
    quick: 0x5eed_0003,
    about: "seed of the scripts and of the random and PCT schedulers",
};
/// The exhaustive search covers this many of the smallest scripts in which the file and the
/// packets both have items (the race needs both), each up to this many runs.
pub const EXHAUSTIVE_SCRIPTS: usize = 10;
pub const EXHAUSTIVE_BUDGET: u64 = 300;
/// Replays of the counterexample for a design with its own unseeded RNG (one otherwise).
pub const REPLAYS: u32 = 20;
/// The property checks' step budget of one run.
pub const MAX_POLLS: u64 = property::MAX_POLLS.default;

pub struct Schedules;

impl Check for Schedules {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "the data-loss race with the packet producer as its own task, under every scheduler: who finds a loss, after how many runs?",
            title: "Data loss under schedules: the scheduler portfolio",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[SCRIPTS, RUNS, SEED]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("exhaustive scripts", EXHAUSTIVE_SCRIPTS as f64),
            ("exhaustive budget", EXHAUSTIVE_BUDGET as f64),
            ("replays", f64::from(REPLAYS)),
            ("min runs", f64::from(property::min_cases())),
        ]
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(CONCURRENT)
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        let s = Settings::resolve(options);
        s.scripts * (1 + 3 * s.runs)
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = concurrent::by_id(input.design(self)?)?;
        Ok(Produced::one(check(
            design,
            &Settings::resolve(options),
            progress,
        )))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "The data-loss race again, with the packets sent by a producer task of their own \
             through a tokio unbounded channel, so the scheduler decides who goes first \
             whenever the producer and the design are both ready or their timers fall due \
             together. Each design runs {} seeded scripts (seed {}) under FIFO once, under \
             uniform random and PCT at depths 2 and 3 {} times each (PCT: the highest-priority \
             ready task runs, with d−1 priority drops at random task choices; per run it hits a \
             bug of depth d in the order of tasks with probability at least 1/(n·k^(d−1)) for \
             n tasks and k task choices — here k is estimated from the script's FIFO run, so a \
             PCT run that makes more choices falls outside the bound, and timers due together \
             are ordered at random, outside it too), and under a depth-first search of every \
             schedule for the {} smallest scripts that have any item, up to {} \
             runs each (no partial-order reduction; skipped for designs with their own \
             unseeded RNG, whose runs their choices do not determine). The counterexample is a \
             failure under a non-FIFO schedule where one was found, replayed before it is \
             reported: the replay must take the same choices and fail the same way (the same \
             items lost, or the same end), once for a deterministic design and in {} tries \
             for one with its own RNG. A run that does not complete (deadlock, the step \
             budget, a panic) breaks the property and is counted apart from the runs that \
             lost data. The exhaustive column counts scripts whose search found a \
             failure, each search stopping there. Each non-FIFO scheduler also gives its runs \
             until its first failure on a script whose FIFO run passed: what it found that \
             FIFO missed. For designs with their own RNG the \
             per-scheduler counts mix the schedule's effect with the design's draws. A pass needs at least {} \
             scripts (runs of one script are not independent cases) and runs under random \
             and PCT. Scripts are not shrunk here (the data-loss section shrinks them); the \
             schedule string has its trailing FIFO choices trimmed.",
            f.s("scripts"),
            f.s("seed"),
            f.s("runs per scheduler"),
            f.s("exhaustive scripts"),
            f.s("exhaustive budget"),
            f.s("replays"),
            f.s("min runs"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let mut columns = Vec::new();
        for s in SCHEDULERS {
            columns.push(Column::new(format!("{s}: runs"), FAILING).at(SCHEDULER, *s));
        }
        let mut table = section::rows(
            findings,
            columns.iter().map(|c| c.title.clone()).collect(),
            |f| {
                SCHEDULERS
                    .iter()
                    .map(|s| {
                        let at = [(SCHEDULER, (*s).into())];
                        match (f.value(FAILING, &at), f.value(RUNS_METRIC, &at)) {
                            (Some(l), Some(r)) => {
                                let first = f
                                    .value(FIRST, &at)
                                    .map_or(String::new(), |n| format!(" (first at {n})"));
                                let unfinished = match f.value(UNFINISHED, &at) {
                                    Some(u) if u > 0.0 => format!(", {u} unfinished"),
                                    _ => String::new(),
                                };
                                format!("{l} lost{unfinished} of {r}{first}")
                            }
                            _ => "—".into(),
                        }
                    })
                    .collect()
            },
        );
        table.columns.push("only under non-FIFO".into());
        for (row, f) in table.rows.iter_mut().zip(findings) {
            row.cells.push(
                f.value(SCHEDULE_ONLY, &[])
                    .map_or("—".into(), |v| format!("{v} scripts")),
            );
        }
        Some(table)
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::verdicts("schedules", self.about(), findings)]
    }

    fn deciding(&self) -> Vec<String> {
        vec![
            FAILING.into(),
            UNFINISHED.into(),
            FIRST.into(),
            SCHEDULE_ONLY.into(),
            RACING.into(),
        ]
    }

    fn fold_table(&self) -> bool {
        true
    }
}

/// The portfolio, in report order.
pub const SCHEDULERS: &[&str] = &["fifo", "random", "pct-d2", "pct-d3", "exhaustive"];

#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub scripts: u64,
    pub runs: u64,
    pub seed: u64,
}

impl Settings {
    pub fn resolve(options: &Options) -> Self {
        Self {
            scripts: SCRIPTS.value(options),
            runs: RUNS.value(options),
            seed: SEED.value(options),
        }
    }
}

/// One run of `script` on `design` under `scheduler`, with the producer as its own task.
pub struct ScheduledRun {
    pub outcome: Outcome<()>,
    pub audit: Audit,
    pub schedule: Schedule,
}

impl ScheduledRun {
    /// Whether the run broke the property: it did not complete, or lost, duplicated or
    /// reordered items.
    pub fn broke(&self) -> bool {
        self.unfinished() || !self.audit.is_clean()
    }

    pub fn unfinished(&self) -> bool {
        !matches!(self.outcome, Outcome::Completed(()))
    }
}

pub fn run(
    design: &dyn ConcurrentDesign,
    script: &ReadSendScript,
    scheduler: impl Scheduler + 'static,
) -> ScheduledRun {
    let exec = Executor::with_scheduler(Config::with_max_polls(MAX_POLLS), scheduler);
    let (workload, record) = ReadSend::with_producer(script, &exec.handle());
    let run = exec.run(design.race_read_send(workload));
    ScheduledRun {
        outcome: run.outcome,
        audit: record.ledger().audit(&script.expected()),
        schedule: run.schedule,
    }
}

/// The seeded scripts, from the data-loss check's own strategy.
pub fn scripts(n: u64, seed: u64) -> Vec<ReadSendScript> {
    crate::property::sample(&crate::data_loss::scripts(), n, seed)
}

/// What one scheduler did over all scripts.
#[derive(Default)]
struct Tally {
    runs: u64,
    failing: u64,
    unfinished: u64,
    first: Option<First>,
    /// Its runs until its first failure on a script whose FIFO run passed.
    first_off_fifo: Option<u64>,
}

/// A scheduler's first failing run: after how many runs and how long, which script, the
/// schedule, and what went wrong (a replay must say the same).
struct First {
    runs: u64,
    ms: f64,
    script: usize,
    schedule: Schedule,
    failure: String,
}

impl Tally {
    fn note(&mut self, started: Instant, script: usize, r: &ScheduledRun, fifo_broke: bool) {
        self.runs += 1;
        if r.broke() && !fifo_broke && self.first_off_fifo.is_none() {
            self.first_off_fifo = Some(self.runs);
        }
        if r.unfinished() {
            self.unfinished += 1;
        } else if !r.audit.is_clean() {
            self.failing += 1;
        }
        if r.broke() && self.first.is_none() {
            self.first = Some(First {
                runs: self.runs,
                ms: started.elapsed().as_secs_f64() * 1e3,
                script,
                schedule: r.schedule.trimmed(),
                failure: describe(r),
            });
        }
    }

    fn broken(&self) -> u64 {
        self.failing + self.unfinished
    }
}

pub fn check(design: &dyn ConcurrentDesign, s: &Settings, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let scripts = scripts(s.scripts, s.seed);
    let mut tallies: Vec<(&str, Tally)> =
        SCHEDULERS.iter().map(|n| (*n, Tally::default())).collect();
    let mut fifo_lost = vec![false; scripts.len()];
    let mut other_lost = vec![false; scripts.len()];
    let started = Instant::now();
    let note = |tallies: &mut Vec<(&str, Tally)>,
                name: &str,
                i: usize,
                r: &ScheduledRun,
                fifo_broke: bool| {
        tallies
            .iter_mut()
            .find(|(n, _)| *n == name)
            .expect("a scheduler")
            .1
            .note(started, i, r, fifo_broke);
    };
    for (i, script) in scripts.iter().enumerate() {
        progress();
        let fifo = run(design, script, Fifo);
        fifo_lost[i] = fifo.broke();
        // FIFO's own failures are never "missed by FIFO".
        note(&mut tallies, "fifo", i, &fifo, true);
        let steps = fifo
            .schedule
            .steps
            .iter()
            .filter(|st| st.point == Point::Task)
            .count() as u64;
        for k in 0..s.runs {
            let seed = s.seed ^ ((i as u64) << 32) ^ k;
            for (name, r) in [
                ("random", run(design, script, Random::new(seed))),
                ("pct-d2", run(design, script, Pct::new(seed, 2, steps))),
                ("pct-d3", run(design, script, Pct::new(seed, 3, steps))),
            ] {
                progress();
                other_lost[i] |= r.broke();
                note(&mut tallies, name, i, &r, fifo_lost[i]);
            }
        }
    }
    // The exhaustive search on the smallest scripts; a stateless search needs runs that its
    // choices determine, which a design with its own unseeded RNG does not give.
    let random = design.declares().pick.is_random();
    let mut complete = 0;
    let racing_scripts = scripts
        .iter()
        .filter(|s| !s.packets.is_empty() && s.batches.iter().any(|b| b.len > 0))
        .count() as u64;
    // The smallest scripts that have any item at all.
    let mut order: Vec<usize> = (0..scripts.len())
        .filter(|&i| !scripts[i].expected().is_empty())
        .collect();
    order.sort_by_key(|&i| scripts[i].expected().len());
    for &i in order
        .iter()
        .take(if random { 0 } else { EXHAUSTIVE_SCRIPTS })
    {
        let explored = exhaustive(
            EXHAUSTIVE_BUDGET,
            |replay| {
                let r = run(design, &scripts[i], replay);
                let schedule = r.schedule.clone();
                (r, schedule)
            },
            ScheduledRun::broke,
        );
        let t = &mut tallies
            .iter_mut()
            .find(|(n, _)| *n == "exhaustive")
            .expect("a scheduler")
            .1;
        // The runs before the failure passed; the failing run is noted as the others are.
        t.runs += explored.runs - u64::from(explored.failure.is_some());
        complete += u64::from(explored.complete);
        if let Some((_, _, r)) = explored.failure {
            other_lost[i] = true;
            t.note(started, i, &r, fifo_lost[i]);
        }
    }
    let total: u64 = tallies.iter().map(|(_, t)| t.runs).sum();
    let broken: u64 = tallies.iter().map(|(_, t)| t.broken()).sum();
    let schedule_only = (0..scripts.len())
        .filter(|&i| other_lost[i] && !fifo_lost[i])
        .count();
    // The false-alarm rule counts independent cases: scripts (runs of one script are not).
    // Without random and PCT runs, "under every scheduler" would not hold.
    let verdict = if broken > 0 {
        Verdict::Fail
    } else if s.scripts < u64::from(property::min_cases()) || s.runs == 0 {
        Verdict::Inconclusive
    } else {
        Verdict::Pass
    };
    let mut figures = Vec::new();
    for (name, t) in &tallies {
        if random && *name == "exhaustive" {
            continue;
        }
        let at = |f: Figure| f.at(SCHEDULER, *name);
        figures.push(at(Figure::new(RUNS_METRIC, t.runs as f64, "runs")));
        figures.push(at(Figure::new(FAILING, t.failing as f64, "runs")));
        figures.push(at(Figure::new(UNFINISHED, t.unfinished as f64, "runs")));
        // A design with its own unseeded RNG may fail where FIFO passed by its own draw:
        // what FIFO "missed" is not the schedule's doing there (as for SCHEDULE_ONLY).
        if let (Some(n), false, false) = (t.first_off_fifo, *name == "fifo", random) {
            figures.push(at(Figure::new(FIRST_OFF_FIFO, n as f64, "runs")));
        }
        if let Some(first) = &t.first {
            figures.push(at(Figure::new(FIRST, first.runs as f64, "runs")));
            figures.push(at(Figure::new(
                FIRST_MS,
                first.ms,
                "ms since the check began",
            )));
        }
    }
    figures.push(Figure::new(RACING, racing_scripts as f64, "scripts"));
    let mut not_measured = Vec::new();
    if random {
        not_measured.push(NotMeasured::new(
            FAILING,
            "exhaustive: a stateless search over schedules needs runs its choices determine; this design also draws from an RNG the lab cannot seed, so per-scheduler counts mix the schedule's effect with the design's draws",
        ).at(SCHEDULER, "exhaustive"));
    } else {
        figures.push(Figure::new(COMPLETE, complete as f64, "scripts"));
    }
    if random {
        // Its own unseeded RNG differs between runs too: a loss that FIFO missed may be the
        // design's draw, not the schedule.
        not_measured.push(NotMeasured::new(
            SCHEDULE_ONLY,
            "the design picks with an RNG the lab cannot seed, so a loss FIFO missed may come from its own draw, not the schedule",
        ));
    } else {
        figures.push(Figure::new(SCHEDULE_ONLY, schedule_only as f64, "scripts"));
    }
    // The counterexample: a failure under a schedule other than FIFO where one was found,
    // else FIFO's. A replay must take the same choices and fail the same way (the same
    // items lost, or the same end); a design with its own unseeded RNG gets several tries.
    let firsts: Vec<(&str, &First)> = tallies
        .iter()
        .filter_map(|(name, t)| t.first.as_ref().map(|f| (*name, f)))
        .collect();
    let found = firsts
        .iter()
        .find(|(_, f)| !f.schedule.steps.is_empty())
        .or(firsts.first())
        .copied();
    let counterexample = found.map(|(name, first)| {
        let (i, schedule) = (first.script, first.schedule.clone());
        let reruns = if random { REPLAYS } else { 1 };
        let reproduced = (0..reruns)
            .filter(|_| {
                let r = run(design, &scripts[i], Replay::new(schedule.choices()));
                r.schedule.trimmed() == schedule && describe(&r) == first.failure
            })
            .count() as u32;
        Counterexample {
            input: format!(
                "{}\nschedule ({name}): {}",
                scripts[i],
                if schedule.steps.is_empty() {
                    "(FIFO)".to_string()
                } else {
                    schedule.to_string()
                }
            ),
            failure: first.failure.clone(),
            data: serde_json::json!({ "script": scripts[i], "schedule": schedule.to_string() }),
            reproduced,
            reruns,
            search: Some(format!(
                "the first failure the {name} scheduler found, script not shrunk; \
                 replay: lab replay --finding {}",
                Finding::make_id(CONCURRENT, CHECK, info.id)
            )),
        }
    });
    let summary = match (&counterexample, verdict) {
        (Some(_), _) => {
            let by: Vec<String> = tallies
                .iter()
                .filter(|(_, t)| t.broken() > 0)
                .map(|(n, t)| match t.unfinished {
                    0 => format!("{n} {} lost of {}", t.failing, t.runs),
                    u => format!("{n} {} lost and {u} unfinished of {}", t.failing, t.runs),
                })
                .collect();
            let only = if not_measured.is_empty() {
                format!("; {schedule_only} script(s) failed only under non-FIFO schedules")
            } else {
                String::new()
            };
            let replayed = match &counterexample {
                Some(c) if c.reproduced == 0 => {
                    "; its counterexample did not fail the same way when replayed"
                }
                _ => "",
            };
            format!("failed under {} (runs){only}{replayed}", by.join(", "))
        }
        (None, Verdict::Inconclusive) if s.runs == 0 => format!(
            "no failure in {total} runs over {} scripts, but random and PCT made no runs: no pass claimed",
            s.scripts
        ),
        (None, Verdict::Inconclusive) => format!(
            "no failure in {total} runs over {} scripts: too few scripts to claim a pass",
            s.scripts
        ),
        (None, _) => format!(
            "no loss and no unfinished run in {total} runs over {} scripts under every scheduler",
            s.scripts
        ),
    };
    let repro = Repro::Check {
        check: CHECK.into(),
        design: Some(info.id.into()),
        cases: Some(s.scripts),
        runs: Some(s.runs),
        seed: Some(s.seed),
        quick: false,
        runtimes: Vec::new(),
    };
    let mut f = Finding::new(
        CONCURRENT,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        repro,
    );
    // A run left unfinished fails this check, so a race that never ends is declared to fail.
    let d = design.declares();
    f.expected = Some(if d.expects_loss || d.never_ends {
        Verdict::Fail
    } else {
        Verdict::Pass
    });
    f.not_measured = not_measured;
    f.cases = Some(total);
    f.seed = Some(s.seed);
    f.counterexample = counterexample;
    f
}

/// What went wrong in a run, for a reader.
pub fn describe(r: &ScheduledRun) -> String {
    data_loss::said(data_loss::problems(&r.outcome, &r.audit))
}

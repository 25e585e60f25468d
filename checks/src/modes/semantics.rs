//! Mode semantics: three operations, each finishing at its own tick with `Ok(i)` or
//! `Err(i)`, combined by each design; over seeded random scripts (proptest, shrunk on
//! failure), the design must return when its declared mode says — after all, at the first
//! output, at the first error or success — with the outputs that mode says, leaving no
//! operation running. Where two implementations of one mode differ in what they are free to
//! choose (how many errors `race_ok` returns when all fail), the figure shows it.

use lab_designs::modes::{self, Mode, ModeDesign, ModeOutput, Op};
use lab_executor::{Config, Executor, Outcome, Tick};
use lab_findings::{Counterexample, Figure, Finding, Repro, Verdict};
use lab_workloads::{ItemState, Work, WorkItem};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestError, TestRunner};

use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Facts, Table};
use crate::{MODES, design_ref};

pub const CHECK: &str = "mode-semantics";
pub const ALL_FAIL_ERRORS: &str = "errors returned when all fail";
pub const ALL_FAIL_ERRORS_MIN: &str = "fewest errors returned when all fail";
pub const DROPPED: &str = "operations dropped at return";
pub const MAX_TICK: Tick = 4;

pub const CASES: Setting = Setting {
    name: "cases",
    flag: Some(Flag::Cases),
    default: 2000,
    quick: 300,
    about: "proptest cases searching for a shrunk counterexample (the verdict runs all 1,000 scripts)",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 0x5eed_0004,
    quick: 0x5eed_0004,
    about: "seed of the scripts",
};

/// Each operation's tick and whether it succeeds.
pub type Script = [(Tick, bool); 3];

pub struct ModeSemantics;

impl Check for ModeSemantics {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: MODES,
            kind: Kind::PerDesign,
            about: "does it return when, and with what, its cell of seed 002's tables says?",
            title: "Concurrency modes: seed 002's tables, regenerated",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[CASES, SEED]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("latest tick", MAX_TICK as f64),
            ("scripts", every_script().len() as f64),
        ]
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(MODES)
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        every_script().len() as u64
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = modes::by_id(input.design(self)?)?;
        Ok(Produced::one(check(
            design,
            CASES.value(options) as u32,
            SEED.value(options),
            progress,
        )))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design combines three operations; each finishes at a tick no later than {} \
             with Ok(i) or Err(i). Every such script is run once ({} in all). The design must \
             return at the tick its declared mode says — join and merge + last at the last \
             tick, try_join at the first error's tick (else the last), race at the first \
             tick, race_ok at the first success's tick (else the last) — with that mode's \
             outputs: one of the outputs due at that tick where several are, a merge handing \
             each over at its own tick, and race_ok, when all fail, either the last failure \
             or every error once. Nothing may be alive when the design returns: \
             for the JoinSet designs, which spawn into a LocalSet they own, this is the \
             evidence that the LocalSet drops every task before the design returns. A failing design's \
             counterexample is shrunk by proptest ({} cases, seed {}) where its search finds \
             one. The figures show what each implementation chose where the mode leaves a \
             choice: the fewest and most errors race_ok returned when all failed, and the \
             operations dropped unfinished when the design returned, over every script (ties \
             at one tick are where implementations differ; tokio's select! breaks ties with \
             an RNG the lab cannot seed). The table lists each design's declared cell of seed \
             002's two tables, in the essay's words, beside its verdict, and marks an \
             implementation whose verdict or choices differ from another crate's \
             implementation of the same mode. Merge is tested only as continuing on error.",
            f.s("latest tick"),
            f.s("scripts"),
            f.s("cases"),
            f.s("seed"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let columns = vec![
            "essay's name".to_string(),
            "table 1 cell".into(),
            "table 2 cell".into(),
            "verdict".into(),
            ALL_FAIL_ERRORS.into(),
            DROPPED.into(),
            "same as the other implementations".into(),
        ];
        let mode_of = |f: &Finding| modes::by_id(&f.design.id).ok().map(|d| d.mode());
        let errors = |f: &Finding| f.value(ALL_FAIL_ERRORS, &[]);
        Some(section::rows(findings, columns, |f| {
            let Some(mode) = mode_of(f) else {
                return vec!["—".into(); 7];
            };
            let (wait, error) = mode.table_one();
            let (start, items) = mode.table_two();
            // The lab's known-bad references are controls, not implementations to compare.
            let peers: Vec<&&Finding> = findings
                .iter()
                .filter(|g| {
                    g.id != f.id
                        && mode_of(g) == Some(mode)
                        && !g.design.id.starts_with("reference-")
                })
                .collect();
            let dropped = |g: &Finding| g.value(DROPPED, &[]);
            let differs: Vec<String> = peers
                .iter()
                .filter_map(|g| {
                    let v = |x: Option<f64>| x.map_or("—".into(), lab_findings::format::value);
                    let mut what = Vec::new();
                    if g.verdict != f.verdict {
                        what.push(format!("verdict {}", g.verdict));
                    }
                    if errors(g) != errors(f) {
                        what.push(format!("{} errors when all fail", v(errors(g))));
                    }
                    if dropped(g) != dropped(f) {
                        what.push(format!("{} dropped", v(dropped(g))));
                    }
                    (!what.is_empty()).then(|| format!("{}: {}", g.design.id, what.join(", ")))
                })
                .collect();
            vec![
                mode.essay_name().into(),
                format!("{wait}, {error}"),
                format!("{start}, {items}"),
                f.verdict.to_string(),
                errors(f).map_or("—".into(), lab_findings::format::value),
                dropped(f).map_or("—".into(), lab_findings::format::value),
                match (peers.is_empty(), differs.is_empty()) {
                    (true, _) => "(no other)".into(),
                    (false, true) => "yes".into(),
                    (false, false) => format!("no: {}", differs.join("; ")),
                },
            ]
        }))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::verdicts("mode semantics", self.about(), findings)]
    }
}

/// What one run did: the output, when the design returned, and each operation's state then.
#[derive(Debug)]
pub struct ModeRun {
    pub output: ModeOutput,
    pub returned_at: Tick,
    pub states: Vec<ItemState>,
}

/// Runs `design` on `script` on the lab executor.
pub fn run(design: &dyn ModeDesign, script: &Script) -> Outcome<ModeRun> {
    let exec = Executor::new(Config::with_max_polls(100_000));
    let handle = exec.handle();
    let (work, record) = Work::new(0, 0, &handle);
    let clock = handle.clock().clone();
    let ops: [Op; 3] = std::array::from_fn(|i| {
        let (ticks, ok) = script[i];
        let body = work.io.process_for(WorkItem { seq: i as u32 }, ticks);
        let op: Op = Box::pin(async move {
            let item = body.await;
            if ok { Ok(item.seq) } else { Err(item.seq) }
        });
        op
    });
    let fut = design.run(ops, clock.clone());
    exec.run(async move {
        let output = fut.await;
        ModeRun {
            output,
            returned_at: clock.now(),
            states: record.states(),
        }
    })
    .outcome
}

/// Whether `r` is what `mode` says for `script`; the error says how it is not.
pub fn judge(mode: Mode, script: &Script, r: &ModeRun) -> Result<(), String> {
    let result = |i: usize| {
        if script[i].1 {
            Ok(i as u32)
        } else {
            Err(i as u32)
        }
    };
    let last = script.iter().map(|s| s.0).max().expect("three operations");
    let at = |want: Tick, what: &str| {
        if r.returned_at == want {
            Ok(())
        } else {
            Err(format!(
                "returned at tick {}, not at {want} ({what})",
                r.returned_at
            ))
        }
    };
    let due_at = |t: Tick, ok: Option<bool>| -> Vec<usize> {
        (0..3)
            .filter(|&i| script[i].0 == t && ok.is_none_or(|ok| script[i].1 == ok))
            .collect()
    };
    let first_of = |ok: Option<bool>| {
        (0..3)
            .filter(|&i| ok.is_none_or(|ok| script[i].1 == ok))
            .map(|i| script[i].0)
            .min()
    };
    // For most designs this only catches a leak; the JoinSet designs spawn into a LocalSet
    // they own, and this is what shows its drop leaves no task behind.
    if let Some(i) = r
        .states
        .iter()
        .position(|s| matches!(s, ItemState::Started | ItemState::Created))
    {
        return Err(format!("operation {i} was still alive when it returned"));
    }
    let wrong = |got: &dyn std::fmt::Debug| Err(format!("returned {got:?}"));
    match (mode, &r.output) {
        (Mode::Join, ModeOutput::All(all)) => {
            at(last, "the last output")?;
            let want: Vec<_> = (0..3).map(result).collect();
            if *all != want {
                return wrong(all);
            }
        }
        (Mode::TryJoin, ModeOutput::TryAll(out)) => match first_of(Some(false)) {
            Some(t) => {
                at(t, "the first error")?;
                match out {
                    Err(e) if due_at(t, Some(false)).contains(&(*e as usize)) => {}
                    other => return wrong(other),
                }
            }
            None => {
                at(last, "the last output, no error")?;
                if *out != Ok(vec![0, 1, 2]) {
                    return wrong(out);
                }
            }
        },
        (Mode::Race, ModeOutput::First(out)) => {
            let t = first_of(None).expect("three operations");
            at(t, "the first output")?;
            if !due_at(t, None).iter().any(|&i| result(i) == *out) {
                return wrong(out);
            }
        }
        (Mode::RaceOk, ModeOutput::FirstOk(out)) => match first_of(Some(true)) {
            Some(t) => {
                at(t, "the first success")?;
                match out {
                    Ok(v) if due_at(t, Some(true)).contains(&(*v as usize)) => {}
                    other => return wrong(other),
                }
            }
            None => {
                at(last, "every operation failed")?;
                // The mode leaves the choice: the last failure alone, or every error once.
                let last_due = due_at(last, Some(false));
                match out {
                    Err(e) if e.len() == 1 && last_due.contains(&(e[0] as usize)) => {}
                    Err(e)
                        if e.len() == 3 && {
                            let mut sorted = e.clone();
                            sorted.sort_unstable();
                            sorted == [0, 1, 2]
                        } => {}
                    other => return wrong(other),
                }
            }
        },
        (Mode::Merge, ModeOutput::Each(each)) => {
            at(last, "the last output")?;
            let mut got: Vec<_> = each.iter().map(|(_, r)| *r).collect();
            got.sort_by_key(|r| match r {
                Ok(i) | Err(i) => *i,
            });
            if got != (0..3).map(result).collect::<Vec<_>>() {
                return wrong(each);
            }
            if let Some((t, out)) = each.iter().find(|(t, out)| {
                let i = match out {
                    Ok(i) | Err(i) => *i as usize,
                };
                *t != script[i].0
            }) {
                return Err(format!(
                    "handed {out:?} over at tick {t}, not when it finished"
                ));
            }
        }
        (Mode::MergeLast, ModeOutput::Last(out)) => {
            at(last, "the last output")?;
            if !due_at(last, None).iter().any(|&i| Some(result(i)) == *out) {
                return wrong(out);
            }
        }
        (_, other) => return Err(format!("an output of another mode: {other:?}")),
    }
    Ok(())
}

fn scripts() -> impl Strategy<Value = Script> {
    let op = (0..=MAX_TICK, any::<bool>());
    [op.clone(), op.clone(), op]
}

/// A failing script shrunk by proptest (seeded), if its `cases` find one.
fn shrink(design: &dyn ModeDesign, cases: u32, seed: u64) -> Option<(Script, String)> {
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig {
            cases,
            failure_persistence: None,
            ..RunnerConfig::default()
        },
        crate::property::rng(seed),
    );
    let mode = design.mode();
    match runner.run(&scripts(), |script| match run(design, &script) {
        Outcome::Completed(r) => judge(mode, &script, &r).map_err(TestCaseError::fail),
        other => Err(TestCaseError::fail(format!(
            "the run did not complete: {other}"
        ))),
    }) {
        Err(TestError::Fail(why, script)) => Some((script, why.to_string())),
        _ => None,
    }
}

/// Every script: each operation's tick (0 to `MAX_TICK`) and outcome, 1,000 in all.
pub fn every_script() -> Vec<Script> {
    let ops: Vec<(Tick, bool)> = (0..=MAX_TICK)
        .flat_map(|t| [(t, true), (t, false)])
        .collect();
    let mut out = Vec::new();
    for a in &ops {
        for b in &ops {
            for c in &ops {
                out.push([*a, *b, *c]);
            }
        }
    }
    out
}

/// What the figures gather over every script.
#[derive(Default)]
struct Gathered {
    dropped: u64,
    errors: Option<(usize, usize)>,
}

pub fn check(design: &dyn ModeDesign, cases: u32, seed: u64, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let mode = design.mode();
    // The verdict and the figures come from every script, once each.
    let mut gathered = Gathered::default();
    let mut first_failure = None;
    let all = every_script();
    for script in &all {
        progress();
        let failure = match run(design, script) {
            Outcome::Completed(r) => {
                if let ModeOutput::FirstOk(Err(e)) = &r.output {
                    let (lo, hi) = gathered.errors.unwrap_or((e.len(), e.len()));
                    gathered.errors = Some((lo.min(e.len()), hi.max(e.len())));
                }
                gathered.dropped += r
                    .states
                    .iter()
                    .filter(|s| matches!(s, ItemState::Dropped | ItemState::Discarded))
                    .count() as u64;
                judge(mode, script, &r).err()
            }
            other => Some(format!("the run did not complete: {other}")),
        };
        if let (Some(why), None) = (failure, &first_failure) {
            first_failure = Some((*script, why));
        }
    }
    let mut figures = vec![Figure::new(DROPPED, gathered.dropped as f64, "operations")];
    if let Some((lo, hi)) = gathered.errors {
        figures.push(Figure::new(ALL_FAIL_ERRORS, hi as f64, "errors"));
        figures.push(Figure::new(ALL_FAIL_ERRORS_MIN, lo as f64, "errors"));
    }
    figures.push(Figure::new("scripts", all.len() as f64, "scripts"));
    let (verdict, summary, counterexample) = match first_failure {
        None => (
            Verdict::Pass,
            format!(
                "returned when and with what {} says on all {} scripts",
                mode.name(),
                all.len()
            ),
            None,
        ),
        Some((found, why)) => {
            // A smaller counterexample from proptest's shrinking where its search finds one;
            // else the first failing script of the enumeration.
            let (script, why, search) = match shrink(design, cases, seed) {
                Some((script, why)) => (script, why, "found and shrunk by proptest"),
                None => (found, why, "the first failing script of the enumeration"),
            };
            let again = match run(design, &script) {
                Outcome::Completed(r) => judge(mode, &script, &r).err(),
                other => Some(format!("the run did not complete: {other}")),
            };
            (
                Verdict::Fail,
                format!("not what {} says: {why}", mode.name()),
                Some(Counterexample {
                    input: describe(&script),
                    failure: why.clone(),
                    data: serde_json::json!(script),
                    reproduced: u32::from(again.as_deref() == Some(why.as_str())),
                    reruns: 1,
                    search: Some(search.into()),
                }),
            )
        }
    };
    let mut f = Finding::new(
        MODES,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::Check {
            check: CHECK.into(),
            design: Some(info.id.into()),
            cases: Some(u64::from(cases)),
            runs: None,
            seed: Some(seed),
            quick: false,
            runtimes: Vec::new(),
        },
    );
    // Every design is declared to do what its mode says but the known-bad reference.
    f.expected = Some(if info.id.starts_with("reference-") {
        Verdict::Fail
    } else {
        Verdict::Pass
    });
    // The verdict's cases are the enumerated scripts; proptest's budget is a setting.
    f.cases = Some(all.len() as u64);
    f.seed = Some(seed);
    f.counterexample = counterexample;
    f
}

/// "op 0: Ok at t=1; op 1: Err at t=0; .."
pub fn describe(script: &Script) -> String {
    script
        .iter()
        .enumerate()
        .map(|(i, (t, ok))| format!("op {i}: {} at t={t}", if *ok { "Ok" } else { "Err" }))
        .collect::<Vec<_>>()
        .join("; ")
}

//! Search strategies side by side: for each known-bad design of the multi-task race, how
//! many runs each strategy needed to its first failure — libFuzzer's coverage-guided search
//! (the `schedules` fuzz target, from an empty corpus) and each scheduler of the schedules
//! check's portfolio. It reads both from one run: the fuzz runs `lab fuzz` just made and the
//! schedules findings `lab check` wrote before.

use lab_designs::concurrent;
use lab_findings::fuzz::FuzzRun;
use lab_findings::{Figure, Finding, NotMeasured, Repro, Verdict, format};

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::fuzz::QUESTION;
use crate::fuzzing::Target;
use crate::schedules::{self, SCHEDULER, SCHEDULERS};
use crate::section::{self, Facts, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "strategies";
pub const STRATEGY: &str = "strategy";
pub const LIBFUZZER: &str = "libfuzzer";
pub const FIRST: &str = "runs until the first failure";
pub const RUNS: &str = "runs made";
/// Per scheduler: its runs until its first failure on a script whose FIFO run passed.
pub const OFF_FIFO: &str = "runs until the first failure FIFO missed";
pub const SECONDS: &str = "wall time to the first crash, cargo's start included";

pub struct Strategies;

impl Check for Strategies {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: QUESTION,
            kind: Kind::Fuzz,
            about: "runs each search strategy needed to the first failure of each known-bad design",
            title: "Search strategies: coverage-guided vs random vs PCT vs exhaustive",
        }
    }

    fn designs(&self) -> Vec<String> {
        Target::Schedules
            .known_bad()
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Fuzz(runs, earlier) = input else {
            return Err(wrong_input(self));
        };
        let mut produced = Produced::default();
        for id in self.designs() {
            let fuzzed = runs.iter().find(|r| {
                r.known_bad && r.target == Target::Schedules.id() && r.designs == [id.as_str()]
            });
            let scheduled = earlier.iter().find(|f| {
                f.question == CONCURRENT && f.check == schedules::CHECK && f.design.id == id
            });
            // A design `lab fuzz` did not search for now keeps its earlier finding.
            let Some(fuzzed) = fuzzed else { continue };
            match scheduled {
                Some(s) => match finding(&id, fuzzed, s) {
                    Ok(f) => produced.findings.push(f),
                    Err(e) => produced.problems.push(e),
                },
                None => produced.problems.push(format!(
                    "{CHECK}: no schedules finding for {id} in this run (`lab check` writes it; `just bench` runs it)"
                )),
            }
        }
        Ok(produced)
    }

    fn intro(&self, _: &Facts) -> String {
        "For each design declared to lose data in the race with the producer as its own \
         task: the runs each strategy made up to and including its first failing run. \
         libFuzzer's are its inputs on the schedules fuzz target (the design alone, from an \
         empty corpus, each input a script and a schedule; its count includes the two inputs \
         it starts with, the empty one and a newline, before any mutation); the schedulers' \
         are their own runs in the schedules check over its seeded scripts (FIFO once per \
         script, random and PCT several times per script, the exhaustive search on the \
         smallest scripts), counted apart though the check interleaves them. Where the first \
         seeded script already fails under FIFO, every scheduler's first failure is its \
         first run: that count says how soon the script sequence fails, not what the \
         scheduler adds. So each scheduler's cell also gives its runs until its first \
         failure on a script FIFO passed (\"FIFO missed\"), or that it found none; for a \
         design with its own unseeded RNG that count is not claimed, since its own draws \
         differ between runs. Both \
         sides count whole executor runs of the design over different inputs: libFuzzer \
         mutates bytes towards new coverage, the schedulers run scripts drawn from the \
         property's strategy; the counts compare how soon each search fails on this \
         workload, not the schedulers' power on bugs of a given depth. The schedules check's \
         settings are the finding's figures."
            .into()
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let mut columns = vec![LIBFUZZER.to_string()];
        columns.extend(SCHEDULERS.iter().map(|s| s.to_string()));
        Some(section::rows(findings, columns.clone(), |f| {
            columns
                .iter()
                .map(|s| {
                    let at = [(STRATEGY, s.as_str().into())];
                    let first = match (f.value(FIRST, &at), f.value(RUNS, &at)) {
                        (Some(n), _) => format::value(n),
                        (None, Some(r)) => format!("none in {}", format::value(r)),
                        (None, None) => return "—".into(),
                    };
                    if s == LIBFUZZER || s == "fifo" {
                        return first;
                    }
                    let random = picks_at_random(f);
                    match f.value(OFF_FIFO, &at) {
                        Some(n) => format!("{first}; FIFO missed: {}", format::value(n)),
                        None if random => format!("{first}; FIFO missed: not claimed (own RNG)"),
                        None => format!("{first}; FIFO missed: none"),
                    }
                })
                .collect()
        }))
    }

    fn deciding(&self) -> Vec<String> {
        vec![FIRST.into()]
    }
}

/// Whether the finding's design picks with an RNG the lab cannot seed.
fn picks_at_random(f: &Finding) -> bool {
    concurrent::by_id(&f.design.id).is_ok_and(|d| d.declares().pick.is_random())
}

fn finding(id: &str, fuzzed: &FuzzRun, scheduled: &Finding) -> Result<Finding, String> {
    let design = concurrent::by_id(id)?;
    let mut figures = Vec::new();
    let mut not_measured = Vec::new();
    let mut said = Vec::new();
    let at = |f: Figure, s: &str| f.at(STRATEGY, s);
    figures.push(at(
        Figure::new(RUNS, fuzzed.executions as f64, "runs"),
        LIBFUZZER,
    ));
    if crate::fuzz::broke(fuzzed) {
        figures.push(at(
            Figure::new(FIRST, fuzzed.executions as f64, "runs"),
            LIBFUZZER,
        ));
        figures.push(Figure::new(SECONDS, fuzzed.seconds, "s"));
        said.push(format!(
            "libFuzzer {} ({:.2} s)",
            fuzzed.executions, fuzzed.seconds
        ));
    } else {
        said.push(format!("libFuzzer none in {}", fuzzed.executions));
    }
    for s in SCHEDULERS {
        let here = [(SCHEDULER, (*s).into())];
        let Some(runs) = scheduled.value(schedules::RUNS_METRIC, &here) else {
            not_measured.push(
                NotMeasured::new(
                    FIRST,
                    "the schedules check did not run this scheduler on it",
                )
                .at(STRATEGY, *s),
            );
            continue;
        };
        figures.push(at(Figure::new(RUNS, runs, "runs"), s));
        let failed = [schedules::FAILING, schedules::UNFINISHED]
            .iter()
            .filter_map(|m| scheduled.value(m, &here))
            .sum::<f64>();
        match scheduled.value(schedules::FIRST, &here) {
            Some(n) => {
                figures.push(at(Figure::new(FIRST, n, "runs"), s));
                said.push(format!("{s} {}", format::value(n)));
            }
            // Failures with no first failure recorded: a record this check cannot read.
            None if failed > 0.0 => {
                return Err(format!(
                    "{CHECK}: {id}'s schedules finding counts {failed} failing {s} runs but no \"{}\" figure (a run of another version?)",
                    schedules::FIRST
                ));
            }
            None => said.push(format!("{s} none in {}", format::value(runs))),
        }
        if let Some(n) = scheduled.value(schedules::FIRST_OFF_FIFO, &here) {
            figures.push(at(Figure::new(OFF_FIFO, n, "runs"), s));
        }
    }
    if let Repro::Check {
        cases, runs, seed, ..
    } = &scheduled.repro
    {
        for (metric, v) in [
            ("schedules check: scripts", cases),
            ("schedules check: runs per scheduler", runs),
            ("schedules check: seed", seed),
        ] {
            if let Some(v) = v {
                figures.push(Figure::new(metric, *v as f64, "setting"));
            }
        }
    }
    let mut f = Finding::new(
        QUESTION,
        CHECK,
        design_ref(&design.info()),
        Verdict::Measured,
        format!("runs to the first failure: {}", said.join(", ")),
        figures,
        Repro::Fuzz {
            target: Target::Schedules.id().into(),
            designs: Some(id.into()),
            seconds: fuzzed.budget_seconds,
        },
    );
    f.not_measured = not_measured;
    Ok(f)
}

//! Races of ready operations (seed 002's race and race_ok cells): when all three operations
//! are ready at the same poll, which one does each race take, over many runs? Two
//! scenarios: all three ready at the race's first poll, and all three ready together after
//! one pending poll (each sleeps one tick). A wrapper counts the design's polls, so a
//! rotating start can be predicted exactly. A race is fair here when, in each scenario, no
//! operation wins more than chance allows (Pearson's chi-square against 1/3 each, failing
//! at p < 1e-6). Each design declares from its source how it picks; runs that go against
//! the declaration contradict it.

use std::future::Future;

use futures::future::poll_fn;
use lab_designs::modes::{self, ModeDesign, ModeOutput, Op, ReadyPick};
use lab_executor::{Config, Executor, Outcome, Tick};
use lab_findings::{Figure, Finding, Repro, Verdict, format};

use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Facts, Table};
use crate::stats::{self, ALPHA};
use crate::{MODES, design_ref};

pub const CHECK: &str = "ready-race";
pub const SCENARIO: &str = "ready";
pub const OP: &str = "op";
pub const WINS: &str = "wins";
pub const P_UNIFORM: &str = "p wins vs uniform";
pub const POLLS: &str = "most polls of one race";
/// The share one operation must win (the others splitting the rest) for a scenario's
/// expected chi-square statistic to reach the critical value: caught about half the time.
pub const DETECTABLE: &str = "detectable share of one operation";
/// Below this many races per scenario every cell expects fewer than 5 wins, the cells are
/// pooled into one, and nothing can be rejected.
pub const MIN_RUNS: u32 = 15;
/// The scenarios: the parameter value, and the tick all three operations are ready at.
pub const SCENARIOS: [(&str, Tick); 2] = [("at first poll", 0), ("after pending polls", 1)];

pub const RUNS: Setting = Setting {
    name: "runs",
    flag: Some(Flag::Runs),
    default: 600,
    quick: 150,
    about: "races per scenario",
};

pub struct ReadyRace;

impl Check for ReadyRace {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: MODES,
            kind: Kind::PerDesign,
            about: "when all three operations are ready at once, does each win a fair share of races?",
            title: "Races of ready operations: who wins",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[RUNS]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![("alpha", ALPHA)]
    }

    fn designs(&self) -> Vec<String> {
        racing().map(|d| d.info().id.to_string()).collect()
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        RUNS.value(options) * SCENARIOS.len() as u64
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = modes::by_id(input.design(self)?)?;
        let runs = RUNS.value(options) as u32;
        Ok(Produced::one(check(design, runs, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each race design (race and race_ok cells) is run {} times in each of two \
             scenarios: all three operations ready with Ok(i) at the race's first poll, and \
             all three ready together one tick later, after the polls at tick 0 found none \
             ready. Each scenario's wins per operation are tested against one third each \
             (Pearson's chi-square); a design passes when neither scenario rejects that at \
             p < {} — so a fair design fails with probability about twice that, and with \
             {} races a scenario catches one operation winning about {} of them half the \
             time (a smaller bias can pass). tokio's select! draws its start from an RNG the \
             lab cannot seed, so its counts vary between runs. Each design \
             declares from its source how it picks — in index order from 0, from a start \
             that advances on every poll, or from a random start — and a run whose winner \
             the declaration does not predict, or a random start whose wins reject \
             uniform, contradicts it. The lab executor polls each race until it returns; \
             the most polls one race took are shown.",
            f.s("runs"),
            f.s("alpha"),
            f.s("runs"),
            f.range(DETECTABLE, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let mut columns = Vec::new();
        for (s, _) in SCENARIOS {
            columns.push(format!("{s}: wins of op 0 / 1 / 2"));
            columns.push(format!("{s}: p"));
        }
        columns.push("fair".into());
        Some(section::rows(findings, columns, |f| {
            let mut cells = Vec::new();
            for (s, _) in SCENARIOS {
                let wins: Vec<String> = (0..3)
                    .map(|op| {
                        f.value(WINS, &[(SCENARIO, s.into()), (OP, op.into())])
                            .map_or("—".into(), format::value)
                    })
                    .collect();
                cells.push(wins.join(" / "));
                cells.push(
                    f.value(P_UNIFORM, &[(SCENARIO, s.into())])
                        .map_or("—".into(), format::value),
                );
            }
            cells.push(
                match f.verdict {
                    Verdict::Pass => "yes",
                    Verdict::Fail => "no",
                    _ => "—",
                }
                .into(),
            );
            cells
        }))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::verdicts("ready race", self.about(), findings)]
    }
}

/// The designs whose mode is a race.
pub fn racing() -> impl Iterator<Item = &'static &'static dyn ModeDesign> {
    modes::all().iter().filter(|d| d.ready_pick().is_some())
}

/// One race: the winner (`None`: the output named no winner) and the design's polls.
pub fn race(design: &dyn ModeDesign, ready_at: Tick) -> Outcome<(Option<u32>, u32)> {
    let exec = Executor::new(Config::with_max_polls(10_000));
    let clock = exec.handle().clock().clone();
    let ops: [Op; 3] = std::array::from_fn(|i| {
        let clock = clock.clone();
        let op: Op = Box::pin(async move {
            if ready_at > 0 {
                clock.sleep(ready_at).await;
            }
            Ok(i as u32)
        });
        op
    });
    exec.run(counted(design.run(ops, clock)))
        .outcome
        .map(|(output, polls)| {
            let winner = match output {
                ModeOutput::First(Ok(i)) | ModeOutput::FirstOk(Ok(i)) => Some(i),
                _ => None,
            };
            (winner, polls)
        })
}

/// `fut`'s output and how many times it was polled.
fn counted<F: Future + Unpin>(mut fut: F) -> impl Future<Output = (F::Output, u32)> {
    let mut polls = 0;
    poll_fn(move |cx| {
        polls += 1;
        std::pin::Pin::new(&mut fut).poll(cx).map(|o| (o, polls))
    })
}

/// The operation `pick` predicts wins a race whose last poll was poll number `polls`, when
/// all three are ready at that poll; `None`: no prediction (a random start).
pub fn predicted(pick: ReadyPick, polls: u32) -> Option<u32> {
    match pick {
        ReadyPick::InOrder => Some(0),
        ReadyPick::Rotating => Some((polls - 1) % 3),
        ReadyPick::Random => None,
    }
}

pub fn check(design: &dyn ModeDesign, runs: u32, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let pick = design.ready_pick().expect("only races are checked");
    let mut figures = Vec::new();
    let mut broken: Option<(Verdict, String)> = None;
    let mut contradicts = Vec::new();
    let mut rejected = Vec::new();
    let mut parts = Vec::new();
    for (scenario, ready_at) in SCENARIOS {
        let mut wins = [0u64; 3];
        let (mut most_polls, mut unpredicted) = (0, 0u32);
        for _ in 0..runs {
            progress();
            match race(design, ready_at) {
                Outcome::Completed((Some(w), polls)) if w < 3 => {
                    wins[w as usize] += 1;
                    most_polls = most_polls.max(polls);
                    if predicted(pick, polls).is_some_and(|p| p != w) {
                        unpredicted += 1;
                    }
                }
                Outcome::Completed((_, _)) => {
                    broken.get_or_insert((
                        Verdict::Fail,
                        format!("{scenario}: the race returned no Ok winner"),
                    ));
                }
                other => {
                    let verdict = crate::verdict_of(other.as_ref().map(|_| true));
                    broken.get_or_insert((
                        verdict,
                        format!("{scenario}: the run did not complete: {other}"),
                    ));
                }
            }
        }
        let at = |f: Figure| f.at(SCENARIO, scenario);
        for (op, w) in wins.iter().enumerate() {
            figures.push(at(Figure::new(WINS, *w as f64, "races").at(OP, op as u32)));
        }
        let fit = stats::chi_square(&wins, &[1.0 / 3.0; 3]);
        figures.push(at(Figure::new(P_UNIFORM, fit.p, "p")));
        figures.push(at(Figure::new(POLLS, f64::from(most_polls), "polls")));
        if runs >= MIN_RUNS {
            figures.push(at(Figure::new(
                DETECTABLE,
                detectable_share(runs),
                "of the races",
            )));
        }
        let list = wins.map(|w| w.to_string()).join(" / ");
        parts.push(format!(
            "{scenario}: wins {list} (p = {})",
            format::value(fit.p)
        ));
        if fit.rejected() {
            rejected.push(scenario);
        }
        if unpredicted > 0 {
            contradicts.push(format!(
                "declared {pick:?}: {unpredicted} of {runs} races {scenario} had another winner"
            ));
        }
        if pick == ReadyPick::Random && fit.rejected() {
            contradicts.push(format!(
                "declared a random start: wins {list} {scenario} reject one third each"
            ));
        }
    }
    if let Some((_, why)) = &broken {
        // A design that did not finish its races did not do what any declaration says.
        contradicts.push(why.clone());
    }
    let (verdict, summary) = match broken {
        Some((verdict, why)) => (verdict, why),
        None if runs == 0 => (Verdict::NotRun, "no races run".into()),
        None if runs < MIN_RUNS && rejected.is_empty() => (
            Verdict::Inconclusive,
            format!(
                "{}: too few races to reject anything (at least {MIN_RUNS} per scenario)",
                parts.join("; ")
            ),
        ),
        None if rejected.is_empty() => (
            Verdict::Pass,
            format!(
                "{}: one third each not rejected at p < 1e-6 in {runs} races per scenario",
                parts.join("; ")
            ),
        ),
        None => (
            Verdict::Fail,
            format!(
                "{}: one third each rejected {}",
                parts.join("; "),
                rejected.join(" and ")
            ),
        ),
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
            cases: None,
            runs: Some(u64::from(runs)),
            seed: None,
            quick: false,
            runtimes: Vec::new(),
        },
    );
    // A random start is declared fair; a fixed or rotating start from 0 favours one operation
    // in each scenario.
    f.expected = Some(if pick == ReadyPick::Random {
        Verdict::Pass
    } else {
        Verdict::Fail
    });
    f.contradicts = contradicts;
    f.cases = Some(u64::from(runs) * SCENARIOS.len() as u64);
    f
}

/// The share `p` of `runs` races one operation must win, the other two splitting the rest,
/// for the expected Pearson statistic `4.5 · runs · (p − 1/3)²` to reach the critical value
/// at [`ALPHA`] with two degrees of freedom.
pub fn detectable_share(runs: u32) -> f64 {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    let critical = ChiSquared::new(2.0).expect("df 2").inverse_cdf(1.0 - ALPHA);
    1.0 / 3.0 + (critical / (4.5 * f64::from(runs))).sqrt()
}

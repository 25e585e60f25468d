//! Issue 14's first objection, "that is your executor, not a real runtime", checked as yes/no agreement: every
//! concurrent design races `read_send` over the same seeded scripts, and drains two
//! always-ready sources, on the lab executor and on each real runtime (`lab-runtimes`:
//! tokio current-thread and multi-thread, async-std, smol, with a scripted tick slept on the
//! runtime's own timer). A design passes when every runtime gives the lab's answer — whether
//! any run lost an item, any was left unfinished, any panicked, and whether the first source
//! took an uneven share — and each disagreement is spelled out in its finding.

mod runs;

use lab_designs::concurrent;
use lab_findings::{Figure, Finding, Repro, Verdict, format};
use lab_runtimes::{Runtime, Set};

use crate::check::{Check, CheckInfo, Flag, Input, Kind, Options, Produced, Setting};
use crate::section::{self, Facts, Table};
use crate::{CONCURRENT, design_ref};

pub use runs::{DRAIN_ITEMS, RaceTally, TICK, WINDOW};

pub const CHECK: &str = "real-runtimes";
pub const RUNTIME: &str = "runtime";
pub const RACES: &str = "races run";
pub const LOSSY: &str = "races that lost an item";
pub const UNFINISHED: &str = "races left unfinished";
pub const PANICKED: &str = "races that panicked";
pub const SHARE: &str = "share of source 0 in the first items";
pub const DISAGREEMENTS: &str = "runtimes that disagree with the lab";
/// A mean share of source 0 further than this from one half counts as uneven.
pub const UNEVEN: f64 = 0.1;

pub const SCRIPTS: Setting = Setting {
    name: "scripts",
    flag: Some(Flag::Cases),
    default: 12,
    quick: 4,
    about: "seeded data-loss scripts raced on every runtime",
};
pub const DRAINS: Setting = Setting {
    name: "drains",
    flag: Some(Flag::Runs),
    default: 40,
    quick: 30,
    about: "drains of two always-ready sources per runtime, for the first source's share",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 0x5eed_0014,
    quick: 0x5eed_0014,
    about: "seed of the scripts",
};

pub struct RealRuntimes;

/// The runtimes a run covers: the lab first, then the real ones asked for.
fn runtimes(options: &Options) -> Vec<Runtime> {
    let real = options.runtimes.unwrap_or_else(Set::real);
    std::iter::once(Runtime::Lab)
        .chain(real.iter().filter(|r| r.is_real()))
        .collect()
}

impl Check for RealRuntimes {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "the race's and the drain's verdicts on tokio, async-std and smol beside the lab executor's",
            title: "The same verdicts on real runtimes",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[SCRIPTS, DRAINS, SEED]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("tick ms", TICK.as_secs_f64() * 1e3),
            ("drain items", f64::from(DRAIN_ITEMS)),
            ("window", WINDOW as f64),
            ("uneven beyond", UNEVEN),
            ("tokio workers", 2.0),
        ]
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(CONCURRENT)
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        let per = SCRIPTS.value(options) + DRAINS.value(options);
        per * runtimes(options).len() as u64
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let design = concurrent::by_id(input.design(self)?)?;
        Ok(Produced::one(check(design, options, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design races read_send over the same {} seeded scripts (the data-loss \
             check's strategy) and, where it has a drain, drains two always-ready sources of \
             {} items {} times, on the lab executor and on tokio's current-thread runtime, \
             tokio's multi-thread runtime with {} workers, async-std and smol. On a real \
             runtime a scripted tick is {} ms slept on the runtime's own timer, the design \
             runs on the thread that calls block_on with its spawns in that thread's local \
             set (the designs are not Send), and a race still going after three times a \
             worst-case length of its script, plus a margin, is unfinished. The drains' sources are pre-filled tokio channels, \
             whose receives spend tokio's cooperative budget inside tokio; a drain's receives \
             should stay under that budget (not checked), so it is active but likely never \
             runs out here. The races' \
             sources are the lab's scripted ones. A design passes when every runtime \
             gives the lab's answer, yes or no, not counts: whether any finished race lost an item, any was left unfinished \
             (the lab's deadlock, a real runtime's time limit), any panicked, and whether \
             source 0's mean share of the first {} items is more than {} from one half.",
            f.s("scripts"),
            f.s("drain items"),
            f.s("drains"),
            f.s("tokio workers"),
            f.s("tick ms"),
            f.s("window"),
            f.s("uneven beyond"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let ids: Vec<&'static str> = Runtime::ALL.iter().map(|r| r.id()).collect();
        let shown: Vec<&'static str> = ids
            .into_iter()
            .filter(|id| {
                findings
                    .iter()
                    .any(|f| f.value(RACES, &[(RUNTIME, (*id).into())]).is_some())
            })
            .collect();
        let columns = shown.iter().map(|s| s.to_string()).collect();
        Some(section::with_outcomes(
            section::rows(findings, columns, |f| {
                shown.iter().map(|rt| cell(f, rt)).collect()
            }),
            findings,
        ))
    }

    fn deciding(&self) -> Vec<String> {
        vec![DISAGREEMENTS.into()]
    }
}

/// One runtime's cell, from its figures in `f`.
fn cell(f: &Finding, rt: &str) -> String {
    let at = [(RUNTIME, rt.into())];
    let Some(runs) = f.value(RACES, &at) else {
        return "—".into();
    };
    let n = |m| f.value(m, &at).unwrap_or(0.0);
    describe(
        runs,
        [n(LOSSY), n(UNFINISHED), n(PANICKED)],
        f.value(SHARE, &at),
    )
}

/// How the races went, and source 0's share: "lost 3/12 · s0 100%".
fn describe(runs: f64, [lossy, unfinished, panicked]: [f64; 3], share: Option<f64>) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (lossy, "lost"),
        (unfinished, "unfinished"),
        (panicked, "panicked"),
    ] {
        if n > 0.0 {
            parts.push(format!(
                "{word} {}/{}",
                format::value(n),
                format::value(runs)
            ));
        }
    }
    if parts.is_empty() {
        parts.push(format!(
            "clean {}/{}",
            format::value(runs),
            format::value(runs)
        ));
    }
    if let Some(s) = share {
        parts.push(format!("s0 {}", percent(s)));
    }
    parts.join(" · ")
}

fn percent(share: f64) -> String {
    format!("{}%", format::value(share * 100.0))
}

/// One runtime's results.
struct Measured {
    runtime: Runtime,
    race: RaceTally,
    share: Option<Result<f64, String>>,
}

fn uneven(share: f64) -> bool {
    (share - 0.5).abs() > UNEVEN
}

/// How `m` differs from the lab's `lab`, for a reader; `None` when it gives the lab's answer.
fn disagreement(lab: &Measured, m: &Measured) -> Option<String> {
    let mut out = Vec::new();
    let (l, r) = (lab.race.kinds(), m.race.kinds());
    let words = ["lost an item", "left a run unfinished", "panicked"];
    let counts = |t: &RaceTally| [t.lossy, t.unfinished, t.panicked];
    for (i, word) in words.iter().enumerate() {
        let (a, b) = ([l.0, l.1, l.2][i], [r.0, r.1, r.2][i]);
        if a != b {
            // The side that went wrong names its first script of this kind.
            let (side, name) = if b {
                (&m.race, m.runtime.id())
            } else {
                (&lab.race, "the lab")
            };
            let first = side.first[i]
                .as_ref()
                .map(|(s, what)| format!(" ({name}'s first, script {s}: {what})"))
                .unwrap_or_default();
            out.push(format!(
                "{} {word} in {} of {} races, the lab in {}{first}",
                m.runtime,
                counts(&m.race)[i],
                m.race.runs,
                counts(&lab.race)[i]
            ));
        }
    }
    if let (Some(Ok(a)), Some(Ok(b))) = (&lab.share, &m.share)
        && uneven(*a) != uneven(*b)
    {
        out.push(format!(
            "{}: source 0 took {} of the first items, the lab {}",
            m.runtime,
            percent(*b),
            percent(*a)
        ));
    }
    if let (Some(Err(e)), Some(Ok(_))) = (&lab.share, &m.share) {
        out.push(format!(
            "{}: the drain finished where the lab's did not: {e}",
            m.runtime
        ));
    }
    if let (Some(Ok(_)), Some(Err(e))) = (&lab.share, &m.share) {
        out.push(format!(
            "{}: the drain failed where the lab's did not: {e}",
            m.runtime
        ));
    }
    (!out.is_empty()).then(|| out.join("; "))
}

pub fn check(
    design: &'static dyn concurrent::ConcurrentDesign,
    options: &Options,
    progress: &dyn Fn(),
) -> Finding {
    let info = design.info();
    let scripts = crate::schedules::scripts(SCRIPTS.value(options), SEED.value(options));
    let drains = DRAINS.value_u32(options);
    let drainable = design.arity().supports(2);
    let measured: Vec<Measured> = runtimes(options)
        .into_iter()
        .map(|rt| Measured {
            runtime: rt,
            race: runs::race(design, rt, &scripts, progress),
            share: drainable.then(|| runs::share(design, rt, drains, progress)),
        })
        .collect();
    let mut figures = Vec::new();
    for m in &measured {
        let at = |fig: Figure| fig.at(RUNTIME, m.runtime.id());
        figures.push(at(Figure::new(RACES, f64::from(m.race.runs), "runs")));
        figures.push(at(Figure::new(LOSSY, f64::from(m.race.lossy), "runs")));
        figures.push(at(Figure::new(
            UNFINISHED,
            f64::from(m.race.unfinished),
            "runs",
        )));
        figures.push(at(Figure::new(
            PANICKED,
            f64::from(m.race.panicked),
            "runs",
        )));
        if let Some(Ok(s)) = &m.share {
            figures.push(at(Figure::new(SHARE, *s, "share")));
        }
    }
    let lab = &measured[0];
    let differ: Vec<String> = measured[1..]
        .iter()
        .filter_map(|m| disagreement(lab, m))
        .collect();
    figures.push(Figure::new(DISAGREEMENTS, differ.len() as f64, "runtimes"));
    let real = measured.len() - 1;
    let (verdict, summary) = if real == 0 {
        (Verdict::NotRun, "no real runtime was selected".to_string())
    } else if differ.is_empty() {
        (
            Verdict::Pass,
            format!(
                "all {real} real runtimes agree with the lab on each kind of failure over {} scripts{}; the lab: {}",
                scripts.len(),
                if drainable {
                    format!(" and {drains} drains each")
                } else {
                    String::new()
                },
                describe(
                    f64::from(lab.race.runs),
                    [lab.race.lossy, lab.race.unfinished, lab.race.panicked].map(f64::from),
                    lab.share.as_ref().and_then(|s| s.as_ref().ok()).copied(),
                )
            ),
        )
    } else {
        (
            Verdict::Fail,
            format!("disagrees with the lab: {}", differ.join("; ")),
        )
    };
    let mut f = Finding::new(
        CONCURRENT,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, Some(info.id)),
    );
    // The lab's claim is that its verdicts carry over to real runtimes.
    f.expected = Some(Verdict::Pass);
    f.cases = Some(scripts.len() as u64);
    f.seed = Some(SEED.value(options));
    f
}

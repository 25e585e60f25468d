//! The lab's futures-unpolled detector: it flags a watched future whose waker fired and
//! which was then not polled through at least one whole poll of the watched task, when the
//! wake stayed unanswered for `after` virtual ticks or more, or until the run ended. Run
//! over every design of the unpolled and awaiting-body questions, it must flag every
//! futurelock-type deadlock (a woken future nobody polls) and not a deadlock of another
//! kind (a control: two tasks each holding the permit the other waits for, nothing woken);
//! its alarms on the designs that declare nothing is left woken and unpolled are its false
//! alarms, counted at the threshold and with none. Only the main task's polls are noted, so
//! a fetch that is a task of its own counts as passed over by the main task's polls.

use lab_designs::{starvation, unpolled};
use lab_executor::{Outcome, TaskPoll, Tick, Watched};
use lab_findings::{Figure, Finding, Repro, Verdict, format};

use crate::awaiting::{self, Form};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, Setting, wrong_input};
use crate::section::{Facts, Row, Table};
use crate::{UNPOLLED, design_ref_parts, explain};

pub const CHECK: &str = "unpolled-detector";
pub const DESIGN: &str = "watch-detector";
pub const RUN: &str = "run";
pub const ALARMS: &str = "alarms";
/// Per run: 1 if it deadlocked, and 1 if its design declares it leaves nothing unpolled.
pub const RUN_DEADLOCKED: &str = "deadlocked (1 = yes)";
pub const RUN_CLEAN: &str = "declares nothing left unpolled (1 = yes)";
pub const RUNS: &str = "runs watched";
pub const DEADLOCKED: &str = "runs that deadlocked";
pub const DETECTED: &str = "deadlocked runs flagged";
pub const CLEAN_RUNS: &str = "runs of designs that leave nothing unpolled";
pub const FALSE_ALARMS: &str = "false alarms";
pub const STARVED: &str = "completed runs of stalling designs flagged";
pub const NO_THRESHOLD: &str = "false alarms with no tick threshold";
pub const CONTROL: &str = "deadlocks of another kind flagged";

pub const AFTER: Setting = Setting {
    name: "ticks unanswered before an alarm",
    flag: None,
    default: 1,
    quick: 1,
    about: "a wake unanswered this long (or to the end of the run) while its task was polled is flagged",
};

/// One flagged wake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alarm {
    pub future: String,
    pub woken_at: Tick,
    /// Whole task polls that passed the future by after the wake.
    pub task_polls_missed: usize,
    /// Ticks until it was polled; `None`: not by the end of the run.
    pub answered_after: Option<Tick>,
}

/// The detector's rule over one run's pictures.
pub fn alarms(watched: &[Watched], polls: &[TaskPoll], after: Tick) -> Vec<Alarm> {
    let mut out = Vec::new();
    for w in watched {
        for wake in &w.wakes {
            let answer = wake.answered.map_or(u64::MAX, |(_, seq)| seq);
            let missed = polls
                .iter()
                .filter(|p| p.began > wake.seq && p.ended < answer)
                .count();
            let answered_after = wake.answered.map(|(t, _)| t - wake.at);
            let long = answered_after.is_none_or(|t| t >= after);
            if missed > 0 && long {
                out.push(Alarm {
                    future: w.name.clone(),
                    woken_at: wake.at,
                    task_polls_missed: missed,
                    answered_after,
                });
            }
        }
    }
    out
}

/// One watched run: its label, whether it deadlocked, whether its design declares that it
/// leaves nothing woken and unpolled, and the alarms.
struct WatchedRun {
    label: String,
    /// Deadlocked with a woken, unpolled future holding or first in line for the permit
    /// (`explain::is_unpolled_deadlock`): the kind the detector must flag.
    deadlocked: bool,
    /// Deadlocked some other way: the kind it must not flag.
    other_deadlock: bool,
    clean: bool,
    alarms: usize,
    /// Alarms with no tick threshold.
    any_delay: usize,
}

fn runs(after: Tick, progress: &dyn Fn()) -> Vec<WatchedRun> {
    let mut out = Vec::new();
    for d in unpolled::all() {
        progress();
        let r = super::drive(*d);
        let stuck = matches!(r.outcome, Outcome::Deadlock { .. });
        let kind = explain::is_unpolled_deadlock(&r.permits, &r.watched);
        out.push(WatchedRun {
            label: d.info().id.to_string(),
            deadlocked: stuck && kind,
            other_deadlock: stuck && !kind,
            clean: !d.declares().keeps_waiter_unpolled,
            alarms: alarms(&r.watched, &r.task_polls, after).len(),
            any_delay: alarms(&r.watched, &r.task_polls, 0).len(),
        });
    }
    for d in starvation::all() {
        for (form, name, items) in [
            (Form::Timed, "timed", awaiting::resume_delay::ITEMS),
            (
                Form::Contended,
                "contended",
                awaiting::permit_deadlock::ITEMS,
            ),
        ] {
            progress();
            let r = awaiting::drive(*d, form, items);
            let stuck = matches!(r.outcome, Outcome::Deadlock { .. });
            let kind = r
                .permits
                .as_ref()
                .is_some_and(|p| explain::is_unpolled_deadlock(p, &r.fetches));
            out.push(WatchedRun {
                label: format!("{} ({name})", d.info().id),
                deadlocked: stuck && kind,
                other_deadlock: stuck && !kind,
                clean: d.declares().drives_while_body_awaits,
                alarms: alarms(&r.fetches, &r.task_polls, after).len(),
                any_delay: alarms(&r.fetches, &r.task_polls, 0).len(),
            });
        }
    }
    out
}

/// The control: tasks A and B each take one permit, wait a tick and ask for the other's;
/// both wakes (their timers) are answered, and the run deadlocks with nothing woken.
fn control(after: Tick) -> (bool, usize) {
    use lab_executor::{Config, Executor, Watch};
    use lab_workloads::Permits;
    let exec = Executor::new(Config::with_max_polls(super::MAX_POLLS));
    let handle = exec.handle();
    let clock = handle.clock().clone();
    let watch = Watch::new(&clock);
    watch.freeze_at_teardown(&handle);
    let (p1, p2) = (Permits::new(1, &clock), Permits::new(1, &clock));
    let task = |name: &'static str, first: Permits, second: Permits| {
        let c = clock.clone();
        watch.wrap(name, async move {
            let _a = first.acquire(format!("{name} first")).await;
            c.sleep(1).await;
            let _b = second.acquire(format!("{name} second")).await;
        })
    };
    handle.spawn(task("task b", p2.clone(), p1.clone()));
    let main = watch.wrap_task(task("task a", p1, p2));
    let run = exec.run(main);
    let deadlocked = matches!(run.outcome, Outcome::Deadlock { .. });
    (
        deadlocked,
        alarms(&watch.seen(), &watch.task_polls(), after).len(),
    )
}

pub struct Detector;

impl Check for Detector {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: UNPOLLED,
            kind: Kind::Whole,
            about: "does the futures-unpolled detector flag every deadlocked run, and how often does it flag designs that leave nothing unpolled?",
            title: "The futures-unpolled detector: detections and false alarms",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[AFTER]
    }

    fn designs(&self) -> Vec<String> {
        vec![DESIGN.into()]
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        (unpolled::all().len() + 2 * starvation::all().len() + 1) as u64
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let Input::Whole = input else {
            return Err(wrong_input(self));
        };
        Ok(Produced::one(check(AFTER.value(options), progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "The detector reads what the watches saw: it flags a future whose waker fired \
             and which was then not polled through at least one whole poll of the watched \
             task, when the wake stayed unanswered for {} tick(s) or more, or until the run \
             ended. It runs over every design of the unpolled question and both workloads of \
             the awaiting-body question ({} runs), and over a control that deadlocks another \
             way (two tasks each holding the permit the other waits for, nothing woken). It \
             must flag every deadlocked run of the designs and not the control. An alarm on a \
             design that declares it leaves nothing woken and unpolled is a false alarm; at \
             the threshold such an alarm needs a wake answered a tick or more late (for the \
             timed runs the resume-delay check measures that on its own), so the count \
             without a threshold is given too; only the main task's polls are noted, and a \
             likely cause of alarms without a threshold is a fetch that is a task of its own, \
             passed over by the main task's polls and answered in the same tick (the runs are \
             not broken down here). Deadlocked runs are sorted by what the frozen pictures \
             show: a woken, unpolled future holding or first in line for the permit is the \
             detector's kind, any other deadlock counts with the control. Alarms on the \
             completed runs of the stalling designs flag their starvation.",
            f.s(AFTER.name),
            f.range(RUNS, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let f = findings.first()?;
        let yes = |metric: &str, run: &str| match f.value(metric, &[(RUN, run.into())]) {
            Some(v) if v > 0.0 => "yes",
            Some(_) => "no",
            None => "—",
        };
        let rows = f
            .figures_of(ALARMS)
            .filter_map(|g| {
                let run = g.param(RUN)?.as_text()?;
                Some(Row {
                    design: run.to_string(),
                    anchor: f.anchor(),
                    cells: vec![
                        yes(RUN_DEADLOCKED, run).into(),
                        yes(RUN_CLEAN, run).into(),
                        format::value(g.value),
                    ],
                })
            })
            .collect();
        Some(Table {
            columns: vec![
                "deadlocked".into(),
                "declares nothing unpolled".into(),
                "alarms".into(),
            ],
            rows,
        })
    }
}

pub fn check(after: Tick, progress: &dyn Fn()) -> Finding {
    let runs = runs(after, progress);
    let count = |keep: &dyn Fn(&WatchedRun) -> bool| runs.iter().filter(|r| keep(r)).count();
    let deadlocked = count(&|r| r.deadlocked);
    let detected = count(&|r| r.deadlocked && r.alarms > 0);
    let clean = count(&|r| r.clean);
    let false_alarms: usize = runs.iter().filter(|r| r.clean).map(|r| r.alarms).sum();
    let starved = count(&|r| !r.clean && !r.deadlocked && r.alarms > 0);
    let no_threshold: usize = runs.iter().filter(|r| r.clean).map(|r| r.any_delay).sum();
    progress();
    let (control_deadlocked, control_flagged) = control(after);
    // Runs, not alarms: the control counts once if flagged at all.
    let mut control_alarms = usize::from(control_flagged > 0);
    // Other-kind deadlocks among the designs' runs count with the control.
    let others = count(&|r| r.other_deadlock);
    control_alarms += runs
        .iter()
        .filter(|r| r.other_deadlock && r.alarms > 0)
        .count();
    let mut figures = vec![
        Figure::new(RUNS, runs.len() as f64, "runs"),
        Figure::new(DEADLOCKED, deadlocked as f64, "runs"),
        Figure::new(DETECTED, detected as f64, "runs"),
        Figure::new(CLEAN_RUNS, clean as f64, "runs"),
        Figure::new(FALSE_ALARMS, false_alarms as f64, "alarms"),
        Figure::new(STARVED, starved as f64, "runs"),
        Figure::new(NO_THRESHOLD, no_threshold as f64, "alarms"),
        Figure::new(CONTROL, control_alarms as f64, "runs"),
    ];
    for r in &runs {
        let at = |g: Figure| g.at(RUN, r.label.as_str());
        figures.push(at(Figure::new(ALARMS, r.alarms as f64, "alarms")));
        figures.push(at(Figure::new(
            RUN_DEADLOCKED,
            f64::from(u8::from(r.deadlocked)),
            "",
        )));
        figures.push(at(Figure::new(RUN_CLEAN, f64::from(u8::from(r.clean)), "")));
    }
    let (verdict, summary) = if !control_deadlocked {
        (
            Verdict::Inconclusive,
            "the control did not deadlock: nothing to tell the detector's alarms apart from".into(),
        )
    } else if deadlocked == 0 || clean == 0 {
        (
            Verdict::Inconclusive,
            format!("{deadlocked} deadlocked and {clean} clean runs: nothing to tell apart"),
        )
    } else {
        let said = format!(
            "flagged {detected} of {deadlocked} futurelock-type deadlocks and {control_alarms} \
             of {} deadlocks of another kind; {false_alarms} false alarms over {clean} runs of \
             designs that leave nothing unpolled ({no_threshold} with no tick threshold)",
            others + 1
        );
        let ok = detected == deadlocked && false_alarms == 0 && control_alarms == 0;
        (if ok { Verdict::Pass } else { Verdict::Fail }, said)
    };
    let mut f = Finding::new(
        UNPOLLED,
        CHECK,
        design_ref_parts(
            DESIGN,
            "lab",
            "Watch::wrap + Watch::wrap_task",
            "flags a future woken and then passed over by a whole poll of its task",
        ),
        verdict,
        summary,
        figures,
        Repro::check(CHECK, None),
    );
    f.expected = Some(Verdict::Pass);
    f.cases = Some(runs.len() as u64);
    f
}

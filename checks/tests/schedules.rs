//! The schedules check, both ways: a design that loses data fails, every scheduler ran it,
//! and its counterexample has a non-FIFO schedule and fails again when replayed (the script
//! may lose under FIFO too); a lossless one
//! passes on enough scripts and is inconclusive on too few. The producer task makes real
//! choice points.

use lab_checks::schedules::{self, Settings, run};
use lab_designs::concurrent;
use lab_executor::schedule::{Random, Replay};
use lab_findings::{Param, Verdict};

fn settings(scripts: u64, runs: u64) -> Settings {
    Settings {
        scripts,
        runs,
        seed: 7,
    }
}

#[test]
fn the_producer_task_gives_the_scheduler_choices() {
    let script = schedules::scripts(20, 3)
        .into_iter()
        .find(|s| s.packets.len() >= 3 && s.batches.len() >= 2)
        .expect("a script with a race");
    let design = concurrent::by_id("fc-merge-vec").unwrap();
    let schedules: std::collections::BTreeSet<String> = (0..20)
        .map(|seed| run(design, &script, Random::new(seed)).schedule.to_string())
        .collect();
    assert!(schedules.len() > 1, "{schedules:?}");
    let r = run(design, &script, Random::new(1));
    assert!(!r.schedule.steps.is_empty());
    let again = run(design, &script, Replay::new(r.schedule.choices()));
    assert_eq!(
        again.schedule, r.schedule,
        "a deterministic design replays exactly"
    );
}

#[test]
fn a_lossy_design_fails_and_its_schedule_replays() {
    let design = concurrent::by_id("futures-select-biased").unwrap();
    let f = schedules::check(design, &settings(30, 2), &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    let c = f.counterexample.as_ref().expect("a counterexample");
    assert_eq!((c.reproduced, c.reruns), (1, 1), "{c:?}");
    let schedule = c.data["schedule"].as_str().unwrap();
    assert!(!schedule.is_empty(), "a non-FIFO loss is preferred: {c:?}");
    for s in schedules::SCHEDULERS {
        let at = [(schedules::SCHEDULER, Param::from(*s))];
        assert!(f.value(schedules::RUNS_METRIC, &at).unwrap() > 0.0, "{s}");
    }
    // Deterministic: the schedule-only count is measured.
    assert!(f.value(schedules::SCHEDULE_ONLY, &[]).is_some());
}

#[test]
fn a_lossless_design_passes_and_too_few_runs_are_inconclusive() {
    let design = concurrent::by_id("futures-select-hoisted").unwrap();
    let f = schedules::check(design, &settings(140, 1), &|| {});
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.summary);
    assert!(f.counterexample.is_none());
    let few = schedules::check(design, &settings(30, 2), &|| {});
    assert_eq!(few.verdict, Verdict::Inconclusive, "{}", few.summary);
}

#[test]
fn a_random_design_does_not_claim_schedule_only_losses() {
    let design = concurrent::by_id("tokio-select").unwrap();
    let f = schedules::check(design, &settings(20, 1), &|| {});
    assert!(f.value(schedules::SCHEDULE_ONLY, &[]).is_none());
    // Neither the schedule-only count nor the exhaustive search stands for it.
    assert_eq!(f.not_measured.len(), 2, "{:?}", f.not_measured);
    let at = [(schedules::SCHEDULER, Param::from("exhaustive"))];
    assert!(f.value(schedules::RUNS_METRIC, &at).is_none());
}

//! The fuzz check's verdicts, both ways: a known-bad design fails only on its property's own
//! crash (a libFuzzer timeout is inconclusive), and a target's silence on its safe designs
//! is a pass only when the same run of `lab fuzz` found every known-bad design of the target.
//! The strategies check sets libFuzzer's runs to the first crash beside the schedulers'.

use lab_checks::check::{Check, Input, Options};
use lab_checks::fuzz::{Fuzz, design_id};
use lab_checks::fuzzing::Target;
use lab_findings::Verdict;
use lab_findings::fuzz::{FuzzCrash, FuzzRun};

fn run(target: Target, designs: Vec<String>, known_bad: bool, crash: Option<&str>) -> FuzzRun {
    FuzzRun {
        target: target.id().into(),
        designs,
        known_bad,
        budget_seconds: 30,
        seconds: 30.0,
        executions: 100_000,
        exec_per_sec: 3_000.0,
        coverage: Some(1_000),
        features: Some(2_000),
        corpus: Some(100),
        trivial_exec_per_sec: Some(2e6),
        crash: crash.map(|m| FuzzCrash {
            message: m.into(),
            minimized: Some(true),
            bytes: vec![1, 2, 3],
            replay: Some(m.into()),
        }),
        found_before_mutation: Some(false),
        commit: "test".into(),
    }
}

/// The safe run of `target`, and a run of each known-bad design: crashed with the
/// property's own panic, except `missed`, which ran out its budget or timed out.
fn runs(target: Target, missed: Option<(&str, Option<&str>)>) -> Vec<FuzzRun> {
    let safe = target
        .safe_designs()
        .into_iter()
        .map(String::from)
        .collect();
    let mut out = vec![run(target, safe, false, None)];
    for d in target.known_bad() {
        let crash = match missed {
            Some((m, how)) if m == d => how.map(String::from),
            _ => Some(format!("{d} broke {}: lost 1 of 3 items", target.id())),
        };
        out.push(run(target, vec![d.into()], true, crash.as_deref()));
    }
    out
}

fn verdicts(runs: &[FuzzRun]) -> Vec<(String, Verdict)> {
    Fuzz.run(Input::Fuzz(runs, &[]), &Options::default(), &|| {})
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.design.id, f.verdict))
        .collect()
}

fn verdict_of(v: &[(String, Verdict)], id: &str) -> Verdict {
    v.iter().find(|(d, _)| d == id).expect(id).1
}

#[test]
fn the_safe_designs_pass_when_every_known_bad_one_was_found() {
    let t = Target::StreamEnd;
    let v = verdicts(&runs(t, None));
    assert_eq!(verdict_of(&v, &design_id(t.id(), None)), Verdict::Pass);
    for d in t.known_bad() {
        assert_eq!(verdict_of(&v, &design_id(t.id(), Some(d))), Verdict::Fail);
    }
}

#[test]
fn known_bad_designs_found_only_on_start_up_inputs_or_not_searched_prove_nothing() {
    let t = Target::StreamEnd;
    let safe = design_id(t.id(), None);
    let mut early = runs(t, None);
    for r in early.iter_mut().filter(|r| r.known_bad) {
        r.found_before_mutation = Some(true);
    }
    assert_eq!(verdict_of(&verdicts(&early), &safe), Verdict::Inconclusive);
    // One found by mutation is enough.
    early[1].found_before_mutation = Some(false);
    assert_eq!(verdict_of(&verdicts(&early), &safe), Verdict::Pass);
    // A known-bad design that was not searched for at all.
    let mut unsearched = runs(t, None);
    unsearched.pop();
    assert_eq!(
        verdict_of(&verdicts(&unsearched), &safe),
        Verdict::Inconclusive
    );
}

#[test]
fn a_replay_that_fails_otherwise_is_not_reproduced() {
    let t = Target::DataLoss;
    let mut r = runs(t, None);
    let bad = r[1].designs[0].clone();
    r[1].crash.as_mut().unwrap().replay = Some(format!("{bad} broke data_loss: lost 2 of 3 items"));
    let f = Fuzz
        .run(Input::Fuzz(&r, &[]), &Options::default(), &|| {})
        .unwrap()
        .findings
        .into_iter()
        .find(|f| f.design.id == design_id(t.id(), Some(&r[1].designs[0])))
        .unwrap();
    assert_eq!(f.counterexample.unwrap().reproduced, 0);
}

#[test]
fn a_missed_known_bad_design_leaves_the_safe_run_without_evidence() {
    let t = Target::DataLoss;
    let bad = t.known_bad()[0];
    for how in [None, Some("deadly signal: timeout")] {
        let v = verdicts(&runs(t, Some((bad, how))));
        assert_eq!(
            verdict_of(&v, &design_id(t.id(), None)),
            Verdict::Inconclusive,
            "{how:?}"
        );
        let expected = match how {
            None => Verdict::Pass,
            Some(_) => Verdict::Inconclusive,
        };
        assert_eq!(verdict_of(&v, &design_id(t.id(), Some(bad))), expected);
    }
}

#[test]
fn the_strategies_set_libfuzzer_beside_each_scheduler() {
    use lab_checks::schedules::{self, Settings};
    use lab_checks::strategies::{self, FIRST, LIBFUZZER, RUNS, STRATEGY, Strategies};
    use lab_findings::Param;
    let t = Target::Schedules;
    let bad = t.known_bad();
    // The first known-bad design is not found by libFuzzer here.
    let fuzz = runs(t, Some((bad[0], None)));
    let settings = Settings {
        scripts: 20,
        runs: 1,
        seed: 7,
    };
    let earlier: Vec<_> = bad
        .iter()
        .skip(1)
        .map(|d| {
            let design = lab_designs::concurrent::by_id(d).unwrap();
            schedules::check(design, &settings, &|| {})
        })
        .collect();
    let produced = Strategies
        .run(Input::Fuzz(&fuzz, &earlier), &Options::default(), &|| {})
        .unwrap();
    // The first design has no schedules finding: named, not invented.
    assert_eq!(produced.problems.len(), 1, "{:?}", produced.problems);
    assert!(produced.problems[0].contains(bad[0]));
    assert_eq!(produced.findings.len(), bad.len() - 1);
    for f in &produced.findings {
        assert_eq!(f.check, strategies::CHECK);
        assert_eq!(f.verdict, Verdict::Measured);
        let lib = [(STRATEGY, Param::from(LIBFUZZER))];
        assert_eq!(f.value(FIRST, &lib), Some(100_000.0), "{}", f.summary);
        let fifo = [(STRATEGY, Param::from("fifo"))];
        let s = earlier.iter().find(|e| e.design.id == f.design.id).unwrap();
        let at = [(schedules::SCHEDULER, Param::from("fifo"))];
        assert_eq!(f.value(RUNS, &fifo), s.value(schedules::RUNS_METRIC, &at));
        assert_eq!(f.value(FIRST, &fifo), s.value(schedules::FIRST, &at));
    }
    // A schedules finding that counts failures but has no first failure (another
    // version's metric names) is named, not read as "none".
    let mut stale = earlier.clone();
    for f in &mut stale {
        f.figures.retain(|x| x.metric != schedules::FIRST);
    }
    let p = Strategies
        .run(Input::Fuzz(&fuzz, &stale), &Options::default(), &|| {})
        .unwrap();
    assert!(p.findings.is_empty(), "{:?}", p.findings.len());
    assert!(
        p.problems.iter().any(|x| x.contains("another version")),
        "{:?}",
        p.problems
    );
    // A libFuzzer run that did not crash shows the runs it made, and no first failure.
    let mut quiet = fuzz.clone();
    for r in &mut quiet {
        r.crash = None;
    }
    let f = &Strategies
        .run(Input::Fuzz(&quiet, &earlier), &Options::default(), &|| {})
        .unwrap()
        .findings[0];
    let lib = [(STRATEGY, Param::from(LIBFUZZER))];
    assert_eq!(f.value(FIRST, &lib), None);
    assert_eq!(f.value(RUNS, &lib), Some(100_000.0));
    assert!(
        f.summary.contains("libFuzzer none in 100000"),
        "{}",
        f.summary
    );
}

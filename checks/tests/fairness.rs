//! Fairness and starvation verdicts of every design, asserted both ways: designs whose pick
//! is fair pass, biased and chained ones are flagged with the shares measured, and every
//! design picks the way its declared model says. Each statistical test fails at p < 1e-6.

use futures::future::LocalBoxFuture;
use lab_checks::fairness::{
    self, FairnessSettings as Settings, SHARE, SOURCE, WORKLOAD, WORKLOADS, Workload,
};
use lab_checks::starvation::{self, BiasSettings, MEDIAN, POLLS, RUNTIME};
use lab_designs::concurrent::{
    self, Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink,
};
use lab_findings::{Finding, Param, Verdict, param};
use lab_workloads::{ReadSend, Source};

const SETTINGS: Settings = Settings { runs: 400, seed: 1 };

/// The designs with a drain at every workload's arity (a design without one is asserted
/// apart: not measured, with nothing declared).
fn drainable() -> impl Iterator<Item = &'static &'static dyn ConcurrentDesign> {
    concurrent::all()
        .iter()
        .filter(|d| WORKLOADS.iter().all(|w| d.arity().supports(w.k())))
}

#[test]
fn a_design_without_a_drain_is_not_measured_and_declares_nothing() {
    let d = concurrent::by_id("reference-spawn-each-operation").unwrap();
    assert!(!drainable().any(|x| x.info().id == d.info().id));
    let f = fairness::check(d, &SETTINGS, &|| {});
    assert_eq!((f.verdict, f.expected), (Verdict::NotMeasured, None));
    let settings = BiasSettings {
        runs: 20,
        tokio_runs: 4,
    };
    let f = starvation::check(d, &settings, &|| {});
    assert_eq!((f.verdict, f.expected), (Verdict::NotMeasured, None));
    // The must-complete race, the channel fan-ins (they need a spawn) and futures-lite's
    // race (its drain never ends) have no drain either; every other design drains at every
    // workload's arity.
    let none = [
        "reference-must-complete",
        "tokio-mpsc-fan-in",
        "async-channel-fan-in",
        "futures-lite-race",
    ];
    for id in none {
        let m = concurrent::by_id(id).unwrap();
        assert_eq!(
            fairness::check(m, &SETTINGS, &|| {}).verdict,
            Verdict::NotMeasured,
            "{id}"
        );
    }
    assert_eq!(
        drainable().count(),
        concurrent::all().len() - 1 - none.len()
    );
}

/// The share of `source` on `workload`.
fn share(f: &Finding, workload: &str, source: usize) -> Option<f64> {
    f.value(SHARE, &[param(WORKLOAD, workload), param(SOURCE, source)])
}

#[test]
fn fair_picks_pass_and_unfair_ones_are_flagged_in_each_workload() {
    for design in drainable() {
        let pick = design.declares().pick;
        for &w in WORKLOADS {
            let Some(fair) = fairness::expected_fair(pick, w) else {
                continue;
            };
            let a = fairness::assess(*design, w, &SETTINGS, &|| {}).unwrap();
            assert_eq!(
                a.fair(),
                fair,
                "{} at {w}: shares {:?}, p = {:e}",
                design.info().id,
                a.obs.window,
                a.window_uniform.p
            );
        }
    }
}

#[test]
fn every_design_picks_as_its_model_predicts() {
    for design in drainable() {
        for &w in WORKLOADS {
            let a = fairness::assess(*design, w, &SETTINGS, &|| {}).unwrap();
            assert!(
                a.model_holds(),
                "{} ({:?}) at {w}: window {:?} first {:?} window-p {:?} first-p {:?} seq {:?} vs {:?}",
                design.info().id,
                design.declares().pick,
                a.obs.window,
                a.obs.first,
                a.window_model.map(|f| f.p),
                a.first_model.map(|f| f.p),
                a.obs.first_window,
                a.model_sequence
            );
        }
    }
}

#[test]
fn the_findings_carry_the_declared_expectation() {
    for id in [
        "fc-merge-vec",
        "async-std-merge-chained",
        "reference-merge-first",
    ] {
        let design = concurrent::by_id(id).unwrap();
        let f = fairness::check(design, &Settings { runs: 200, seed: 2 }, &|| {});
        assert_eq!(Some(f.verdict), f.expected, "{id}: {}", f.summary);
        assert!(share(&f, "always-ready-k4", 3).is_some());
    }
    let f = fairness::check(
        concurrent::by_id("async-std-merge-chained").unwrap(),
        &SETTINGS,
        &|| {},
    );
    assert_eq!(f.verdict, Verdict::Fail);
    // Seed 002's skew: the last of four chained sources takes about half the items.
    let s3 = share(&f, "always-ready-k4", 3).unwrap();
    assert!((0.4..0.6).contains(&s3), "{s3}");
}

#[test]
fn a_finding_states_what_its_pass_means() {
    let f = fairness::check(
        concurrent::by_id("futures-select-all").unwrap(),
        &SETTINGS,
        &|| {},
    );
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.summary);
    // The verdict rests on k = 2, 3, 4, 8: each consecutive window of 4k items, the first of
    // which is the window itself.
    let tests = [2, 3, 4, 8].map(|k| 64 / (4 * k)).iter().sum::<usize>() as f64;
    let alarm = f.figures_of(fairness::VERDICT_ALARM).next().unwrap();
    assert!(
        (alarm.value - tests * 1e-6).abs() < 1e-12,
        "{}",
        alarm.value
    );
    assert_eq!(alarm.param("tests"), Some(&Param::from(tests as usize)));
    assert!(f.figures_of(fairness::MODEL_ALARM).next().is_some());
    for w in WORKLOADS {
        let skew = f
            .value("smallest skew detected", &[param(WORKLOAD, w.to_string())])
            .unwrap_or_else(|| panic!("{w}: no power figure"));
        // A round-robin repeats itself exactly from run to run: any skew would have shown.
        assert!((0.0..20.0).contains(&skew), "{w}: {skew} percentage points");
    }
    // Same-ticks counts who is served first within a tick, and says so.
    let at = [param(WORKLOAD, "same-ticks-k4"), param(SOURCE, 0)];
    assert!(f.figure("served first within a tick", &at).is_some());
    assert!(share(&f, "same-ticks-k4", 0).is_none());
    // select_all serves wakes in order, so on same-ticks its model predicts the executor's
    // wake order: that workload is not counted as compared with the model, and the
    // summary says why; every other workload is.
    assert!(
        f.summary
            .contains("not compared with the model on same-ticks-k4"),
        "{}",
        f.summary
    );
    assert!(f.summary.contains("wake order"), "{}", f.summary);
    let cell_at = [param(WORKLOAD, "same-ticks-k4")];
    assert!(
        f.figure("prediction is the executor's wake order", &cell_at)
            .is_some()
    );
    assert!(f.contradicts.is_empty(), "{:?}", f.contradicts);
}

/// Delegates to a real design but declares another pick: the model test must reject it.
struct Misdeclared(&'static dyn ConcurrentDesign, Pick);

impl Design for Misdeclared {
    fn info(&self) -> DesignInfo {
        self.0.info()
    }
}

impl ConcurrentDesign for Misdeclared {
    fn declares(&self) -> Declares {
        Declares {
            pick: self.1,
            ..self.0.declares()
        }
    }
    fn arity(&self) -> Arity {
        self.0.arity()
    }
    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        self.0.race_read_send(w)
    }
    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        self.0.drain(sources, sink)
    }
}

#[test]
fn a_wrong_model_is_rejected() {
    let k4 = Workload::AlwaysReady { k: 4 };
    let ticks = Workload::SameTicks { k: 4 };
    let early = Workload::EarlyExhausted { k: 4 };
    for (id, wrong, w) in [
        ("tokio-select", Pick::ChainRandom, k4),
        ("async-std-merge-chained", Pick::Random, k4),
        ("fc-merge-vec", Pick::ChainAlternating, k4),
        ("reference-merge-first", Pick::RoundRobin, k4),
        // Same-ticks: who is served first within a tick.
        ("futures-select-all", Pick::Biased, ticks),
        ("fc-merge-tuple", Pick::ChainAlternating, ticks),
        ("tokio-stream-merge-chained", Pick::RotatingStart, ticks),
        ("futures-stream-select-chained", Pick::ChainRandom, ticks),
        // Early exhaustion: a random start that passes the finished slot on is not a
        // swap-removing map, nor is a uniform pick.
        ("tokio-stream-map", Pick::RandomStart, early),
        ("tokio-stream-map", Pick::Random, early),
        ("tokio-select", Pick::RandomSwapRemove, early),
        ("futures-select-all", Pick::RotatingStart, early),
    ] {
        let d = Misdeclared(concurrent::by_id(id).unwrap(), wrong);
        let a = fairness::assess(&d, w, &SETTINGS, &|| {}).unwrap();
        assert!(
            !a.model_holds(),
            "{id} declared {wrong:?} was not rejected at {w}"
        );
    }
    // A rejected model is a contradiction of the design's declaration, which the report
    // lists as unexpected (and `lab report --strict` fails on).
    let d = Misdeclared(
        concurrent::by_id("tokio-select").unwrap(),
        Pick::ChainRandom,
    );
    let f = fairness::check(&d, &SETTINGS, &|| {});
    assert!(
        f.contradicts
            .iter()
            .any(|c| c.contains("ChainRandom") && c.contains("always-ready-k4")),
        "{:?}",
        f.contradicts
    );
}

#[test]
fn biased_designs_starve_and_the_tokio_budget_does_not_change_that() {
    let settings = BiasSettings {
        runs: 20,
        tokio_runs: 4,
    };
    let at = |runtime: &str| [(RUNTIME, Param::from(runtime))];
    for design in drainable() {
        let f = starvation::check(*design, &settings, &|| {});
        assert_eq!(
            Some(f.verdict),
            f.expected,
            "{}: {}",
            design.info().id,
            f.summary
        );
        let lab = f.value(MEDIAN, &at("lab")).unwrap();
        let rt = f.value(MEDIAN, &at("tokio")).unwrap();
        let polls = f.value(POLLS, &at("tokio")).unwrap();
        if design.declares().pick == Pick::Biased {
            assert_eq!((lab, rt), (0.0, 0.0), "{}", design.info().id);
        } else {
            assert!(lab > 0.0 && rt > 0.0, "{}: {}", design.info().id, f.summary);
        }
        // 512 budget-spending receives force at least 4 yields of a 128-unit budget.
        assert!(polls >= 4.0, "{}: {polls} polls", design.info().id);
    }
}

#[test]
fn no_runs_is_not_run_and_too_few_runs_are_inconclusive_never_pass() {
    let fair = concurrent::by_id("futures-select-hoisted").unwrap();
    let unfair = concurrent::by_id("reference-merge-first").unwrap();
    for design in [fair, unfair] {
        let f = fairness::check(design, &Settings { runs: 0, seed: 3 }, &|| {});
        assert_eq!(f.verdict, Verdict::NotRun, "{}: {}", f.id, f.summary);
    }
    // Ten runs test nothing (a random design can repeat itself over a few runs by chance):
    // neither a pass nor a failure on that little.
    for design in [fair, unfair] {
        let f = fairness::check(design, &Settings { runs: 10, seed: 3 }, &|| {});
        assert_eq!(f.verdict, Verdict::Inconclusive, "{}: {}", f.id, f.summary);
    }
    // From 30 runs a deterministic bias is caught, though 30 runs of a random design are
    // too few for the power a pass needs.
    let f = fairness::check(unfair, &Settings { runs: 30, seed: 3 }, &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    let f = starvation::check(
        fair,
        &BiasSettings {
            runs: 0,
            tokio_runs: 0,
        },
        &|| {},
    );
    assert_eq!(f.verdict, Verdict::NotRun, "{}", f.summary);
}

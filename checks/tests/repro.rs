//! Reproducing one finding: a rerun with the settings its reproduction records gives the
//! same verdict, the same minimal counterexample and the same figures where the design draws
//! no random numbers the lab cannot seed.

use lab_checks::property::PropertySettings;
use lab_checks::repro::{compare, rerun};
use lab_checks::{data_loss, fairness};
use lab_designs::concurrent;
use lab_findings::{Repro, Verdict};

#[test]
fn a_lossy_design_reproduces_its_counterexample() {
    let design = concurrent::by_id("futures-select-biased").unwrap();
    let settings = PropertySettings {
        cases: 200,
        sweep: 50,
        reruns: 10,
        ..PropertySettings::default()
    };
    let f = data_loss::check(design, &settings, &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    // The reproduction states cases and seed; the sample and re-run counts set by hand here
    // take their defaults in the rerun, so only what does not depend on them must agree.
    let again = rerun(&f, &|| {}).unwrap();
    let c = compare(&f, &again);
    assert!(c.same_verdict(), "{c:?}");
    assert_eq!(c.same_counterexample, Some(true), "{c:?}");
    let (failed, reruns) = c.reproduced.unwrap();
    assert_eq!(failed, reruns, "a biased select! fails every re-run");
}

#[test]
fn a_deterministic_design_reproduces_every_figure() {
    let design = concurrent::by_id("fc-merge-vec").unwrap();
    let settings = fairness::FairnessSettings { runs: 40, seed: 9 };
    let f = fairness::check(design, &settings, &|| {});
    let again = rerun(&f, &|| {}).unwrap();
    let c = compare(&f, &again);
    assert!(c.same_verdict(), "{c:?}");
    assert!(c.moved.is_empty(), "{:?}", c.moved);
    assert_eq!(c.identical_figures, f.figures.len());
}

#[test]
fn a_benchmark_finding_points_at_its_command() {
    let mut f = fairness::check(
        concurrent::by_id("fc-merge-vec").unwrap(),
        &fairness::FairnessSettings { runs: 0, seed: 0 },
        &|| {},
    );
    f.repro = Repro::Callgrind;
    let err = rerun(&f, &|| {}).unwrap_err();
    assert!(err.contains("lab-icount"), "{err}");
}

//! Comparing two runs: a flipped verdict, a figure that moved beyond its interval, one that
//! moved inside it, a count beyond its recount difference, added and gone findings.

use std::fs;
use std::path::Path;

use lab_findings::{DesignRef, Env, Figure, Finding, Repro, RunRecord, Verdict};

fn finding(check: &str, design: &str, verdict: Verdict, figures: Vec<Figure>) -> Finding {
    let mut f = Finding::measured(
        "concurrent",
        check,
        DesignRef {
            id: design.into(),
            krate: "futures".into(),
            version: "0.3.34".into(),
            construct: String::new(),
            summary: String::new(),
        },
        String::new(),
        figures,
        Repro::Callgrind,
    );
    f.verdict = verdict;
    f
}

fn timed(mean: f64, lo: f64, hi: f64) -> Vec<Figure> {
    vec![
        Figure::new("ns/item", mean, "ns").at("n", 8),
        Figure::new("ns/item, CI low", lo, "ns").at("n", 8),
        Figure::new("ns/item, CI high", hi, "ns").at("n", 8),
    ]
}

fn counted(v: f64, recount: f64) -> Vec<Figure> {
    vec![
        Figure::new("instructions/line", v, "instructions"),
        Figure::new("recount difference", recount, "instructions per line"),
    ]
}

/// Folders for the two runs and the comparison.
fn dirs() -> [tempfile::TempDir; 3] {
    [(); 3].map(|()| tempfile::tempdir().unwrap())
}

fn save(dir: &Path, findings: Vec<Finding>, commit: &str) {
    let mut r = RunRecord::new(Env {
        commit: commit.into(),
        ..Env::default()
    });
    r.upsert(findings);
    fs::write(
        dir.join("findings.json"),
        serde_json::to_string(&r).unwrap(),
    )
    .unwrap();
}

#[test]
fn only_what_moved_beyond_noise_is_reported_as_moved() {
    let [a, b, out] = dirs();
    save(
        a.path(),
        vec![
            finding("data-loss", "flips", Verdict::Pass, vec![]),
            finding(
                "throughput",
                "faster",
                Verdict::Measured,
                timed(20.0, 19.0, 21.0),
            ),
            finding(
                "throughput",
                "noisy",
                Verdict::Measured,
                timed(20.0, 18.0, 22.0),
            ),
            finding(
                "iter-instructions",
                "counted",
                Verdict::Measured,
                counted(500.0, 2.0),
            ),
            finding(
                "iter-instructions",
                "steady",
                Verdict::Measured,
                counted(500.0, 2.0),
            ),
            finding("data-loss", "gone", Verdict::Pass, vec![]),
        ],
        "aaaa",
    );
    save(
        b.path(),
        vec![
            finding("data-loss", "flips", Verdict::Fail, vec![]),
            finding(
                "throughput",
                "faster",
                Verdict::Measured,
                timed(15.0, 14.5, 15.5),
            ),
            finding(
                "throughput",
                "noisy",
                Verdict::Measured,
                timed(19.0, 17.5, 20.5),
            ),
            finding(
                "iter-instructions",
                "counted",
                Verdict::Measured,
                counted(505.0, 1.0),
            ),
            finding(
                "iter-instructions",
                "steady",
                Verdict::Measured,
                counted(501.0, 2.0),
            ),
            finding("data-loss", "added", Verdict::Pass, vec![]),
        ],
        "bbbb",
    );
    let c = lab_reports::compare(a.path(), b.path(), out.path()).unwrap();
    let d = &c.diff;
    assert_eq!(d.flipped.len(), 1);
    assert_eq!(d.flipped[0].id, "concurrent/data-loss/flips");
    let moved: Vec<(&str, &str)> = d
        .moved
        .iter()
        .map(|m| (m.id.as_str(), m.why.as_str()))
        .collect();
    assert_eq!(
        moved,
        [
            ("concurrent/throughput/faster", "intervals disjoint"),
            (
                "concurrent/iter-instructions/counted",
                "beyond the recount difference"
            ),
        ]
    );
    assert!(
        d.changed.is_empty(),
        "every figure here has its noise measured"
    );
    assert_eq!(d.added, ["concurrent/data-loss/added"]);
    assert_eq!(d.gone, ["concurrent/data-loss/gone"]);
    assert_eq!(
        d.unchanged, 2,
        "noisy and steady moved only inside their noise"
    );
    let md = fs::read_to_string(&c.markdown).unwrap();
    assert!(md.contains("aaaa") && md.contains("bbbb"));
    assert!(
        md.contains("| `concurrent/data-loss/flips` | pass | **fail** |"),
        "{md}"
    );
    let html = fs::read_to_string(&c.html).unwrap();
    assert!(html.contains("faster") && !html.contains("noisy"));
}

#[test]
fn a_figure_without_measured_noise_is_changed_not_moved() {
    let [a, b, out] = dirs();
    let share = |v: f64| vec![Figure::new("share", v, "of items").at("source", 0)];
    save(
        a.path(),
        vec![finding("fairness", "random", Verdict::Pass, share(0.50))],
        "a",
    );
    save(
        b.path(),
        vec![finding("fairness", "random", Verdict::Pass, share(0.51))],
        "b",
    );
    let d = lab_reports::compare(a.path(), b.path(), out.path())
        .unwrap()
        .diff;
    assert!(d.moved.is_empty());
    assert_eq!(d.changed.len(), 1);
    assert_eq!(d.changed[0].why, "no noise measured");
}

#[test]
fn a_ratio_is_not_judged_by_the_recount_and_figures_on_one_side_are_changes() {
    let [a, b, out] = dirs();
    let with_ratio = |v: f64, ratio: f64| {
        let mut f = counted(v, 3.0);
        f.push(Figure::new("ratio to floor", ratio, "×"));
        f
    };
    let before = vec![Figure::new("share", 0.5, "of items").at("source", 0)];
    let after = vec![Figure::new("share", 0.5, "of items").at("source", 1)];
    save(
        a.path(),
        vec![
            finding(
                "iter-instructions",
                "r",
                Verdict::Measured,
                with_ratio(500.0, 1.2),
            ),
            finding("fairness", "moved-source", Verdict::Pass, before),
        ],
        "a",
    );
    save(
        b.path(),
        vec![
            finding(
                "iter-instructions",
                "r",
                Verdict::Measured,
                with_ratio(501.0, 1.6),
            ),
            finding("fairness", "moved-source", Verdict::Pass, after),
        ],
        "b",
    );
    let d = lab_reports::compare(a.path(), b.path(), out.path())
        .unwrap()
        .diff;
    assert!(d.moved.is_empty(), "500 → 501 is inside the recount of 3");
    let changed: Vec<(&str, &str)> = d
        .changed
        .iter()
        .map(|m| (m.figure.as_str(), m.why.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            ("ratio to floor", "no noise measured"),
            ("share (source=0)", "only before"),
            ("share (source=1)", "only after"),
        ]
    );
    assert_eq!(d.unchanged, 0);
}

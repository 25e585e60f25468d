//! Rendering from findings.json: partial results say what is missing and still render the
//! rest; every finding has an anchor; bad input gets a clear error.

use std::fs;
use std::path::Path;

use lab_checks::section::{self, Column, Facts, Table};
use lab_checks::{Check, CheckInfo, Input, Kind, Options, Produced};
use lab_findings::{
    Counterexample, DesignRef, Env, Figure, Finding, NotMeasured, Number, Repro, Requested,
    RunRecord, Verdict,
};

fn finding(check: &str, design: &str, verdict: Verdict, summary: &str) -> Finding {
    Finding {
        id: Finding::make_id("concurrent", check, design),
        question: "concurrent".into(),
        check: check.into(),
        design: DesignRef {
            id: design.into(),
            krate: "futures".into(),
            version: "0.3.34".into(),
            construct: "futures::select!".into(),
            summary: "a design".into(),
        },
        verdict,
        expected: (verdict != Verdict::Measured).then_some(Verdict::Fail),
        summary: summary.into(),
        figures: vec![Figure::new(
            "workloads losing data",
            37.5,
            "% of 1000 sampled",
        )],
        not_measured: Vec::new(),
        contradicts: Vec::new(),
        cases: Some(12),
        seed: Some(7),
        counterexample: (verdict == Verdict::Fail).then(|| Counterexample {
            search: None,
            input: "file batches: [t=0: s0#0]".into(),
            failure: "lost 1 of 2 items: s0#0".into(),
            data: serde_json::json!({}),
            reproduced: 9,
            reruns: 20,
        }),
        repro: Repro::check(check, Some(design)),
    }
}

fn write(dir: &Path, record: &RunRecord) {
    fs::write(
        dir.join("findings.json"),
        serde_json::to_string(record).unwrap(),
    )
    .unwrap();
}

#[test]
fn partial_results_render_and_say_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut record = RunRecord::new(Env::default());
    record.request(Requested {
        question: "concurrent".into(),
        check: "data-loss".into(),
        designs: vec!["lossy".into(), "never-ran".into()],
    });
    record.upsert([
        finding("data-loss", "lossy", Verdict::Fail, "loses <b>data</b>"),
        finding("data-loss", "surprise", Verdict::Pass, "passes"),
    ]);
    record
        .problems
        .push("throughput: drain-n8/sync-floor missing".into());
    write(dir.path(), &record);

    let r = lab_reports::render(dir.path()).unwrap();
    assert_eq!(
        r.missing[..2],
        [
            "throughput: drain-n8/sync-floor missing",
            "no result for concurrent/data-loss/never-ran (it was requested)",
        ]
    );
    // Every other known check is listed as not run, and data-loss (which ran) is not.
    let not_run: Vec<&str> = r.missing[2..]
        .iter()
        .map(|m| {
            m.strip_suffix(" was not run in this run (`just bench` runs it)")
                .or_else(|| m.strip_suffix(" was not run in this run (`just fuzz` runs it)"))
                .unwrap()
        })
        .collect();
    assert!(not_run.contains(&"concurrent/throughput"));
    assert!(not_run.contains(&"iterator/cancellation"));
    assert!(not_run.contains(&"fuzzing/fuzz"));
    assert!(!not_run.contains(&"concurrent/data-loss"));
    assert_eq!(
        r.unexpected,
        ["concurrent/data-loss/surprise: pass (expected fail)"]
    );

    let html = fs::read_to_string(&r.html).unwrap();
    assert!(html.contains(r#"id="concurrent--data-loss--lossy""#));
    assert!(html.contains(r##"href="#concurrent--data-loss--surprise""##));
    // minijinja escapes `/` in HTML; the browser shows it as-is.
    assert!(html.contains("data-loss/never-ran (it was requested)"));
    assert!(
        html.contains("loses &lt;b&gt;data&lt;"),
        "summaries are escaped"
    );
    assert!(html.contains("failed again in 9 of 20 re-runs"));
    assert!(html.contains("<svg"), "the data-loss chart is inline");
    assert!(html.contains("37.5"));
    let md = fs::read_to_string(&r.markdown).unwrap();
    assert!(md.contains("| `concurrent/data-loss/lossy` |"));
    assert!(md.contains("### Missing from this run"));
}

#[test]
fn a_missing_findings_file_names_the_path_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let err = format!("{:#}", lab_reports::render(dir.path()).err().unwrap());
    assert!(err.contains("findings.json"), "{err}");
    assert!(err.contains("run `just bench`"), "{err}");
}

#[test]
fn unreadable_and_foreign_records_are_refused_clearly_and_overwrite_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("index.html"), "an earlier page").unwrap();
    fs::write(dir.path().join("findings.json"), "[1, 2").unwrap();
    let err = format!("{:#}", lab_reports::render(dir.path()).err().unwrap());
    assert!(
        err.contains("findings.json is not a valid run record"),
        "{err}"
    );

    let mut record = RunRecord::new(Env::default());
    record.schema = 99;
    write(dir.path(), &record);
    let err = format!("{:#}", lab_reports::render(dir.path()).err().unwrap());
    assert!(err.contains("findings.json has schema 99"), "{err}");
    assert!(err.contains("this lab reads schema 2"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("index.html")).unwrap(),
        "an earlier page",
        "a refused record must leave the earlier page alone"
    );
}

/// A record with three findings, pretty-printed as the lab writes it.
fn three_findings() -> String {
    let mut record = RunRecord::new(Env::default());
    record.scope.push("quick mode".into());
    record.upsert([
        finding("data-loss", "first", Verdict::Pass, "kept"),
        finding("data-loss", "second", Verdict::Fail, "kept too"),
        finding("data-loss", "third", Verdict::Pass, "after the cut"),
    ]);
    serde_json::to_string_pretty(&record).unwrap()
}

#[test]
fn a_truncated_record_renders_what_precedes_the_cut_and_says_where_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let text = three_findings();
    let cut = text.find("\"id\": \"concurrent/data-loss/third\"").unwrap() + 10;
    fs::write(dir.path().join("findings.json"), &text[..cut]).unwrap();
    let r = lab_reports::render(dir.path()).unwrap();
    assert_eq!(r.unreadable.len(), 1, "{:?}", r.unreadable);
    let problem = &r.unreadable[0];
    assert!(
        problem.contains("findings.json is truncated at line"),
        "{problem}"
    );
    assert!(
        problem.contains("the 2 findings before that point"),
        "{problem}"
    );
    let html = fs::read_to_string(&r.html).unwrap();
    assert!(html.contains("id=\"concurrent--data-loss--first\""));
    assert!(html.contains("id=\"concurrent--data-loss--second\""));
    assert!(!html.contains("id=\"concurrent--data-loss--third\""));
    assert!(html.contains("could not be read"));
    // The scope is written before the findings, so a cut keeps "a narrowed run".
    assert!(
        html.contains("A narrowed run:</strong> quick mode"),
        "the cut lost the scope"
    );
    assert!(
        fs::read_to_string(&r.markdown)
            .unwrap()
            .contains("truncated at line")
    );
}

#[test]
fn a_hand_edited_finding_is_left_out_by_name_and_the_rest_renders() {
    let dir = tempfile::tempdir().unwrap();
    let text = three_findings().replacen("\"verdict\": \"fail\"", "\"verdict\": \"failed\"", 1);
    fs::write(dir.path().join("findings.json"), text).unwrap();
    let r = lab_reports::render(dir.path()).unwrap();
    assert_eq!(r.unreadable.len(), 1, "{:?}", r.unreadable);
    let problem = &r.unreadable[0];
    assert!(
        problem.contains("findings #1 (concurrent/data-loss/second)"),
        "{problem}"
    );
    assert!(problem.contains("unknown variant `failed`"), "{problem}");
    let html = fs::read_to_string(&r.html).unwrap();
    assert!(html.contains("id=\"concurrent--data-loss--first\""));
    assert!(html.contains("id=\"concurrent--data-loss--third\""));
    assert!(!html.contains("id=\"concurrent--data-loss--second\""));
}

#[test]
fn a_partial_run_says_so_at_the_top_and_not_run_is_no_pass() {
    let dir = tempfile::tempdir().unwrap();
    let mut record = RunRecord::new(Env::default());
    record.scope.push("only the designs lossy".into());
    record.upsert([finding(
        "data-loss",
        "lossy",
        Verdict::NotRun,
        "not run: 0 cases",
    )]);
    write(dir.path(), &record);
    let r = lab_reports::render(dir.path()).unwrap();
    let html = fs::read_to_string(&r.html).unwrap();
    let top = &html[..html.find("id=\"claims\"").unwrap()];
    assert!(
        top.contains("A narrowed run:</strong> only the designs lossy"),
        "{top}"
    );
    assert!(html.contains("v-not-run"));
    let md = fs::read_to_string(&r.markdown).unwrap();
    assert!(
        md.contains("**A narrowed run:** only the designs lossy"),
        "{md}"
    );
    // Declared fail, measured not-run: flagged as missing, never read as agreement, and
    // not as a contradiction either (nothing was decided).
    assert!(r.unexpected.is_empty(), "{:?}", r.unexpected);
    assert!(
        r.missing
            .iter()
            .any(|m| m
                .contains("concurrent/data-loss/lossy: not-run — nothing decided (declared fail)")),
        "{:?}",
        r.missing
    );
}

/// A check the lab does not have: one figure per finding, a table column and a chart.
struct Echo;

impl Check for Echo {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: "echo",
            question: "toy",
            kind: Kind::Whole,
            about: "echoes a number",
            title: "Echo: a registered toy check",
        }
    }

    fn designs(&self) -> Vec<String> {
        vec!["one".into()]
    }
    fn run(&self, _: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        Ok(Produced::default())
    }
    fn intro(&self, f: &Facts) -> String {
        format!("Echoed {} times.", f.s("times"))
    }
    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[Column::new("loudness at n=3", "loudness").at("n", 3)],
        ))
    }
    fn charts(&self, findings: &[&Finding]) -> Vec<section::Chart> {
        vec![section::bars(
            findings,
            "Loudness",
            "dB",
            "loudness",
            &[("n", 3.into())],
        )]
    }
}

#[test]
fn a_new_check_is_one_impl_and_one_registry_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut record = RunRecord::new(Env::default());
    record.record_settings("toy", "echo", [("times", Number::Int(4))]);
    record.upsert([Finding::new(
        "toy",
        "echo",
        DesignRef {
            id: "one".into(),
            krate: "lab".into(),
            version: "0".into(),
            construct: "echo".into(),
            summary: String::new(),
        },
        Verdict::Measured,
        "echoed".into(),
        vec![Figure::new("loudness", 61.5, "dB").at("n", 3)],
        Repro::check("echo", None),
    )]);
    write(dir.path(), &record);
    let r = lab_reports::render_with(dir.path(), &[&Echo]).unwrap();
    let html = fs::read_to_string(&r.html).unwrap();
    assert!(html.contains(r#"<h2 id="toy--echo">Echo: a registered toy check</h2>"#));
    assert!(html.contains("Echoed 4 times."));
    assert!(
        html.contains("<th>loudness at n=3</th>"),
        "the check's own column"
    );
    assert!(
        // Table cells leave out their optional end tags (the template says why).
        html.contains("<td>61.5\n") || html.contains("<td>61.5<"),
        "its cell, from the typed figure"
    );
    assert!(
        html.contains("loudness (n=3)"),
        "the figure with its parameter"
    );
    assert!(html.contains("<svg"), "its chart");
    assert!(html.contains("check --check echo"), "its reproduction");
    assert!(r.missing.is_empty(), "{:?}", r.missing);
}

#[test]
fn what_was_not_measured_is_said_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut record = RunRecord::new(Env::default());
    let mut f = finding(
        "data-loss",
        "lossy",
        Verdict::NotMeasured,
        "not measured: x",
    );
    f.figures.clear();
    f.expected = None;
    f.not_measured = vec![NotMeasured::new("items lost", "the drain deadlocked").at("n", 2)];
    record.upsert([f]);
    write(dir.path(), &record);
    let html = fs::read_to_string(lab_reports::render(dir.path()).unwrap().html).unwrap();
    assert!(html.contains("v-not-measured"));
    assert!(
        html.contains("items lost (n=2): the drain deadlocked"),
        "{html}"
    );
}

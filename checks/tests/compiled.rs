//! The compile checks read trybuild's results both ways: what compiled is a figure whatever
//! the case declared, a case that did not do as declared is a contradiction, and a result
//! naming a design the check does not know is a problem.

use lab_checks::check::{Check, Input, Options};
use lab_checks::compiled::{CASE, COMPILES};
use lab_checks::iteration::expressible::{Expressible, lends};
use lab_findings::compile::CompileRun;

fn run(file: &str, designs: &[&str], must_compile: bool, compiled: bool) -> CompileRun {
    CompileRun {
        file: file.into(),
        item: "lending".into(),
        designs: designs.iter().map(|d| d.to_string()).collect(),
        must_compile,
        compiled: Some(compiled),
        ran: compiled.then_some(true),
        snapshot_matched: (!compiled).then_some(true),
        error: (!compiled).then(|| "error[E0515]: cannot return value".into()),
        commit: None,
        dirty: false,
        rustc: "rustc".into(),
    }
}

#[test]
fn what_compiled_is_measured_and_a_false_declaration_contradicted() {
    let runs = [
        run("lending/sequential.rs", &["sequential"], true, true),
        // Declared to compile, rejected by rustc.
        run("lending/buffered.rs", &["buffered-8"], true, false),
        run("lending/x.rs", &["no-such-design"], false, false),
        // trybuild could not build it: not judged.
        CompileRun {
            compiled: None,
            snapshot_matched: None,
            error: None,
            ..run("lending/two_alive.rs", &["fc-co-limit-8"], false, false)
        },
        // Rejected, but not with its snapshot's errors: a figure, and a contradiction.
        CompileRun {
            snapshot_matched: Some(false),
            ..run("lending/two_alive.rs", &["fc-co-unbounded"], false, false)
        },
    ];
    let produced = Expressible
        .run(Input::Compile(&runs), &Options::default(), &|| {})
        .unwrap();
    let get = |d: &str| produced.findings.iter().find(|f| f.design.id == d).unwrap();
    let seq = get("sequential");
    assert_eq!(lends(seq, "sequential.rs"), Some(true));
    assert!(seq.contradicts.is_empty());
    let buffered = get("buffered-8");
    assert_eq!(lends(buffered, "buffered.rs"), Some(false));
    assert_eq!(
        buffered.value(COMPILES, &[(CASE, "lending/buffered.rs".into())]),
        Some(0.0)
    );
    assert!(
        buffered.summary.contains("rejected (error[E0515]"),
        "{}",
        buffered.summary
    );
    assert_eq!(buffered.contradicts.len(), 1, "{:?}", buffered.contradicts);
    assert!(
        produced
            .problems
            .iter()
            .any(|p| p.contains("no-such-design"))
    );
    let unjudged = get("fc-co-limit-8");
    assert_eq!(lends(unjudged, "two_alive.rs"), None);
    assert!(
        unjudged.summary.contains("not judged"),
        "{}",
        unjudged.summary
    );
    assert!(unjudged.contradicts[0].contains("not judged"));
    assert_eq!(unjudged.cases, Some(0));
    let mismatched = get("fc-co-unbounded");
    assert_eq!(lends(mismatched, "two_alive.rs"), Some(false));
    assert!(mismatched.contradicts[0].contains("differ from its snapshot"));
    // Designs without a case get no finding (the import names them as missing).
    assert_eq!(produced.findings.len(), 4);
}

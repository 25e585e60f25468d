//! What the compile checks share: reading trybuild's per-case results
//! ([`CompileRun`], from `expressible/`) into one finding per design — which of its
//! constructs compiled, which were rejected and with what error, and whether trybuild
//! confirmed each case as declared.

use lab_findings::compile::CompileRun;
use lab_findings::{DesignRef, Figure, Finding, Repro};

use crate::check::Produced;

/// 1 when the case compiled and ran, 0 when rustc rejected it with the snapshot's errors;
/// absent when neither.
pub const COMPILES: &str = "compiles";
/// The figures' parameter: the case file.
pub const CASE: &str = "case";

/// How one case read: "compiles", or "rejected (error[E…]: …)" with the snapshot's first
/// error where rustc's output matched the snapshot.
pub fn outcome(run: &CompileRun) -> String {
    match (run.outcome(), &run.error) {
        (Some(true), _) => "compiles".into(),
        (Some(false), Some(e)) => format!("rejected ({e})"),
        (Some(false), None) => "rejected".into(),
        (None, _) => "not judged: it did not compile and run, and rustc's output differs from its snapshot (other errors, or a panic at run time)".into(),
    }
}

/// One finding per design in `designs` from the runs naming it.
/// A design none of the runs names is left out (the import reports it as missing); a run
/// naming a design not in `designs` is a problem (a stale results file).
pub fn findings(
    runs: &[CompileRun],
    question: &str,
    check: &str,
    designs: &[DesignRef],
) -> Produced {
    let mut produced = Produced::default();
    for r in runs {
        for d in &r.designs {
            if !designs.iter().any(|x| &x.id == d) {
                produced.problems.push(format!(
                    "compile case {} names {d}, which {check} does not check",
                    r.file
                ));
            }
        }
    }
    for design in designs {
        let mine: Vec<&CompileRun> = runs
            .iter()
            .filter(|r| r.designs.contains(&design.id))
            .collect();
        if mine.is_empty() {
            continue;
        }
        // Only what rustc is known to have done becomes a figure.
        let figures = mine
            .iter()
            .filter_map(|r| {
                let compiled = r.outcome()?;
                Some(
                    Figure::new(COMPILES, f64::from(u8::from(compiled)), "")
                        .at(CASE, r.file.as_str()),
                )
            })
            .collect();
        let parts: Vec<String> = mine
            .iter()
            .map(|r| format!("{}: {}", r.file, outcome(r)))
            .collect();
        let mut f = Finding::measured(
            question,
            check,
            design.clone(),
            parts.join("; "),
            figures,
            Repro::Compile,
        );
        f.contradicts = mine
            .iter()
            .filter(|r| !r.confirmed())
            .map(|r| match (r.must_compile, r.compiled) {
                (true, false) => format!("{} was declared to compile; rustc rejected it", r.file),
                (false, true) => format!("{} was declared rejected; it compiled", r.file),
                _ => format!("{}: rustc's errors differ from its snapshot", r.file),
            })
            .collect();
        f.cases = Some(mine.len() as u64);
        produced.findings.push(f);
    }
    produced
}

/// Whether the finding's case `file` compiled; `None` if it has no such case.
pub fn compiled(f: &Finding, file: &str) -> Option<bool> {
    f.value(COMPILES, &[(CASE, file.into())]).map(|v| v == 1.0)
}

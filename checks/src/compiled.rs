//! What the compile checks share: reading trybuild's per-case results
//! ([`CompileRun`], from `expressible/`) into one finding per design — which of its
//! constructs compiled, which were rejected and with what error, and whether trybuild
//! confirmed each case as declared.

use lab_findings::compile::CompileRun;
use lab_findings::{DesignRef, Figure, Finding, Repro};

use crate::check::Produced;

/// 1 when rustc accepted the case, 0 when it rejected it; absent when trybuild could not
/// tell.
pub const COMPILES: &str = "compiles";
/// The figures' parameter: the case file.
pub const CASE: &str = "case";

/// How one case read: "compiles", "rejected (error[E…]: …)", or "not judged".
pub fn outcome(run: &CompileRun) -> String {
    match (run.compiled, &run.error) {
        (Some(true), _) => "compiles".into(),
        (Some(false), Some(e)) => format!("rejected ({e})"),
        (Some(false), None) => "rejected".into(),
        (None, _) => "not judged: trybuild could not build it".into(),
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
                let compiled = r.compiled?;
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
                (_, None) => format!(
                    "{}: trybuild could not build it, so it is not judged",
                    r.file
                ),
                (true, Some(false)) => {
                    format!("{} was declared to compile; rustc rejected it", r.file)
                }
                (false, Some(true)) => format!("{} was declared rejected; it compiled", r.file),
                (true, Some(true)) => format!(
                    "{} compiled, but its program did not run to the end",
                    r.file
                ),
                (false, Some(false)) => {
                    format!("{}: rustc's errors differ from its snapshot", r.file)
                }
            })
            .collect();
        f.cases = Some(mine.iter().filter(|r| r.compiled.is_some()).count() as u64);
        produced.findings.push(f);
    }
    produced
}

/// Whether the finding's case `file` compiled; `None` if it has no such case.
pub fn compiled(f: &Finding, file: &str) -> Option<bool> {
    f.value(COMPILES, &[(CASE, file.into())]).map(|v| v == 1.0)
}

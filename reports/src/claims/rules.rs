//! Rules the seeds' claims share: a set of named findings with the verdicts a claim predicts.

use lab_findings::Verdict;

use super::{Lookup, NOT_MEASURED, refs};

/// One finding a claim rests on and the verdict the claim predicts for it.
pub type Expect<'a> = (&'a str, &'a str, &'a str, Verdict);

/// A universal claim over `expect`: not supported if any finding decided otherwise than
/// predicted (one counterexample refutes it), else not measured if any is missing or
/// undecided (a deadlock, a step budget, too few cases), else supported; a claim over no
/// findings at all is not measured. Returns the status, the verdicts as evidence, and the
/// findings.
pub fn verdicts(l: &Lookup, expect: &[Expect]) -> (&'static str, String, Vec<(String, String)>) {
    judge(l, expect, false)
}

/// [`verdicts`] over checks whose deadlock is their measured outcome (the permit deadlock:
/// the executor's `Deadlock` is what the check looks for), so a deadlock decides like a
/// pass or a fail.
pub fn deadlock_decides(
    l: &Lookup,
    expect: &[Expect],
) -> (&'static str, String, Vec<(String, String)>) {
    judge(l, expect, true)
}

fn judge(
    l: &Lookup,
    expect: &[Expect],
    deadlock_decides: bool,
) -> (&'static str, String, Vec<(String, String)>) {
    let found: Vec<_> = expect.iter().map(|(q, c, d, _)| l.find(q, c, d)).collect();
    let decided: Vec<Option<Verdict>> = found
        .iter()
        .map(|f| {
            f.map(|f| f.verdict).filter(|v| {
                matches!(v, Verdict::Pass | Verdict::Fail)
                    || (deadlock_decides && *v == Verdict::Deadlock)
            })
        })
        .collect();
    let status = if expect.is_empty() {
        NOT_MEASURED
    } else if expect
        .iter()
        .zip(&decided)
        .any(|(e, v)| v.is_some_and(|v| v != e.3))
    {
        "not supported"
    } else if decided.iter().any(Option::is_none) {
        NOT_MEASURED
    } else {
        "supported"
    };
    let evidence = grouped(expect, &found);
    (status, evidence, refs(&found))
}

/// [`verdicts`] with controls: designs known to break the property must fail the same
/// check in the same run, or the claim is not measured (the check did not show here that
/// it can fail).
pub fn controlled(
    l: &Lookup,
    expect: &[Expect],
    controls: &[Expect],
) -> (&'static str, String, Vec<(String, String)>) {
    let (status, evidence, mut found) = verdicts(l, expect);
    let (control_status, control_evidence, control_found) = verdicts(l, controls);
    found.extend(control_found);
    let status = if control_status == "supported" {
        status
    } else {
        NOT_MEASURED
    };
    (
        status,
        format!("{evidence}; the control: {control_evidence}"),
        found,
    )
}

/// The same `check` over several `designs`, all predicted `verdict`.
pub fn all<'a>(
    question: &'a str,
    check: &'a str,
    designs: &[&'a str],
    verdict: Verdict,
) -> Vec<Expect<'a>> {
    designs
        .iter()
        .map(|d| (question, check, *d, verdict))
        .collect()
}

/// "check verdict as predicted: a, b; check: d pass (predicted fail); e not in this run",
/// grouped so that a claim over many designs stays one line.
fn grouped(expect: &[Expect], found: &[Option<&lab_findings::Finding>]) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    let mut odd: Vec<String> = Vec::new();
    for ((_, check, design, want), f) in expect.iter().zip(found) {
        match f {
            Some(f) if f.verdict == *want => {
                let key = format!("{check} {want} as predicted");
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, ds)) => ds.push(design),
                    None => groups.push((key, vec![design])),
                }
            }
            Some(f) => odd.push(format!("{design} {check} {} (predicted {want})", f.verdict)),
            None => odd.push(format!("{design} {check} not in this run")),
        }
    }
    groups
        .into_iter()
        .map(|(k, ds)| format!("{k}: {}", ds.join(", ")))
        .chain(odd)
        .collect::<Vec<_>>()
        .join("; ")
}

//! Seed 003's detached-execution and structured-concurrency claims, judged from the
//! structured question's reopen check: reopen failures, closes still running when the
//! design returned, and close errors lost.

use lab_checks::STRUCTURED;
use lab_checks::structured::reopen::{CHECK, CLOSE, RATE, RATE_BY_CLOSE, RUNNING, SCHEDULES};
use lab_findings::Verdict;

use super::rules::{self, Expect};
use super::{Claim, Lookup, fmt};

pub const DETACHED: [&str; 2] = ["detached-drop-spawn", "detached-drop-tokio"];
pub const SCOPED: [&str; 4] = [
    "explicit-close",
    "reference-scope",
    "tokio-join-set-group",
    "futures-unordered-group",
];
pub const SHIM: &str = "reference-scope";

fn expect() -> Vec<Expect<'static>> {
    let mut e = rules::all(STRUCTURED, CHECK, &DETACHED, Verdict::Fail);
    e.extend(rules::all(STRUCTURED, CHECK, &SCOPED, Verdict::Pass));
    e
}

fn figures(l: &Lookup, metric: &str, designs: &[&str]) -> String {
    designs
        .iter()
        .map(|d| {
            let v = l
                .find(STRUCTURED, CHECK, d)
                .and_then(|f| f.value(metric, &[]));
            format!("{d} {}", fmt(v))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn value(l: &Lookup, metric: &str, d: &str) -> Option<f64> {
    l.find(STRUCTURED, CHECK, d)?.value(metric, &[])
}

/// Detached closes make the reopen fail in some schedules; structured ones in none.
/// "Non-deterministically" holds for a detached design with both results reachable for one
/// close outcome (its share strictly between 0 and 1); one that fails in every schedule of
/// an outcome fails deterministically there.
pub fn reopen_fails(l: &Lookup, claim: Claim) -> Claim {
    let (status, evidence, found) = rules::verdicts(l, &expect());
    let some_random = DETACHED.iter().any(|d| {
        ["succeeds", "fails"].iter().any(|c| {
            l.find(STRUCTURED, CHECK, d)
                .and_then(|f| f.value(RATE_BY_CLOSE, &[(CLOSE, (*c).into())]))
                .is_some_and(|r| r > 0.0 && r < 1.0)
        })
    });
    let status = match status {
        "supported" if some_random => "supported",
        "supported" => "partly supported",
        other => other,
    };
    claim.judged(
        status,
        format!(
            "{evidence}. Share of schedules in which the reopen failed: {}; structured: {}",
            figures(l, RATE, &DETACHED),
            figures(l, RATE, &SCOPED)
        ),
        found,
    )
}

/// No structured design's close was still running when it returned; a detached one's was.
pub fn no_outliving(l: &Lookup, claim: Claim) -> Claim {
    let (status, evidence, found) = rules::verdicts(l, &expect());
    let running = |ds: &[&str]| {
        ds.iter()
            .map(|d| value(l, RUNNING, d))
            .collect::<Option<Vec<_>>>()
    };
    let status = match (status, running(&SCOPED), running(&DETACHED)) {
        ("supported", Some(s), Some(d))
            if s.iter().all(|x| *x == 0.0) && d.iter().all(|x| *x > 0.0) =>
        {
            "supported"
        }
        ("supported", Some(_), Some(_)) => "not supported",
        ("supported", _, _) => super::NOT_MEASURED,
        (other, _, _) => other,
    };
    claim.judged(
        status,
        format!(
            "{evidence}. Schedules with the close still running when the design returned: {}; \
             detached: {}",
            figures(l, RUNNING, &SCOPED),
            figures(l, RUNNING, &DETACHED)
        ),
        found,
    )
}

/// The lab's scope, a shim over FuturesUnordered on the lab executor inside tokio's
/// LocalSet, passes where a detached design in the same run fails: partly, since a scope
/// cancelled mid-use is not measured (a close spawned while it is dropped is refused).
pub fn shim(l: &Lookup, claim: Claim) -> Claim {
    let (status, evidence, found) = rules::controlled(
        l,
        &[(STRUCTURED, CHECK, SHIM, Verdict::Pass)],
        &[(STRUCTURED, CHECK, DETACHED[0], Verdict::Fail)],
    );
    let status = match status {
        "supported" => "partly supported",
        other => other,
    };
    claim.judged(
        status,
        format!(
            "{evidence}. The shim is the lab's reference scope (its children polled by a \
             FuturesUnordered inside the scope's own future), run on the lab executor inside a \
             tokio LocalSet ({} schedules of the lab's choices); a scope cancelled mid-use is \
             not measured",
            fmt(value(l, SCHEDULES, SHIM))
        ),
        found,
    )
}

//! Seed 003's starvation claims, judged from the awaiting-body question: which designs
//! leave in-flight work unpolled while the loop body awaits (resume delay, permit
//! deadlock), which remedies avoid it, and what spawning costs in allocations.

use lab_checks::AWAITING;
use lab_checks::awaiting::{permit_deadlock, resume_delay, spawn_cost};
use lab_findings::Verdict;

use super::rules::{self, Expect};
use super::{Claim, Lookup, NOT_MEASURED, fmt};

/// The designs nothing drives while the body awaits.
pub const STALLING: [&str; 4] = [
    "buffered-loop",
    "buffer-unordered-loop",
    "futures-ordered-loop",
    "futures-unordered-loop",
];
pub const POLL_PROGRESS: &str = "reference-poll-progress";
pub const SPAWNING: [&str; 2] = ["tokio-join-set-loop", "lab-spawn-loop"];

/// Both checks over `designs`: the resume delay as `delay`, the permit run as `lock`.
fn both<'a>(designs: &[&'a str], delay: Verdict, lock: Verdict) -> Vec<Expect<'a>> {
    let mut out = rules::all(AWAITING, resume_delay::CHECK, designs, delay);
    out.extend(rules::all(AWAITING, permit_deadlock::CHECK, designs, lock));
    out
}

/// "buffered-loop 22, …" of the longest resume delay.
fn longest(l: &Lookup, designs: &[&str]) -> String {
    designs
        .iter()
        .map(|d| {
            let v = l
                .find(AWAITING, resume_delay::CHECK, d)
                .and_then(|f| f.value(resume_delay::LONGEST, &[]));
            format!("{d} {}", fmt(v))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `status` if the control designs got their verdicts in the same run, else not measured:
/// a check must show here that it can tell the two kinds apart.
fn controlled(
    l: &Lookup,
    claim: Claim,
    expect: &[Expect],
    controls: &[Expect],
    more: String,
) -> Claim {
    let (status, evidence, mut found) = rules::deadlock_decides(l, expect);
    let (control, control_evidence, control_found) = rules::deadlock_decides(l, controls);
    found.extend(control_found);
    let status = if control == "supported" {
        status
    } else {
        NOT_MEASURED
    };
    claim.judged(
        status,
        format!("{evidence}; the control: {control_evidence}. {more}"),
        found,
    )
}

pub fn starvation(l: &Lookup, claim: Claim) -> Claim {
    controlled(
        l,
        claim,
        &both(&STALLING, Verdict::Fail, Verdict::Deadlock),
        &both(&SPAWNING[..1], Verdict::Pass, Verdict::Pass),
        format!(
            "Longest resume delay in ticks: {} (the body awaits {} ticks)",
            longest(l, &STALLING),
            fmt(l
                .0
                .setting(AWAITING, resume_delay::CHECK, "body ticks")
                .map(|n| n.as_f64()))
        ),
    )
}

pub fn poll_progress(l: &Lookup, claim: Claim) -> Claim {
    controlled(
        l,
        claim,
        &both(&[POLL_PROGRESS], Verdict::Pass, Verdict::Pass),
        &both(&STALLING[..1], Verdict::Fail, Verdict::Deadlock),
        "Measured on the lab's reference of the proposal (buffered with poll_progress and the \
         for-await lowering), not on a shipped crate"
            .into(),
    )
}

/// Spawning fixes both checks, and costs at least one allocation per item more than every
/// design that does not spawn (seed 003: "an extra allocation").
pub fn spawn(l: &Lookup, claim: Claim) -> Claim {
    let fixes = both(&SPAWNING, Verdict::Pass, Verdict::Pass);
    let controls = both(&STALLING[..1], Verdict::Fail, Verdict::Deadlock);
    let per = |d: &&str| {
        l.find(AWAITING, spawn_cost::CHECK, d)
            .and_then(|f| f.value(spawn_cost::PER_ITEM, &[]))
    };
    let others: Vec<&str> = STALLING.iter().copied().chain([POLL_PROGRESS]).collect();
    let spawners: Option<Vec<f64>> = SPAWNING.iter().map(per).collect();
    let rest: Option<Vec<f64>> = others.iter().map(per).collect();
    let listed = |ds: &[&str]| {
        ds.iter()
            .map(|d| format!("{d} {}", fmt(per(d))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let margin = match (spawners, rest) {
        (Some(s), Some(r)) => {
            let least = s.iter().copied().fold(f64::INFINITY, f64::min);
            let most = r.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Some(least - most)
        }
        _ => None,
    };
    let more = format!(
        "Allocations per item: {}; without spawning: {}; the least spawning design over the \
         most of the others: {} (an extra allocation is a margin of at least one)",
        listed(&SPAWNING),
        listed(&others),
        fmt(margin)
    );
    let judged = controlled(l, claim, &fixes, &controls, more);
    let extra = margin.map(|m| m >= 1.0);
    let status = match (judged.status, extra) {
        ("supported", Some(true)) => "supported",
        ("supported", Some(false)) => "partly supported",
        ("supported", None) => "first half supported; allocations not measured",
        (other, _) => other,
    };
    Claim { status, ..judged }
}

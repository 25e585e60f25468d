//! Seed 001's claims about `poll_next` against `async fn next`, judged from the findings of
//! the run being rendered: each claim names the findings it rests on and says whether their
//! figures support it. Nothing here is written in advance of the measurement.

use lab_findings::{Finding, RunRecord, Verdict};
use serde::Serialize;

#[derive(Serialize)]
pub struct Claim {
    pub text: &'static str,
    pub status: &'static str,
    pub evidence: String,
    /// (finding id, anchor) of the findings it rests on.
    pub findings: Vec<(String, String)>,
}

const NOT_MEASURED: &str = "not measured in this run";

struct Lookup<'a>(&'a RunRecord);

impl Lookup<'_> {
    fn get(&self, check: &str, design: &str) -> Option<&Finding> {
        let id = Finding::make_id("iterator", check, design);
        self.0.findings.iter().find(|f| f.id == id)
    }

    fn value(&self, check: &str, design: &str, figure: &str) -> Option<f64> {
        self.get(check, design)?.figure(figure).map(|f| f.value)
    }

    /// The verdict of a property finding, only if it decided something: a deadlock, a
    /// panic, a step budget, too few cases or none at all leave a claim unmeasured.
    fn decided(&self, check: &str, design: &str) -> Option<Verdict> {
        self.get(check, design)
            .map(|f| f.verdict)
            .filter(|v| matches!(v, Verdict::Pass | Verdict::Fail))
    }
}

fn refs(findings: &[Option<&Finding>]) -> Vec<(String, String)> {
    findings
        .iter()
        .flatten()
        .map(|f| (f.id.clone(), f.anchor()))
        .collect()
}

fn verdict_of(f: Option<&Finding>) -> String {
    f.map_or("—".into(), |f| f.verdict.to_string())
}

/// How one interface compares with the other on one figure: costlier only beyond noise.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cost {
    Higher,
    Same,
    Lower,
}

/// Async vs poll time per item from criterion's bootstrap intervals: higher or lower only
/// when the intervals do not overlap. The intervals cover each benchmark's own samples, not
/// drift between two benchmarks, so "same" means "the intervals overlap", not "equal".
fn by_interval(asy: (f64, f64), poll: (f64, f64)) -> Cost {
    if asy.0 > poll.1 {
        Cost::Higher
    } else if asy.1 < poll.0 {
        Cost::Lower
    } else {
        Cost::Same
    }
}

/// Instruction counts barely move between runs of the same binary, but allocator and
/// hashing paths can shift them by a fraction of a percent: within 1% reads as the same.
fn by_count(asy: f64, poll: f64) -> Cost {
    if asy > 1.01 * poll {
        Cost::Higher
    } else if asy < 0.99 * poll {
        Cost::Lower
    } else {
        Cost::Same
    }
}

pub fn seed_001(record: &RunRecord) -> Vec<Claim> {
    let l = Lookup(record);
    vec![
        poll_next_loses_nothing(&l),
        async_next_not_cancel_safe(&l),
        recreating_combinators(&l),
        object_safety(&l),
        second_state_machine(&l),
        harder_to_optimize(&l),
        Claim {
            text: "Async generators over poll_next can borrow across yield points.",
            status: "not tested by the lab",
            evidence: "no check in this lab exercises borrowing across yields".into(),
            findings: Vec::new(),
        },
    ]
}

fn poll_next_loses_nothing(l: &Lookup) -> Claim {
    let designs = ["poll-next", "generator", "dyn-poll-next", "async-gen"];
    let found: Vec<_> = designs.iter().map(|d| l.get("cancellation", d)).collect();
    let present: Vec<&Finding> = found.iter().flatten().copied().collect();
    let decided: Vec<Verdict> = designs
        .iter()
        .filter_map(|d| l.decided("cancellation", d))
        .collect();
    Claim {
        text: "With poll_next all state lives in the pinned iterator: dropping a next() future loses nothing.",
        status: if present.is_empty() || decided.len() < present.len() {
            NOT_MEASURED
        } else if decided.iter().all(|v| *v == Verdict::Pass) {
            "supported"
        } else {
            "not supported"
        },
        evidence: present
            .iter()
            .map(|f| {
                format!(
                    "{}: {} ({} cases)",
                    f.design.id,
                    f.verdict,
                    f.cases.unwrap_or(0)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        findings: refs(&found),
    }
}

fn async_next_not_cancel_safe(l: &Lookup) -> Claim {
    let (natural, careful) = ("async-next-natural", "async-next-careful");
    Claim {
        text: "async fn next is not (ever) cancellation safe: a dropped next() future takes its progress with it.",
        status: match (
            l.decided("cancellation", natural),
            l.decided("cancellation", careful),
        ) {
            (Some(Verdict::Fail), Some(Verdict::Pass)) => "partly supported",
            (Some(Verdict::Fail), Some(Verdict::Fail)) => "supported",
            (Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "written naturally (state in locals): {}; written carefully (state in self): {}",
            verdict_of(l.get("cancellation", natural)),
            verdict_of(l.get("cancellation", careful))
        ),
        findings: refs(&[
            l.get("cancellation", natural),
            l.get("cancellation", careful),
        ]),
    }
}

fn recreating_combinators(l: &Lookup) -> Claim {
    let (recreate, stored) = ("merge-recreate", "merge-stored");
    Claim {
        text: "Combinators that re-create next() futures (a select! over a.next() and b.next()) lose data from async-next iterators unless they store the futures.",
        status: match (
            l.decided("cancellation", recreate),
            l.decided("cancellation", stored),
        ) {
            (Some(Verdict::Fail), Some(Verdict::Pass)) => "supported",
            (Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "re-creating: {}; storing the futures (boxed): {}",
            l.get("cancellation", recreate)
                .map_or("—".into(), |f| f.summary.clone()),
            verdict_of(l.get("cancellation", stored))
        ),
        findings: refs(&[
            l.get("cancellation", recreate),
            l.get("cancellation", stored),
        ]),
    }
}

fn object_safety(l: &Lookup) -> Claim {
    let per = |d: &str, depth: u8| {
        l.value(
            "allocations",
            d,
            &format!("depth {depth}: allocations per next()"),
        )
    };
    let stream = [per("chain-poll-next", 1), per("chain-poll-next", 8)];
    let boxed = [per("chain-async-next", 1), per("chain-async-next", 8)];
    let adapted = [
        per("chain-async-next-as-stream", 1),
        per("chain-async-next-as-stream", 8),
    ];
    Claim {
        text: "poll_next async iterators are object safe now, without additional allocations; a dyn async fn next needs a boxed future.",
        // The first half is measured. The second is not: the lab's DynAsyncIter boxes each
        // next() future by construction, and the adapted form avoids the box by becoming a
        // poll_next object, so no dyn async-fn-next form without a box was tried.
        status: match stream {
            [Some(a), Some(b)] if a == 0.0 && b == 0.0 => "first half supported; second not tested",
            [Some(_), Some(_)] => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "allocations per next() call at depth 1 and 8: Pin<Box<dyn Stream>> {} and {}. Not \
             a test of the second half: the lab's Box<dyn DynAsyncIter> boxes each next() \
             future by construction ({} and {}), and the async fn next chain adapted into a \
             Stream and then boxed once allocates {} and {} per call — by becoming a poll_next \
             object",
            fmt(stream[0]),
            fmt(stream[1]),
            fmt(boxed[0]),
            fmt(boxed[1]),
            fmt(adapted[0]),
            fmt(adapted[1])
        ),
        findings: refs(&[
            l.get("allocations", "chain-poll-next"),
            l.get("allocations", "chain-async-next"),
            l.get("allocations", "chain-async-next-as-stream"),
        ]),
    }
}

fn second_state_machine(l: &Lookup) -> Claim {
    let sizes = |d: &str| -> Vec<f64> {
        (1..)
            .map_while(|depth| l.value("size", d, &format!("depth {depth}: total")))
            .collect()
    };
    let (poll, asy) = (sizes("chain-poll-next"), sizes("chain-async-next"));
    let flat = poll.windows(2).all(|w| w[1] <= w[0]);
    let grows_every_step = asy.windows(2).all(|w| w[1] > w[0]);
    let ends = |v: &[f64]| format!("{} and {}", fmt(v.first().copied()), fmt(v.last().copied()));
    Claim {
        text: "async fn next adds a second state machine, nested once per adapter; poll_next has one.",
        status: if poll.len() < 2 || asy.len() < 2 {
            NOT_MEASURED
        } else if flat && grows_every_step {
            "supported"
        } else {
            "not supported"
        },
        evidence: format!(
            "iterator + next() future at depth 1 and depth {}: poll_next {} bytes (never grows: \
             {}), async fn next {} bytes (grows with every adapter: {})",
            asy.len().max(poll.len()),
            ends(&poll),
            if flat { "yes" } else { "no" },
            ends(&asy),
            if grows_every_step { "yes" } else { "no" }
        ),
        findings: refs(&[
            l.get("size", "chain-poll-next"),
            l.get("size", "chain-async-next"),
        ]),
    }
}

/// Judged from both workloads, each in time (criterion's intervals) and in instructions:
/// the deepest adapter chain, and the line splitter written carefully with async fn next
/// against poll_next by hand (the same state in `self`, the same cancel-safety).
fn harder_to_optimize(l: &Lookup) -> Claim {
    let interval = |check: &str, d: &str, name: &str| {
        Some((
            l.value(check, d, &format!("{name}, CI low"))?,
            l.value(check, d, &format!("{name}, CI high"))?,
        ))
    };
    let depth = *lab_depths(l).last().unwrap_or(&8);
    let chain_name = format!("depth {depth}: ns/item");
    let chain_time = interval("iter-throughput", "chain-async-next", &chain_name).zip(interval(
        "iter-throughput",
        "chain-poll-next",
        &chain_name,
    ));
    let chain_count = format!("depth {depth}: instructions/item");
    let chain_instr = l
        .value("iter-instructions", "chain-async-next", &chain_count)
        .zip(l.value("iter-instructions", "chain-poll-next", &chain_count));
    const LINE_STYLE: &str = "async-next-careful";
    let line_time = interval("iter-throughput", LINE_STYLE, "ns/line").zip(interval(
        "iter-throughput",
        "poll-next",
        "ns/line",
    ));
    let line_instr = l
        .value("iter-instructions", LINE_STYLE, "instructions/line")
        .zip(l.value("iter-instructions", "poll-next", "instructions/line"));
    let costs = [
        chain_time.map(|(a, p)| by_interval(a, p)),
        chain_instr.map(|(a, p)| by_count(a, p)),
        line_time.map(|(a, p)| by_interval(a, p)),
        line_instr.map(|(a, p)| by_count(a, p)),
    ];
    let count = |c: Cost| costs.iter().filter(|x| **x == Some(c)).count();
    let (higher, lower) = (count(Cost::Higher), count(Cost::Lower));
    let show_interval = |x: Option<((f64, f64), (f64, f64))>| {
        x.map_or("—".into(), |(a, p)| {
            format!(
                "async fn next {}–{} ns vs poll_next {}–{} ns",
                fmt(Some(a.0)),
                fmt(Some(a.1)),
                fmt(Some(p.0)),
                fmt(Some(p.1))
            )
        })
    };
    let show_count = |x: Option<(f64, f64)>| {
        x.map_or("—".into(), |(a, p)| {
            format!(
                "async fn next {} vs poll_next {} instructions",
                fmt(Some(a)),
                fmt(Some(p))
            )
        })
    };
    let word = |c: Option<Cost>| match c {
        Some(Cost::Higher) => "async costlier",
        Some(Cost::Same) => "no clear difference",
        Some(Cost::Lower) => "async cheaper",
        None => "not measured",
    };
    Claim {
        text: "The second state machine makes async iterators harder to optimize.",
        status: if costs.iter().any(Option::is_none) {
            NOT_MEASURED
        } else if higher == costs.len() {
            "supported"
        } else if lower == costs.len() {
            "not supported"
        } else if higher == 0 && lower == 0 {
            "no difference detected"
        } else {
            "mixed"
        },
        evidence: format!(
            "depth-{depth} map/filter chain, time per item ({}): {}; instructions per item \
             ({}): {}. Line splitter ({} against poll_next), time per line ({}): {}; \
             instructions per line ({}, {}): {}",
            word(costs[0]),
            show_interval(chain_time),
            word(costs[1]),
            show_count(chain_instr),
            LINE_STYLE,
            word(costs[2]),
            show_interval(line_time),
            LINE_STYLE,
            word(costs[3]),
            show_count(line_instr)
        ),
        findings: refs(&[
            l.get("iter-throughput", "chain-poll-next"),
            l.get("iter-throughput", "chain-async-next"),
            l.get("iter-instructions", "chain-poll-next"),
            l.get("iter-instructions", "chain-async-next"),
            l.get("iter-throughput", "poll-next"),
            l.get("iter-throughput", LINE_STYLE),
            l.get("iter-instructions", "poll-next"),
            l.get("iter-instructions", LINE_STYLE),
        ]),
    }
}

/// The chain depths the run measured time at, smallest first.
fn lab_depths(l: &Lookup) -> Vec<u64> {
    let mut depths: Vec<u64> = l
        .get("iter-throughput", "chain-async-next")
        .map(|f| {
            f.figures
                .iter()
                .filter_map(|x| {
                    x.name
                        .strip_prefix("depth ")?
                        .split(':')
                        .next()?
                        .parse()
                        .ok()
                })
                .collect()
        })
        .unwrap_or_default();
    depths.sort_unstable();
    depths.dedup();
    depths
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("—".into(), crate::view::format_value)
}

#[cfg(test)]
mod tests {
    use lab_findings::{DesignRef, Env, Figure, Finding, RunRecord, Verdict};

    use super::seed_001;

    fn finding(check: &str, design: &str, verdict: Verdict, figures: Vec<Figure>) -> Finding {
        Finding {
            id: Finding::make_id("iterator", check, design),
            question: "iterator".into(),
            check: check.into(),
            design: DesignRef {
                id: design.into(),
                krate: "lab".into(),
                version: "0".into(),
                construct: String::new(),
                summary: String::new(),
            },
            verdict,
            expected: None,
            summary: String::new(),
            figures,
            cases: Some(1),
            seed: None,
            counterexample: None,
            repro: String::new(),
        }
    }

    fn status(record: &RunRecord, starts: &str) -> &'static str {
        seed_001(record)
            .into_iter()
            .find(|c| c.text.starts_with(starts))
            .unwrap()
            .status
    }

    #[test]
    fn statuses_follow_the_findings_both_ways() {
        let mut r = RunRecord::new(Env::default());
        assert_eq!(
            status(&r, "async fn next is not"),
            "not measured in this run"
        );
        r.upsert([
            finding("cancellation", "async-next-natural", Verdict::Fail, vec![]),
            finding("cancellation", "async-next-careful", Verdict::Pass, vec![]),
            finding("cancellation", "poll-next", Verdict::Pass, vec![]),
        ]);
        assert_eq!(status(&r, "async fn next is not"), "partly supported");
        assert_eq!(status(&r, "With poll_next"), "supported");
        r.upsert([finding("cancellation", "poll-next", Verdict::Fail, vec![])]);
        assert_eq!(status(&r, "With poll_next"), "not supported");

        let chain = |design: &str, d1: f64, d8: f64| {
            finding(
                "size",
                design,
                Verdict::Measured,
                // Every depth from 1 to 8, stepping evenly from d1 to d8.
                (1..=8)
                    .map(|d| {
                        let v = d1 + (d8 - d1) * f64::from(d - 1) / 7.0;
                        Figure::new(format!("depth {d}: total"), v, "bytes")
                    })
                    .collect(),
            )
        };
        r.upsert([
            chain("chain-poll-next", 24.0, 24.0),
            chain("chain-async-next", 56.0, 224.0),
        ]);
        assert_eq!(status(&r, "async fn next adds"), "supported");
        r.upsert([chain("chain-async-next", 56.0, 56.0)]);
        assert_eq!(status(&r, "async fn next adds"), "not supported");
    }

    #[test]
    fn a_claim_resting_on_an_undecided_verdict_is_not_measured() {
        let mut r = RunRecord::new(Env::default());
        r.upsert([
            finding("cancellation", "async-next-natural", Verdict::Fail, vec![]),
            finding(
                "cancellation",
                "async-next-careful",
                Verdict::Deadlock,
                vec![],
            ),
            finding("cancellation", "poll-next", Verdict::Inconclusive, vec![]),
        ]);
        assert_eq!(
            status(&r, "async fn next is not"),
            "not measured in this run"
        );
        assert_eq!(status(&r, "With poll_next"), "not measured in this run");
    }

    fn optimize_record(async_ns: (f64, f64), async_instr: f64) -> RunRecord {
        let mut r = RunRecord::new(Env::default());
        let timed = |check: &str, design: &str, name: &str, lo: f64, hi: f64| {
            finding(
                check,
                design,
                Verdict::Measured,
                vec![
                    Figure::new(format!("{name}, CI low"), lo, "ns"),
                    Figure::new(format!("{name}, CI high"), hi, "ns"),
                    Figure::new(name, (lo + hi) / 2.0, "ns"),
                ],
            )
        };
        let counted = |design: &str, name: &str, v: f64| {
            finding(
                "iter-instructions",
                design,
                Verdict::Measured,
                vec![Figure::new(name, v, "i")],
            )
        };
        r.upsert([
            timed(
                "iter-throughput",
                "chain-poll-next",
                "depth 8: ns/item",
                4.0,
                5.0,
            ),
            timed(
                "iter-throughput",
                "chain-async-next",
                "depth 8: ns/item",
                async_ns.0,
                async_ns.1,
            ),
            timed("iter-throughput", "poll-next", "ns/line", 40.0, 50.0),
            timed(
                "iter-throughput",
                "async-next-careful",
                "ns/line",
                10.0 * async_ns.0,
                10.0 * async_ns.1,
            ),
            counted("chain-poll-next", "depth 8: instructions/item", 100.0),
            counted(
                "chain-async-next",
                "depth 8: instructions/item",
                async_instr,
            ),
            counted("poll-next", "instructions/line", 1000.0),
            counted(
                "async-next-careful",
                "instructions/line",
                10.0 * async_instr,
            ),
        ]);
        r
    }

    #[test]
    fn harder_to_optimize_needs_both_workloads_in_time_and_instructions() {
        let claim = "The second state machine";
        assert_eq!(
            status(&optimize_record((6.0, 7.0), 150.0), claim),
            "supported"
        );
        // Overlapping intervals are noise, not a difference: then the evidence is mixed.
        assert_eq!(status(&optimize_record((4.5, 6.0), 150.0), claim), "mixed");
        assert_eq!(
            status(&optimize_record((4.5, 4.8), 100.0), claim),
            "no difference detected"
        );
        assert_eq!(
            status(&optimize_record((1.0, 2.0), 50.0), claim),
            "not supported"
        );
        let mut r = optimize_record((6.0, 7.0), 150.0);
        r.findings.retain(|f| f.check != "iter-instructions");
        assert_eq!(status(&r, claim), "not measured in this run");
    }
}

//! Seed 001's claims about `poll_next` against `async fn next`.

use lab_checks::allocations::PER_NEXT;
use lab_checks::baselines::{CHAIN_ASYNC_NEXT, CHAIN_ASYNC_NEXT_AS_STREAM, CHAIN_POLL_NEXT};
use lab_checks::iter_instructions::{self, PER_ITEM, PER_LINE, RECOUNT};
use lab_checks::iter_throughput::{self, DEPTH, NS_ITEM, NS_LINE};
use lab_checks::measure::{ci_high, ci_low};
use lab_checks::size::{self, TOTAL};
use lab_checks::{ITERATOR, allocations, cancellation};
use lab_findings::{Finding, Param, RunRecord, Verdict};

use super::rules::{self, Expect};
use super::{Claim, Lookup, NOT_MEASURED, fmt, refs, verdict_of};

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

/// Async vs poll instructions: costlier only by more than the larger of the two counts'
/// recount differences (each workload is counted twice in a run).
fn by_count(asy: (f64, f64), poll: (f64, f64)) -> Cost {
    let noise = asy.1.max(poll.1);
    if asy.0 > poll.0 + noise {
        Cost::Higher
    } else if asy.0 < poll.0 - noise {
        Cost::Lower
    } else {
        Cost::Same
    }
}

pub fn seed_001(record: &RunRecord) -> Vec<Claim> {
    let l = Lookup(record);
    let judge = |claim: Claim, expect: &[Expect]| {
        let (status, evidence, found) = rules::verdicts(&l, expect);
        claim.judged(status, evidence, found)
    };
    vec![
        poll_next_loses_nothing(&l),
        async_next_not_cancel_safe(&l),
        recreating_combinators(&l),
        object_safety(&l),
        second_state_machine(&l),
        harder_to_optimize(&l),
        judge(
            Claim::new(
                "s001-async-next-transforms-to-poll-next",
                "001",
                "you can trivially transform an “async next” trait into the poll_next version",
                "Adapting a natural async fn next iterator into a Stream (stream::unfold) makes it cancellation safe.",
            ),
            &[
                (
                    ITERATOR,
                    cancellation::CHECK,
                    "natural-as-stream",
                    Verdict::Pass,
                ),
                (
                    ITERATOR,
                    cancellation::CHECK,
                    "async-next-natural",
                    Verdict::Fail,
                ),
            ],
        ),
        judge(
            Claim::new(
                "s001-async-next-cancel-safety-is-per-implementation",
                "001",
                "they will not be guaranteed that implementers did not use a stateful future",
                "Under async fn next, whether dropping next() is safe depends on how it was written, not on the interface.",
            ),
            &[
                (
                    ITERATOR,
                    cancellation::CHECK,
                    "async-next-natural",
                    Verdict::Fail,
                ),
                (
                    ITERATOR,
                    cancellation::CHECK,
                    "async-next-careful",
                    Verdict::Pass,
                ),
            ],
        ),
        Claim::new(
            "s001-gen-borrow-across-yield",
            "001",
            "Without that pinning guarantee, async generators will only be able to be self-referential across await points, but not across yield points.",
            "Async generators over poll_next can borrow across yield points.",
        )
        .not_measurable("an expressibility check: compile-pass / compile-fail tests of a borrow held across yield"),
    ]
}

fn poll_next_loses_nothing(l: &Lookup) -> Claim {
    let designs = ["poll-next", "generator", "dyn-poll-next", "async-gen"];
    let found: Vec<_> = designs
        .iter()
        .map(|d| l.get(cancellation::CHECK, d))
        .collect();
    // async gen blocks build on nightly only: the claim rests on the other three when a
    // stable run leaves it out, and the evidence says so.
    let required = found
        .iter()
        .zip(designs)
        .all(|(f, d)| f.is_some() || d == "async-gen");
    let present: Vec<&Finding> = found.iter().flatten().copied().collect();
    let decided: Vec<Verdict> = designs
        .iter()
        .filter_map(|d| l.decided(cancellation::CHECK, d))
        .collect();
    Claim {
        text: "With poll_next all state lives in the pinned iterator: dropping a next() future loses nothing.",
        status: if !required || decided.len() < present.len() {
            NOT_MEASURED
        } else if decided.contains(&Verdict::Fail) {
            "not supported"
        } else if decided.iter().all(|v| *v == Verdict::Pass) {
            "supported"
        } else {
            "not supported"
        },
        evidence: designs
            .iter()
            .zip(&found)
            .map(|(d, f)| match f {
                Some(f) => format!("{d}: {} ({} cases)", f.verdict, f.cases.unwrap_or(0)),
                None => format!("{d}: not in this run"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        findings: refs(&found),
        ..Claim::new(
            "s001-poll-next-drop-loses-nothing",
            "001",
            "whenever you drop the next future, this has no impact on in-flight state transitions",
            "",
        )
    }
}

fn async_next_not_cancel_safe(l: &Lookup) -> Claim {
    let (natural, careful) = ("async-next-natural", "async-next-careful");
    Claim {
        text: "async fn next is not (ever) cancellation safe: a dropped next() future takes its progress with it.",
        status: match (
            l.decided(cancellation::CHECK, natural),
            l.decided(cancellation::CHECK, careful),
        ) {
            // One cancel-safe implementation is a counterexample to "not (ever)".
            (Some(Verdict::Fail), Some(Verdict::Pass)) => "not supported",
            (Some(Verdict::Fail), Some(Verdict::Fail)) => {
                "consistent: both implementations lose (two cases do not show \"ever\")"
            }
            (Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "written naturally (state in locals): {}; written carefully (state in self): {} — \
             a careful implementation that passes is cancellation safe, so \"not ever\" \
             fails while \"not by the interface\" (the per-implementation claim) holds",
            verdict_of(l.get(cancellation::CHECK, natural)),
            verdict_of(l.get(cancellation::CHECK, careful))
        ),
        findings: refs(&[
            l.get(cancellation::CHECK, natural),
            l.get(cancellation::CHECK, careful),
        ]),
        ..Claim::new(
            "s001-async-next-not-cancel-safe",
            "001",
            "it is not (ever) cancellation safe",
            "",
        )
    }
}

fn recreating_combinators(l: &Lookup) -> Claim {
    let (recreate, stored) = ("merge-recreate", "merge-stored");
    Claim {
        text: "Combinators that re-create next() futures (a select! over a.next() and b.next()) lose data from async-next iterators unless they store the futures.",
        status: match (
            l.decided(cancellation::CHECK, recreate),
            l.decided(cancellation::CHECK, stored),
        ) {
            (Some(Verdict::Fail), Some(Verdict::Pass)) => "supported",
            (Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "re-creating: {}; storing the futures (boxed): {}",
            l.get(cancellation::CHECK, recreate)
                .map_or("—".into(), |f| f.summary.clone()),
            verdict_of(l.get(cancellation::CHECK, stored))
        ),
        findings: refs(&[
            l.get(cancellation::CHECK, recreate),
            l.get(cancellation::CHECK, stored),
        ]),
        ..Claim::new(
            "s001-recreating-combinators-lose",
            "001",
            "you would be responsible for storing the next futures outside of the loop and replacing them whenever they finish",
            "",
        )
    }
}

fn object_safety(l: &Lookup) -> Claim {
    let per =
        |d: &str, depth: u8| l.value(allocations::CHECK, d, PER_NEXT, &[(DEPTH, depth.into())]);
    let stream = [per(CHAIN_POLL_NEXT, 1), per(CHAIN_POLL_NEXT, 8)];
    let boxed = [per(CHAIN_ASYNC_NEXT, 1), per(CHAIN_ASYNC_NEXT, 8)];
    let adapted = [
        per(CHAIN_ASYNC_NEXT_AS_STREAM, 1),
        per(CHAIN_ASYNC_NEXT_AS_STREAM, 8),
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
            l.get(allocations::CHECK, CHAIN_POLL_NEXT),
            l.get(allocations::CHECK, CHAIN_ASYNC_NEXT),
            l.get(allocations::CHECK, CHAIN_ASYNC_NEXT_AS_STREAM),
        ]),
        ..Claim::new(
            "s001-poll-next-object-safe-no-alloc",
            "001",
            "with poll_next, async iterators can be object safe now, and without any additional allocations or codegen that could impact performance",
            "",
        )
    }
}

fn second_state_machine(l: &Lookup) -> Claim {
    let sizes = |d: &str| -> Vec<f64> {
        (1..)
            .map_while(|depth: u32| l.value(size::CHECK, d, TOTAL, &[(DEPTH, depth.into())]))
            .collect()
    };
    let (poll, asy) = (sizes(CHAIN_POLL_NEXT), sizes(CHAIN_ASYNC_NEXT));
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
            l.get(size::CHECK, CHAIN_POLL_NEXT),
            l.get(size::CHECK, CHAIN_ASYNC_NEXT),
        ]),
        ..Claim::new(
            "s001-second-state-machine",
            "001",
            "In poll_next, there is only one place to store state, whereas in “async next” there are two",
            "",
        )
    }
}

/// Both sides of one comparison: async fn next, then poll_next.
type Pair<T> = Option<(T, T)>;

/// Criterion's interval of `metric` at `at`.
fn interval(l: &Lookup, d: &str, metric: &str, at: &[(&str, Param)]) -> Option<(f64, f64)> {
    Some((
        l.value(iter_throughput::CHECK, d, &ci_low(metric), at)?,
        l.value(iter_throughput::CHECK, d, &ci_high(metric), at)?,
    ))
}

fn show_interval(x: Pair<(f64, f64)>) -> String {
    x.map_or("—".into(), |(a, p)| {
        format!(
            "async fn next {}–{} ns vs poll_next {}–{} ns",
            fmt(Some(a.0)),
            fmt(Some(a.1)),
            fmt(Some(p.0)),
            fmt(Some(p.1))
        )
    })
}

fn show_count(x: Pair<(f64, f64)>) -> String {
    x.map_or("—".into(), |(a, p)| {
        format!(
            "async fn next {} vs poll_next {} instructions (recounts moved them by {} and {})",
            fmt(Some(a.0)),
            fmt(Some(p.0)),
            fmt(Some(a.1)),
            fmt(Some(p.1))
        )
    })
}

fn word(c: Option<Cost>) -> &'static str {
    match c {
        Some(Cost::Higher) => "async costlier",
        Some(Cost::Same) => "no clear difference",
        Some(Cost::Lower) => "async cheaper",
        None => "not measured",
    }
}

/// The line-splitter style compared with poll_next by hand: the same state in `self`, the
/// same cancel-safety.
const LINE_STYLE: &str = "async-next-careful";

/// Judged from both workloads, each in time (criterion's intervals) and in instructions:
/// the deepest adapter chain, and the careful async fn next line splitter against poll_next.
fn harder_to_optimize(l: &Lookup) -> Claim {
    let depth = *lab_depths(l).last().unwrap_or(&8);
    let at = [(DEPTH, Param::Int(depth))];
    let chain_time =
        interval(l, CHAIN_ASYNC_NEXT, NS_ITEM, &at).zip(interval(l, CHAIN_POLL_NEXT, NS_ITEM, &at));
    // A count with its recount difference; none without both.
    let count = |d: &str, metric: &str, at: &[(&str, Param)]| {
        Some((
            l.value(iter_instructions::CHECK, d, metric, at)?,
            l.value(iter_instructions::CHECK, d, RECOUNT, at)?,
        ))
    };
    let chain_instr =
        count(CHAIN_ASYNC_NEXT, PER_ITEM, &at).zip(count(CHAIN_POLL_NEXT, PER_ITEM, &at));
    let line_time =
        interval(l, LINE_STYLE, NS_LINE, &[]).zip(interval(l, "poll-next", NS_LINE, &[]));
    let line_instr = count(LINE_STYLE, PER_LINE, &[]).zip(count("poll-next", PER_LINE, &[]));
    let costs = [
        chain_time.map(|(a, p)| by_interval(a, p)),
        chain_instr.map(|(a, p)| by_count(a, p)),
        line_time.map(|(a, p)| by_interval(a, p)),
        line_instr.map(|(a, p)| by_count(a, p)),
    ];
    Claim {
        text: "The second state machine makes async iterators harder to optimize.",
        status: optimize_status(&costs),
        evidence: format!(
            "depth-{depth} map/filter chain, time per item ({}): {}; instructions per item \
             ({}): {}. Line splitter ({LINE_STYLE} against poll_next), time per line ({}): {}; \
             instructions per line ({LINE_STYLE}, {}): {}",
            word(costs[0]),
            show_interval(chain_time),
            word(costs[1]),
            show_count(chain_instr),
            word(costs[2]),
            show_interval(line_time),
            word(costs[3]),
            show_count(line_instr)
        ),
        findings: refs(&[
            l.get(iter_throughput::CHECK, CHAIN_POLL_NEXT),
            l.get(iter_throughput::CHECK, CHAIN_ASYNC_NEXT),
            l.get(iter_instructions::CHECK, CHAIN_POLL_NEXT),
            l.get(iter_instructions::CHECK, CHAIN_ASYNC_NEXT),
            l.get(iter_throughput::CHECK, "poll-next"),
            l.get(iter_throughput::CHECK, LINE_STYLE),
            l.get(iter_instructions::CHECK, "poll-next"),
            l.get(iter_instructions::CHECK, LINE_STYLE),
        ]),
        ..Claim::new(
            "s001-harder-to-optimize",
            "001",
            "introducing a second state machine will almost certainly weaken optimizations",
            "",
        )
    }
}

fn optimize_status(costs: &[Option<Cost>]) -> &'static str {
    let count = |c: Cost| costs.iter().filter(|x| **x == Some(c)).count();
    let (higher, lower) = (count(Cost::Higher), count(Cost::Lower));
    if costs.iter().any(Option::is_none) {
        NOT_MEASURED
    } else if higher == costs.len() {
        // Costlier is what was measured; that the second state machine is the cause is
        // what the claim says and the lab does not isolate.
        "consistent: async costlier in both workloads (the cause is not isolated)"
    } else if lower == costs.len() {
        "not supported"
    } else if higher == 0 && lower == 0 {
        "no difference detected"
    } else {
        "mixed"
    }
}

/// The chain depths the run measured time at, smallest first.
fn lab_depths(l: &Lookup) -> Vec<i64> {
    l.get(iter_throughput::CHECK, CHAIN_ASYNC_NEXT)
        .map(|f| f.int_params(NS_ITEM, DEPTH))
        .unwrap_or_default()
}

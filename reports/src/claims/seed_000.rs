//! Seed 000's claims (sequential vs parallel async iteration): judged from the
//! iteration-strategy checks (backpressure, break); the rest are listed with what would
//! measure them.

use lab_checks::ITERATION;
use lab_checks::iteration::cpu::{self, COARSE_ITEMS, FINE_ITEMS};
use lab_checks::iteration::expressible::{self, lends, takes_not_send};
use lab_checks::iteration::{backpressure, breaking};
use lab_findings::{RunRecord, Verdict};

use super::rules::{self, Expect};
use super::{Claim, Lookup, NOT_MEASURED, fmt, refs};

const BY: &str = "the iteration-strategy question (issue 12)";
const SEQUENTIAL: &str = "sequential";
/// Parallel strategies with no limit.
const UNBOUNDED: [&str; 4] = [
    "for-each-concurrent-unbounded",
    "fc-co-unbounded",
    "tokio-join-set-unbounded",
    "parallel-by-default",
];
/// Parallel strategies with a limit above 1.
const LIMITED: [&str; 6] = [
    "for-each-concurrent-8",
    "buffer-unordered-8",
    "buffered-8",
    "fc-co-limit-8",
    "spawn-bounded-8",
    "tokio-join-set-8",
];
/// Strategies that spawn a tokio task per item (the CPU benchmark's spawners).
const SPAWNING: [&str; 2] = ["tokio-join-set-8", "tokio-join-set-unbounded"];

pub fn seed_000(record: &RunRecord) -> Vec<Claim> {
    let l = Lookup(record);
    let c = |id, quote, text, by: &str| Claim::new(id, "000", quote, text).not_measurable(by);
    let m = |id, quote, text| Claim::new(id, "000", quote, text);
    let judged = |claim: Claim, expect: &[Expect]| {
        let (status, evidence, found) = rules::verdicts(&l, expect);
        claim.judged(status, evidence, found)
    };
    let parallel: Vec<&str> = UNBOUNDED.iter().chain(&LIMITED).copied().collect();
    let mut loses = rules::all(ITERATION, backpressure::CHECK, &UNBOUNDED, Verdict::Fail);
    loses.extend(rules::all(
        ITERATION,
        backpressure::CHECK,
        &LIMITED,
        Verdict::Pass,
    ));
    let mut differs = vec![(ITERATION, breaking::CHECK, SEQUENTIAL, Verdict::Pass)];
    differs.extend(rules::all(
        ITERATION,
        breaking::CHECK,
        &parallel,
        Verdict::Fail,
    ));
    vec![
        one_at_a_time(
            &l,
            &parallel,
            m(
                "s000-sequential-one-at-a-time",
                "Under sequential iteration semantics this loop would process at most 1 TCP connection at the time, irregardless of system resources available.",
                "A sequential loop never has more than one body in flight; a parallel one overlaps them.",
            ),
        ),
        {
            let (status, evidence, found) = rules::controlled(
                &l,
                &[(ITERATION, backpressure::CHECK, SEQUENTIAL, Verdict::Pass)],
                &[(
                    ITERATION,
                    backpressure::CHECK,
                    "parallel-by-default",
                    Verdict::Fail,
                )],
            );
            m(
                "s000-sequential-applies-backpressure",
                "In Rust sequential async iteration applies backpressure by default.",
                "With a producer faster than the consumer, a sequential loop's items pulled ahead stay bounded as the input grows (the lab's while-let loop pulls only after each body: by construction; the control is what the check can tell apart).",
            )
            .judged(status, evidence, found)
        },
        judged(
            m(
                "s000-parallel-loses-backpressure",
                "If async iteration syntax was parallel by default we would lose backpressure by default.",
                "An unlimited parallel loop's items pulled ahead grow with the input; a limit bounds them.",
            ),
            &loses,
        ),
        judged(
            m(
                "s000-break-differs-under-parallelism",
                "But the semantics will always be different than in regular for loops because of parallelism.",
                "After an early exit, a parallel loop leaves items it had taken unfinished (bodies dropped mid-way or before starting, or spawned tasks that run on after the loop); a sequential loop leaves none.",
            ),
            &differs,
        ),
        spawn_overhead(
            &l,
            m(
                "s000-spawn-per-item-overhead",
                "spawning a task per item may in fact slow down the parser",
                "On fine-grained items, spawning a task per item onto tokio's multi-thread runtime (the cpu-work section gives its workers) costs more time per item than a sequential loop (the spawn cost net of whatever the other workers gain).",
            ),
        ),
        c(
            "s000-source-bound-no-speedup",
            "spawning tasks for the inner logic is likely not going to speed this up",
            "When the source is the bottleneck, parallel iteration yields no more items per unit of time.",
            &format!("{BY}: throughput with a slow source and a cheap body"),
        ),
        c(
            "s000-default-limit-wrong",
            "This limit will however almost always be wrong, and really should be set with knowledge of the workload.",
            "The best concurrency limit differs between workloads; no single default fits.",
            &format!("{BY}: a limit sweep over several workloads"),
        ),
        lending(
            &l,
            &parallel,
            m(
                "s000-parallel-excludes-lending-streams",
                "parallel iteration semantics also wouldn't work well with lending streams",
                "A lending source compiles when one item is alive at a time and not when two are, as any parallel strategy needs.",
            ),
        ),
        not_send(
            &l,
            m(
                "s000-parallel-needs-send-or-local-spawn",
                "the global executor would need to support spawning !Send futures as well",
                "Spawn-per-item iteration rejects !Send items unless the spawner has a local variant.",
            ),
        ),
    ]
}

/// Peak bodies in flight at the largest input: 1 for the sequential loop, above 1 for every
/// parallel strategy.
fn one_at_a_time(l: &Lookup, parallel: &[&str], claim: Claim) -> Claim {
    let at = [(backpressure::ITEMS, backpressure::SIZES[2].into())];
    let get = |d: &str| l.find(ITERATION, backpressure::CHECK, d);
    let peak = |d: &str| get(d).and_then(|f| f.value(backpressure::IN_FLIGHT, &at));
    let rate = |d: &str| get(d).and_then(|f| f.value(backpressure::RATE, &at));
    let seq = peak(SEQUENTIAL);
    let peaks: Vec<Option<f64>> = parallel.iter().map(|d| peak(d)).collect();
    // Without the sequential finding there is nothing to set the parallel peaks against.
    let status = match seq {
        None => NOT_MEASURED,
        Some(s) if s > 1.0 => "not supported",
        _ if peaks.iter().flatten().any(|p| *p <= 1.0) => "not supported",
        _ if peaks.iter().all(Option::is_some) => "supported",
        _ => NOT_MEASURED,
    };
    let mut found = vec![get(SEQUENTIAL)];
    found.extend(parallel.iter().map(|d| get(d)));
    let listed: Vec<String> = parallel
        .iter()
        .zip(&peaks)
        .map(|(d, p)| format!("{d} {}", fmt(*p)))
        .collect();
    let evidence = format!(
        "peak bodies in flight at N = {} items: {SEQUENTIAL} {} (its loop awaits each body before it pulls the next, so its peak of one holds by construction; the parallel peaks are the measurement); {}. Items per virtual tick: {SEQUENTIAL} {}, parallel-by-default {}",
        backpressure::SIZES[2],
        fmt(seq),
        listed.join(", "),
        fmt(rate(SEQUENTIAL)),
        fmt(rate("parallel-by-default")),
    );
    claim.judged(status, evidence, refs(&found))
}

/// Fine-grained CPU bodies: each tokio spawning strategy slower per item than the
/// sequential loop beyond criterion's intervals (both: supported; one: partly). The coarse ratios go in the evidence: they
/// show the same spawning is what uses the second worker.
fn spawn_overhead(l: &Lookup, claim: Claim) -> Claim {
    let get = |d: &str| l.find(ITERATION, cpu::CHECK, d);
    let ratio = |d: &str, n: u32| {
        get(d).and_then(|f| f.value(lab_checks::section::RATIO, &[(cpu::ITEMS, n.into())]))
    };
    let seq = get(cpu::BASELINE);
    let slower: Vec<Option<bool>> = SPAWNING
        .iter()
        .map(|d| cpu::slower_beyond_noise(get(d)?, seq?, FINE_ITEMS))
        .collect();
    let status = match (slower.contains(&Some(true)), slower.contains(&Some(false))) {
        _ if slower.contains(&None) => NOT_MEASURED,
        (true, true) => "partly supported",
        (true, false) => "supported",
        _ => "not supported",
    };
    let listed: Vec<String> = SPAWNING
        .iter()
        .map(|d| {
            format!(
                "{d} {}× on fine items, {}× on coarse",
                fmt(ratio(d, FINE_ITEMS)),
                fmt(ratio(d, COARSE_ITEMS))
            )
        })
        .collect();
    let evidence = format!(
        "time per item relative to the sequential loop on a tokio multi-thread runtime: {}; \
         slower beyond criterion's intervals on fine items: {} (a quick run has no \
         intervals and judges nothing)",
        listed.join(", "),
        slower
            .iter()
            .zip(SPAWNING)
            .map(|(s, d)| format!(
                "{d} {}",
                s.map_or("not known", |s| if s { "yes" } else { "no" })
            ))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut found = vec![seq];
    found.extend(SPAWNING.iter().map(|d| get(d)));
    claim.judged(status, evidence, refs(&found))
}

fn yes_no(v: Option<bool>, yes: &str, no: &str) -> String {
    v.map_or("no result".into(), |v| if v { yes } else { no }.into())
}

/// One lent item at a time compiles and two alive at once (the least any parallel strategy
/// needs) do not; each parallel construct's own case and its one-at-a-time control go in
/// the evidence, since a construct rejected with one body at a time says nothing about
/// overlap.
fn lending(l: &Lookup, parallel: &[&str], claim: Claim) -> Claim {
    let get = |d: &str| l.find(ITERATION, expressible::CHECK, d);
    let case = |d: &str, file: &str| get(d).and_then(|f| lends(f, file));
    let seq = case(SEQUENTIAL, "sequential.rs");
    let two = case("for-each-concurrent-8", "two_alive.rs");
    let status = match (seq, two) {
        (Some(false), _) | (_, Some(true)) => "not supported",
        (Some(true), Some(false)) => "supported",
        _ => NOT_MEASURED,
    };
    let r = |v| yes_no(v, "compiles", "rejected");
    let pair =
        |d: &str, file: &str, one: &str| format!("{} / {}", r(case(d, file)), r(case(d, one)));
    let evidence = format!(
        "trybuild, over a lender whose next() borrows it for as long as the item lives: one \
         item at a time (the sequential loop) {}; two alive at once, their bodies joined \
         (what any parallel strategy needs) {}. Each construct over the lender, then the \
         same construct with one body at a time: FuturesUnordered (as the in-task \
         strategies run bodies) {}, a JoinSet {}, the lab's spawn {}; through a Stream made \
         from the lender (what the Stream-taking strategies need), the sequential loop {} \
         — a construct whose one-at-a-time control is rejected too is rejected for its own \
         reason, not the overlap's",
        r(seq),
        r(two),
        pair(
            "for-each-concurrent-8",
            "futures_unordered.rs",
            "futures_unordered_one.rs"
        ),
        pair("tokio-join-set-8", "join_set.rs", "join_set_one.rs"),
        pair("spawn-bounded-8", "lab_spawn.rs", "lab_spawn_one.rs"),
        r(case(SEQUENTIAL, "stream_sequential.rs")),
    );
    let mut found = vec![get(SEQUENTIAL)];
    found.extend(parallel.iter().map(|d| get(d)));
    claim.judged(status, evidence, refs(&found))
}

/// `!Send` items: rejected by tokio's `JoinSet::spawn` (a task another worker may run),
/// accepted by `JoinSet::spawn_local` and by the strategies that poll bodies in the loop's
/// own task.
fn not_send(l: &Lookup, claim: Claim) -> Claim {
    let get = |d: &str| l.find(ITERATION, expressible::CHECK, d);
    let join_set = get("tokio-join-set-8");
    let spawn = join_set.and_then(|f| takes_not_send(f, "join_set_spawn.rs"));
    let local = join_set.and_then(|f| takes_not_send(f, "join_set_spawn_local.rs"));
    let in_task: Vec<(&str, Option<bool>)> = [
        (SEQUENTIAL, "sequential.rs"),
        ("for-each-concurrent-8", "for_each_concurrent.rs"),
        ("buffer-unordered-8", "buffer_unordered.rs"),
        ("fc-co-limit-8", "fc_co.rs"),
    ]
    .into_iter()
    .map(|(d, file)| (d, get(d).and_then(|f| takes_not_send(f, file))))
    .collect();
    let status = match (spawn, local) {
        (Some(true), _) | (_, Some(false)) => "not supported",
        (Some(false), Some(true)) => "supported",
        _ => NOT_MEASURED,
    };
    let evidence = format!(
        "!Send items (trybuild): a JoinSet's spawn {}, its spawn_local {} (run in a \
         LocalSet); polled in the loop's own task: {} (the loop's future is then !Send \
         itself: the cases run it under block_on, not tokio::spawn)",
        yes_no(spawn, "compiles", "rejected"),
        yes_no(local, "compiles", "rejected"),
        in_task
            .iter()
            .map(|(d, v)| format!("{d} {}", yes_no(*v, "compiles", "rejected")))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut found = vec![join_set];
    found.extend(in_task.iter().map(|(d, _)| get(d)));
    claim.judged(status, evidence, refs(&found))
}

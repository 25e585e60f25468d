//! Seed 002's claims (`select!` against `merge`): data loss, the hoisted fix, fairness of
//! chained and N-ary merges.

use lab_checks::fairness::{SHARE, SOURCE, WORKLOAD};
use lab_checks::modes::semantics as mode_semantics;
use lab_checks::{
    CONCURRENT, ITERATOR, MODES, cancellation, data_loss, fairness, poll_after_end, schedules,
    starvation, stream_end,
};
use lab_findings::{Finding, Param, Verdict};

use super::rules::{self, Expect};
use super::{Claim, Lookup, NOT_MEASURED, fmt, refs};

const SEED: &str = "002";
/// The select! loops that re-create read_send every turn.
pub const RECREATING: [&str; 4] = [
    "futures-select-recreate",
    "futures-select-biased",
    "tokio-select",
    "tokio-select-biased",
];
/// The merge designs from crates (the lab's reference merges are not counted).
pub const MERGES: [&str; 7] = [
    "async-std-merge-chained",
    "fc-merge-tuple",
    "fc-merge-vec",
    "futures-stream-select-chained",
    "futures-select-all",
    "tokio-stream-map",
    "tokio-stream-merge-chained",
];
const CHAINED: [&str; 3] = [
    "async-std-merge-chained",
    "futures-stream-select-chained",
    "tokio-stream-merge-chained",
];
const N_ARY: [&str; 2] = ["fc-merge-tuple", "fc-merge-vec"];
const K4: &str = "always-ready-k4";
const RECREATE: &str = "futures-select-recreate";
const SPAWN: &str = "reference-spawn-each-operation";
/// The merges of the modes question, from crates.
const MODE_MERGES: [&str; 2] = ["fc-merge", "futures-unordered"];
const LOSING: &str = "workloads losing data";

pub fn seed_002(record: &lab_findings::RunRecord) -> Vec<Claim> {
    let l = Lookup(record);
    let c = |id, quote, text| Claim::new(id, SEED, quote, text);
    let controlled = |claim: Claim, expect: &[Expect], controls: &[Expect]| {
        let (status, evidence, found) = rules::controlled(&l, expect, controls);
        claim.judged(status, evidence, found)
    };
    vec![
        loses_data(
            &l,
            c(
                "s002-select-recreate-loses-data",
                "But what you probably didn't expect is that this code is fundamentally broken, and your program will lose data.",
                "A select! loop that re-creates the stateful read_send future every turn loses items.",
            ),
        ),
        controlled(
            c(
                "s002-hoisted-select-is-correct",
                "what a correct solution using select! might look like",
                "Creating read_send once outside the loop, and anew only when it completes, loses nothing.",
            ),
            &[
                (
                    CONCURRENT,
                    data_loss::CHECK,
                    "futures-select-hoisted",
                    Verdict::Pass,
                ),
                (
                    CONCURRENT,
                    stream_end::CHECK,
                    "futures-select-hoisted",
                    Verdict::Pass,
                ),
            ],
            &[
                (CONCURRENT, data_loss::CHECK, RECREATE, Verdict::Fail),
                (CONCURRENT, stream_end::CHECK, RECREATE, Verdict::Fail),
            ],
        ),
        alike(
            &l,
            c(
                "s002-futures-and-tokio-select-alike",
                "Both the futures and tokio variants of select behave largely the same, so the broader points we're making apply to both.",
                "Re-creating a stateful future loses data in futures::select! and tokio::select! alike.",
            ),
        ),
        merges_lose_nothing(
            &l,
            c(
                "s002-merge-no-data-loss",
                "but we also have 100% less data loss",
                "Every merge of the crates loses nothing, in the race and at stream end, where re-creating select! loses data.",
            ),
        ),
        controlled(
            c(
                "s002-stream-next-state-lives-in-stream",
                "the state of the stream.next future is entirely contained within stream",
                "A poll_next stream's next() future dropped after a few polls and made anew loses nothing (judged on the iterator side only).",
            ),
            &rules::all(
                ITERATOR,
                cancellation::CHECK,
                &["poll-next", "poll-next-as-async-iter"],
                Verdict::Pass,
            ),
            &[(
                ITERATOR,
                cancellation::CHECK,
                "async-next-natural",
                Verdict::Fail,
            )],
        ),
        chained(
            &l,
            c(
                "s002-chained-merge-skewed",
                "because we're merging streams by chaining calls to merge we can only pick between two streams at a time",
                "Chaining two-way merges gives always-ready sources uneven shares.",
            ),
        ),
        n_ary(
            &l,
            c(
                "s002-n-ary-merge-fair",
                "This will gives us exactly the probability we're looking for, ensuring one stream will not consistently be exhausted before another",
                "futures-concurrency's N-ary merge gives every always-ready source an even share, and each source an even chance at every pick.",
            ),
        ),
        unaware(
            &l,
            c(
                "s002-unaware-merge-is-chain",
                "this has exactly the same semantics of Stream::chain, and will exhaust streams in-order",
                "A merge that always polls in one order drains always-ready sources one after another (the lab's reference only).",
            ),
        ),
        occasional(
            &l,
            c(
                "s002-loss-occasional-and-silent",
                "Implementing race semantics where you didn't mean will lead to data occasionally being discarded.",
                "The re-creating select! loses data on some workloads and not others, with no panic.",
            ),
        ),
        select_fuse(
            &l,
            c(
                "s002-futures-select-needs-fuse",
                "checked during compilation in the futures::select! macro, but left as an exercise to the user when using tokio::select!",
                "futures::select! rejects an unfused stream's next() at compile time and accepts it fused; tokio::select! accepts it unfused.",
            ),
        ),
        controlled(
            c(
                "s002-merge-needs-no-fuse",
                "does not require manually fuseing streams (Merge tracks the state)",
                "No merge polled a stream again after it ended, in drains of sources that implement FusedStream (no panicking unfused source is merged).",
            ),
            &rules::all(CONCURRENT, poll_after_end::CHECK, &MERGES, Verdict::Pass),
            &[(
                CONCURRENT,
                poll_after_end::CHECK,
                "tokio-select",
                Verdict::Fail,
            )],
        ),
        controlled(
            c(
                "s002-spawn-instead-of-select",
                "In general I'd recommend folks don't attempt to use select! for this mode of concurrency and instead spawn (local) tasks instead.",
                "Running read_send and the packet loop on tasks of their own instead of racing them loses nothing (the lab's reference design, on the lab executor's spawn_local, not a runtime's).",
            ),
            &[
                (CONCURRENT, data_loss::CHECK, SPAWN, Verdict::Pass),
                (CONCURRENT, stream_end::CHECK, SPAWN, Verdict::Pass),
                (CONCURRENT, schedules::CHECK, SPAWN, Verdict::Pass),
            ],
            &[
                (CONCURRENT, data_loss::CHECK, RECREATE, Verdict::Fail),
                (CONCURRENT, stream_end::CHECK, RECREATE, Verdict::Fail),
                (CONCURRENT, schedules::CHECK, RECREATE, Verdict::Fail),
            ],
        ),
        controlled(
            c(
                "s002-merge-responds-on-first-item",
                "Stream::merge enables the concurrency mode where we \"handle all items\" and \"start responding on the first item\"",
                "A merge hands every output over at the tick it completes, from the first on; a merge that buffers until the end does not.",
            ),
            &rules::all(MODES, mode_semantics::CHECK, &MODE_MERGES, Verdict::Pass),
            &[(
                MODES,
                mode_semantics::CHECK,
                "reference-merge-by-join",
                Verdict::Fail,
            )],
        ),
    ]
}

fn value(f: Option<&Finding>, metric: &str, at: &[(&str, Param)]) -> Option<f64> {
    f?.value(metric, at)
}

pub fn loses_data(l: &Lookup, claim: Claim) -> Claim {
    let d = "futures-select-recreate";
    let f = l.find(CONCURRENT, data_loss::CHECK, d);
    let (status, evidence, found) =
        rules::verdicts(l, &[(CONCURRENT, data_loss::CHECK, d, Verdict::Fail)]);
    let cx = f
        .and_then(|f| f.counterexample.as_ref())
        .map_or("no counterexample".into(), |c| {
            format!("minimal counterexample: {}", c.failure)
        });
    claim.judged(status, format!("{evidence}; {cx}"), found)
}

fn alike(l: &Lookup, claim: Claim) -> Claim {
    let (status, evidence, mut found) = rules::verdicts(
        l,
        &rules::all(CONCURRENT, data_loss::CHECK, &RECREATING, Verdict::Fail),
    );
    let ends: Vec<String> = RECREATING
        .iter()
        .map(|d| {
            let f = l.find(CONCURRENT, stream_end::CHECK, d);
            found.extend(refs(&[f]));
            format!("{d} {}", f.map_or("—".into(), |f| f.verdict.to_string()))
        })
        .collect();
    claim.judged(
        status,
        format!(
            "{evidence}. Where they differ (\"largely\"), at stream end: {}",
            ends.join(", ")
        ),
        found,
    )
}

pub fn merges_lose_nothing(l: &Lookup, claim: Claim) -> Claim {
    let mut expect = rules::all(CONCURRENT, data_loss::CHECK, &MERGES, Verdict::Pass);
    expect.extend(rules::all(
        CONCURRENT,
        stream_end::CHECK,
        &MERGES,
        Verdict::Pass,
    ));
    // The controls: the same checks fail a design known to lose data, so a pass means something.
    let controls = [
        (CONCURRENT, data_loss::CHECK, RECREATE, Verdict::Fail),
        (CONCURRENT, stream_end::CHECK, RECREATE, Verdict::Fail),
    ];
    let (status, evidence, found) = rules::controlled(l, &expect, &controls);
    let fewest = MERGES
        .iter()
        .filter_map(|d| l.find(CONCURRENT, data_loss::CHECK, d)?.cases)
        .min()
        .map_or("—".into(), |c| c.to_string());
    claim.judged(
        status,
        format!("{evidence} (at least {fewest} cases per merge)"),
        found,
    )
}

fn shares_k4(f: Option<&Finding>) -> String {
    (0..4)
        .map(|s| {
            fmt(value(f, SHARE, &[(SOURCE, s.into()), (WORKLOAD, K4.into())]).map(|v| 100.0 * v))
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

fn chained(l: &Lookup, claim: Claim) -> Claim {
    let (status, evidence, found) = rules::verdicts(
        l,
        &rules::all(CONCURRENT, fairness::CHECK, &CHAINED, Verdict::Fail),
    );
    let shares: Vec<String> = CHAINED
        .iter()
        .map(|d| format!("{d} {}%", shares_k4(l.find(CONCURRENT, fairness::CHECK, d))))
        .collect();
    claim.judged(
        status,
        format!(
            "{evidence}. Shares with k = 4 always-ready sources: {}",
            shares.join("; ")
        ),
        found,
    )
}

/// The share of runs whose first item came from source 0, and the p-value of the first
/// items against an even split, with 4 always-ready sources.
fn first_item(f: Option<&Finding>) -> (Option<f64>, Option<f64>) {
    let share = f.and_then(|f| {
        f.figures_of("first item")
            .find(|g| {
                g.param(SOURCE) == Some(&Param::Int(0)) && g.param(WORKLOAD) == Some(&K4.into())
            })
            .map(|g| g.value)
    });
    (
        share,
        value(f, "p first item vs uniform", &[(WORKLOAD, K4.into())]),
    )
}

fn n_ary(l: &Lookup, claim: Claim) -> Claim {
    let (shares_status, evidence, found) = rules::verdicts(
        l,
        &rules::all(CONCURRENT, fairness::CHECK, &N_ARY, Verdict::Pass),
    );
    let firsts: Vec<(Option<f64>, Option<f64>)> = N_ARY
        .iter()
        .map(|d| first_item(l.find(CONCURRENT, fairness::CHECK, d)))
        .collect();
    // The run's own significance level, as the fairness check recorded it.
    let alpha =
        l.0.setting(CONCURRENT, fairness::CHECK, "alpha")
            .map(|a| a.as_f64());
    let per_pick_even = alpha.and_then(|alpha| {
        firsts
            .iter()
            .map(|(_, p)| p.map(|p| p >= alpha))
            .collect::<Option<Vec<bool>>>()
    });
    let status = match (shares_status, per_pick_even) {
        (NOT_MEASURED, _) => NOT_MEASURED,
        ("not supported", _) => "not supported",
        (_, None) => NOT_MEASURED,
        // Not rejecting an even first pick is not evidence of one: its power is not measured.
        (_, Some(v)) if v.iter().all(|x| *x) => {
            "shares supported; an even first pick not rejected (power not measured)"
        }
        _ => "shares supported; per-pick chance not supported",
    };
    let alpha = alpha.map_or("(not recorded)".into(), |a| format!("{a:e}"));
    let picks: Vec<String> = N_ARY
        .iter()
        .zip(&firsts)
        .map(|(d, (share, p))| {
            format!(
                "{d}: first item from source 0 in {}% of runs (p = {} against an even split)",
                fmt(share.map(|s| 100.0 * s)),
                fmt(*p)
            )
        })
        .collect();
    claim.judged(
        status,
        format!(
            "shares: {evidence}; {}. Per pick (k = 4 always-ready sources, p < {alpha} fails): {}",
            N_ARY
                .iter()
                .map(|d| format!("{d} {}%", shares_k4(l.find(CONCURRENT, fairness::CHECK, d))))
                .collect::<Vec<_>>()
                .join("; "),
            picks.join("; ")
        ),
        found,
    )
}

fn unaware(l: &Lookup, claim: Claim) -> Claim {
    let d = "reference-merge-first";
    let (status, evidence, mut found) =
        rules::verdicts(l, &[(CONCURRENT, fairness::CHECK, d, Verdict::Fail)]);
    let bias = l.find(CONCURRENT, starvation::CHECK, d);
    found.extend(refs(&[bias]));
    let median = value(
        bias,
        starvation::MEDIAN,
        &[(starvation::RUNTIME, "lab".into())],
    );
    let status = match (status, median) {
        ("supported", Some(0.0)) => "supported",
        (NOT_MEASURED, _) | (_, None) => NOT_MEASURED,
        _ => "not supported",
    };
    claim.judged(
        status,
        format!(
            "{evidence}; source 1's items before source 0 ran out: {} (median). The lab's own \
             reference merge, so this shows the mechanism, not a crate",
            fmt(median)
        ),
        found,
    )
}

fn occasional(l: &Lookup, claim: Claim) -> Claim {
    let d = "futures-select-recreate";
    let f = l.find(CONCURRENT, data_loss::CHECK, d);
    let share = f.and_then(|f| f.figures_of(LOSING).next()).map(|g| g.value);
    let (status, evidence, found) =
        rules::verdicts(l, &[(CONCURRENT, data_loss::CHECK, d, Verdict::Fail)]);
    let status = match (status, share) {
        ("supported", Some(s)) if s > 0.0 && s < 100.0 => "supported",
        (NOT_MEASURED, _) | (_, None) => NOT_MEASURED,
        _ => "not supported",
    };
    claim.judged(
        status,
        format!(
            "{evidence} (a failure is a completed run that lost items; a panic or a deadlock \
             is its own verdict); {}% of sampled workloads lose data",
            fmt(share)
        ),
        found,
    )
}

/// Every futures select! design rejects the unfused case and compiles the fused one; every
/// tokio select! design compiles the unfused case.
fn select_fuse(l: &Lookup, claim: Claim) -> Claim {
    use lab_checks::compiled::compiled;
    use lab_checks::select_fuse::{CHECK, DESIGNS};
    let get = |d: &str| l.find(CONCURRENT, CHECK, d);
    let unfused = |d: &str| {
        let file = if d == "futures-select-biased" {
            "unfused/futures_select_biased.rs"
        } else if d.starts_with("futures") {
            "unfused/futures_select.rs"
        } else if d == "tokio-select-biased" {
            "unfused/tokio_select_biased.rs"
        } else {
            "unfused/tokio_select.rs"
        };
        get(d).and_then(|f| compiled(f, file))
    };
    let fused = |d: &str| {
        let file = if d == "futures-select-biased" {
            "unfused/futures_select_biased_fused.rs"
        } else {
            "unfused/futures_select_fused.rs"
        };
        get(d).and_then(|f| compiled(f, file))
    };
    let mut holds = Vec::new();
    let mut parts = Vec::new();
    for d in DESIGNS {
        let (u, want_u) = (unfused(d), !d.starts_with("futures"));
        holds.push(u.map(|u| u == want_u));
        let mut part = format!(
            "{d}: unfused {}",
            u.map_or("no result", |v| if v { "compiles" } else { "rejected" })
        );
        if d.starts_with("futures") {
            let f = fused(d);
            holds.push(f);
            part += &format!(
                ", fused {}",
                f.map_or("no result", |v| if v { "compiles" } else { "rejected" })
            );
        }
        parts.push(part);
    }
    let status = if holds.contains(&Some(false)) {
        "not supported"
    } else if holds.iter().all(|h| *h == Some(true)) {
        "supported"
    } else {
        NOT_MEASURED
    };
    let evidence = format!(
        "trybuild cases, two unfused streams raced by next(): {}",
        parts.join("; ")
    );
    let found: Vec<Option<&Finding>> = DESIGNS.iter().map(|d| get(d)).collect();
    claim.judged(status, evidence, refs(&found))
}

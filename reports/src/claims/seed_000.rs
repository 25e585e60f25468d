//! Seed 000's claims (sequential vs parallel async iteration). The lab has no iteration
//! strategy designs yet, so each claim is listed with what would measure it.

use super::Claim;

const BY: &str = "the iteration-strategy question (issue 12)";

pub fn seed_000() -> Vec<Claim> {
    let c = |id, quote, text, by: &str| Claim::new(id, "000", quote, text).not_measurable(by);
    vec![
        c(
            "s000-sequential-one-at-a-time",
            "Under sequential iteration semantics this loop would process at most 1 TCP connection at the time, irregardless of system resources available.",
            "A sequential loop never has more than one body in flight; a parallel one overlaps them.",
            &format!("{BY}: peak bodies in flight and time to finish latency-bound bodies"),
        ),
        c(
            "s000-sequential-applies-backpressure",
            "In Rust sequential async iteration applies backpressure by default.",
            "With a consumer slower than the producer, a sequential loop holds at most one item pulled ahead.",
            &format!("{BY}: the backpressure check (peak items pulled ahead of the consumer)"),
        ),
        c(
            "s000-parallel-loses-backpressure",
            "If async iteration syntax was parallel by default we would lose backpressure by default.",
            "An unlimited parallel loop's items in flight grow with the input; a limit bounds them.",
            &format!("{BY}: the backpressure check's growth curve"),
        ),
        c(
            "s000-break-differs-under-parallelism",
            "But the semantics will always be different than in regular for loops because of parallelism.",
            "After break, a parallel loop's in-flight bodies are dropped mid-way or outlive the loop; a sequential loop has none.",
            &format!("{BY}: the break-after-K check"),
        ),
        c(
            "s000-spawn-per-item-overhead",
            "spawning a task per item may in fact slow down the parser",
            "On fine-grained items, spawn per item costs more time and allocations per item than a sequential loop.",
            &format!("{BY}: per-item overhead of spawning vs inline"),
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
        c(
            "s000-parallel-excludes-lending-streams",
            "parallel iteration semantics also wouldn't work well with lending streams",
            "A lending stream compiles under a sequential loop and not under the parallel forms.",
            &format!("{BY}: compile-pass / compile-fail tests"),
        ),
        c(
            "s000-parallel-needs-send-or-local-spawn",
            "the global executor would need to support spawning !Send futures as well",
            "Spawn-per-item iteration rejects !Send items unless the spawner has a local variant.",
            &format!("{BY}: compile-pass / compile-fail tests"),
        ),
    ]
}

use lab_findings::{DesignRef, Env, Figure, Finding, Repro, RunRecord, Verdict};

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
        not_measured: Vec::new(),
        contradicts: Vec::new(),
        cases: Some(1),
        seed: None,
        counterexample: None,
        repro: Repro::check(check, Some(design)),
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
    assert_eq!(status(&r, "async fn next is not"), "not supported");
    // One poll_next design is not the three the claim rests on.
    assert_eq!(status(&r, "With poll_next"), "not measured in this run");
    r.upsert([
        finding("cancellation", "generator", Verdict::Pass, vec![]),
        finding("cancellation", "dyn-poll-next", Verdict::Pass, vec![]),
    ]);
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
                    Figure::new("total", v, "bytes").at("depth", d)
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
    // Chain figures are at depth 8; line figures have no parameters.
    let at = |f: Figure, name: &str| {
        if name.ends_with("item") {
            f.at("depth", 8)
        } else {
            f
        }
    };
    let timed = |check: &str, design: &str, name: &str, lo: f64, hi: f64| {
        finding(
            check,
            design,
            Verdict::Measured,
            vec![
                at(Figure::new(format!("{name}, CI low"), lo, "ns"), name),
                at(Figure::new(format!("{name}, CI high"), hi, "ns"), name),
                at(Figure::new(name, (lo + hi) / 2.0, "ns"), name),
            ],
        )
    };
    let counted = |design: &str, name: &str, v: f64| {
        finding(
            "iter-instructions",
            design,
            Verdict::Measured,
            vec![
                at(Figure::new(name, v, "i"), name),
                // Recounts moved it by 2: differences up to that are noise.
                at(Figure::new("recount difference", 2.0, "i"), name),
            ],
        )
    };
    r.upsert([
        timed("iter-throughput", "chain-poll-next", "ns/item", 4.0, 5.0),
        timed(
            "iter-throughput",
            "chain-async-next",
            "ns/item",
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
        counted("chain-poll-next", "instructions/item", 100.0),
        counted("chain-async-next", "instructions/item", async_instr),
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
        "consistent: async costlier in both workloads (the cause is not isolated)"
    );
    // Overlapping intervals are noise, not a difference: then the evidence is mixed.
    assert_eq!(status(&optimize_record((4.5, 6.0), 150.0), claim), "mixed");
    assert_eq!(
        status(&optimize_record((4.5, 4.8), 100.0), claim),
        "no difference detected"
    );
    // An instruction difference within the recount difference is no difference either.
    assert_eq!(
        status(&optimize_record((4.5, 4.8), 100.1), claim),
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

#[test]
fn the_dyn_claims_second_half_is_reported_as_not_tested() {
    let mut r = RunRecord::new(Env::default());
    let allocs = |design: &str, per: f64| {
        finding(
            "allocations",
            design,
            Verdict::Measured,
            [1, 8]
                .map(|d| Figure::new("allocations per next()", per, "allocations").at("depth", d))
                .to_vec(),
        )
    };
    r.upsert([
        allocs("chain-poll-next", 0.0),
        allocs("chain-async-next", 1.0),
        allocs("chain-async-next-as-stream", 0.0),
    ]);
    let claim = "poll_next async iterators are object safe";
    assert_eq!(status(&r, claim), "first half supported; second not tested");
    r.upsert([allocs("chain-poll-next", 1.0)]);
    assert_eq!(status(&r, claim), "not supported");
}

#[test]
fn designs_left_out_of_a_run_are_named_in_the_evidence() {
    let mut r = RunRecord::new(Env::default());
    r.upsert([finding("cancellation", "poll-next", Verdict::Pass, vec![])]);
    let c = seed_001(&r)
        .into_iter()
        .find(|c| c.text.starts_with("With poll_next"))
        .unwrap();
    assert!(
        c.evidence.contains("async-gen: not in this run"),
        "{}",
        c.evidence
    );
}

pub(super) fn in_question(question: &str, check: &str, design: &str, verdict: Verdict) -> Finding {
    let mut f = finding(check, design, verdict, vec![]);
    f.id = Finding::make_id(question, check, design);
    f.question = question.into();
    f
}

pub(super) fn claim<'a>(claims: &'a [super::Claim], id: &str) -> &'a super::Claim {
    claims.iter().find(|c| c.id == id).unwrap()
}

#[test]
fn every_design_a_claim_names_is_one_the_lab_runs() {
    let mut r = RunRecord::new(Env::default());
    for c in lab_checks::CHECKS {
        for d in c.designs() {
            r.upsert([in_question(c.question(), c.id(), &d, Verdict::Pass)]);
        }
    }
    for c in super::judged(&r) {
        // async gen blocks build on nightly only.
        let evidence = c.evidence.replace("async-gen: not in this run", "");
        assert!(
            !evidence.contains("not in this run"),
            "{} names a finding no check makes: {}",
            c.id,
            c.evidence
        );
    }
}

#[test]
fn every_seed_has_claims_with_unique_ids() {
    let claims = super::judged(&RunRecord::new(Env::default()));
    for seed in ["000", "001", "002", "003"] {
        assert!(
            claims.iter().any(|c| c.seed == seed),
            "no claim of seed {seed}"
        );
    }
    let mut ids: Vec<&str> = claims.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate claim ids");
    // With no findings, nothing is supported or refuted.
    assert!(claims.iter().all(|c| c.class == "unmeasured"));
}

#[test]
fn one_contrary_verdict_refutes_a_claim_over_every_merge() {
    use super::seed_002::MERGES;
    let q = "concurrent";
    let mut r = RunRecord::new(Env::default());
    for d in MERGES {
        r.upsert([
            in_question(q, "data-loss", d, Verdict::Pass),
            in_question(q, "stream-end", d, Verdict::Pass),
        ]);
    }
    let id = "s002-merge-no-data-loss";
    // Without the control that shows the check can fail, nothing is claimed.
    assert_eq!(
        claim(&super::judged(&r), id).status,
        "not measured in this run"
    );
    r.upsert([in_question(
        q,
        "data-loss",
        "futures-select-recreate",
        Verdict::Fail,
    )]);
    assert_eq!(
        claim(&super::judged(&r), id).status,
        "not measured in this run"
    );
    r.upsert([in_question(
        q,
        "stream-end",
        "futures-select-recreate",
        Verdict::Fail,
    )]);
    assert_eq!(claim(&super::judged(&r), id).status, "supported");
    r.upsert([in_question(q, "stream-end", MERGES[3], Verdict::Fail)]);
    let c = super::judged(&r);
    assert_eq!(claim(&c, id).status, "not supported");
    assert_eq!(claim(&c, id).class, "refuted");
    assert!(claim(&c, id).evidence.contains("(predicted pass)"));
}

#[test]
fn the_n_ary_merge_claim_separates_shares_from_per_pick_chance() {
    let q = "concurrent";
    let fair = |d: &str, p: f64| {
        let mut f = in_question(q, "fairness", d, Verdict::Pass);
        f.figures = vec![
            Figure::new("first item", 0.25, "share of runs")
                .at("source", 0)
                .at("runs", 100)
                .at("workload", "always-ready-k4"),
            Figure::new("p first item vs uniform", p, "p").at("workload", "always-ready-k4"),
        ];
        f
    };
    let mut r = RunRecord::new(Env::default());
    r.record_settings(
        q,
        "fairness",
        [("alpha", lab_findings::Number::Float(1e-6))],
    );
    let id = "s002-n-ary-merge-fair";
    r.upsert([fair("fc-merge-tuple", 0.5), fair("fc-merge-vec", 0.5)]);
    assert_eq!(
        claim(&super::judged(&r), id).status,
        "shares supported; an even first pick not rejected (power not measured)"
    );
    r.upsert([fair("fc-merge-vec", 0.0)]);
    assert_eq!(
        claim(&super::judged(&r), id).status,
        "shares supported; per-pick chance not supported"
    );
    r.upsert([in_question(q, "fairness", "fc-merge-tuple", Verdict::Fail)]);
    assert_eq!(claim(&super::judged(&r), id).status, "not supported");
}

pub(super) fn with_figures(
    question: &str,
    check: &str,
    design: &str,
    v: Verdict,
    figures: Vec<Figure>,
) -> Finding {
    let mut f = in_question(question, check, design, v);
    f.figures = figures;
    f
}

#[test]
fn every_measurable_claim_names_the_findings_it_rests_on() {
    let mut r = RunRecord::new(Env::default());
    for c in lab_checks::CHECKS {
        for d in c.designs() {
            r.upsert([in_question(c.question(), c.id(), &d, Verdict::Pass)]);
        }
    }
    for c in super::judged(&r) {
        assert_eq!(
            c.measurable,
            !c.findings.is_empty(),
            "{}: {:?}",
            c.id,
            c.findings
        );
    }
}

#[test]
fn the_claims_on_a_lossy_select_follow_its_figures_both_ways() {
    let q = "concurrent";
    let lossy = |share: f64, dropped: f64, v: Verdict| {
        with_figures(
            q,
            "data-loss",
            "futures-select-recreate",
            v,
            vec![
                Figure::new("workloads losing data", share, "%").at("sample", 100),
                Figure::new(
                    "read_send futures dropped unfinished",
                    dropped,
                    "per workload",
                )
                .at("sample", 100),
            ],
        )
    };
    let mut r = RunRecord::new(Env::default());
    r.upsert([lossy(40.0, 1.5, Verdict::Fail)]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s002-select-recreate-loses-data").status,
        "supported"
    );
    assert_eq!(
        claim(&c, "s002-loss-occasional-and-silent").status,
        "supported"
    );
    assert_eq!(
        claim(&c, "s003-select-read-send-loses-batch-tail").status,
        "partly supported"
    );
    // Losing on every workload is not "occasionally"; dropping nothing unfinished is no
    // batch tail lost.
    r.upsert([lossy(100.0, 0.0, Verdict::Fail)]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s002-loss-occasional-and-silent").status,
        "not supported"
    );
    assert_eq!(
        claim(&c, "s003-select-read-send-loses-batch-tail").status,
        "not supported"
    );
    r.upsert([lossy(0.0, 0.0, Verdict::Pass)]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s002-select-recreate-loses-data").status,
        "not supported"
    );
    // A deadlock decides nothing about loss.
    r.upsert([lossy(0.0, 0.0, Verdict::Deadlock)]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s002-select-recreate-loses-data").status,
        "not measured in this run"
    );
}

#[test]
fn the_fixed_order_merge_claim_needs_a_starved_source_and_a_failed_fairness() {
    let q = "concurrent";
    let d = "reference-merge-first";
    let bias = |median: f64| {
        with_figures(
            q,
            "starvation",
            d,
            Verdict::Fail,
            vec![Figure::new(lab_checks::starvation::MEDIAN, median, "items").at("runtime", "lab")],
        )
    };
    let mut r = RunRecord::new(Env::default());
    r.upsert([in_question(q, "fairness", d, Verdict::Fail), bias(0.0)]);
    let id = "s002-unaware-merge-is-chain";
    assert_eq!(claim(&super::judged(&r), id).status, "supported");
    r.upsert([bias(12.0)]);
    assert_eq!(claim(&super::judged(&r), id).status, "not supported");
    r.upsert([bias(0.0), in_question(q, "fairness", d, Verdict::Pass)]);
    assert_eq!(claim(&super::judged(&r), id).status, "not supported");
}

#[test]
fn chained_merges_and_the_hoisted_select_need_their_verdicts_and_controls() {
    let q = "concurrent";
    let mut r = RunRecord::new(Env::default());
    for d in [
        "async-std-merge-chained",
        "futures-stream-select-chained",
        "tokio-stream-merge-chained",
    ] {
        r.upsert([in_question(q, "fairness", d, Verdict::Fail)]);
    }
    r.upsert([
        in_question(q, "data-loss", "futures-select-hoisted", Verdict::Pass),
        in_question(q, "stream-end", "futures-select-hoisted", Verdict::Pass),
    ]);
    let c = super::judged(&r);
    assert_eq!(claim(&c, "s002-chained-merge-skewed").status, "supported");
    // No control in the run: a pass of the hoisted loop shows nothing yet.
    assert_eq!(
        claim(&c, "s002-hoisted-select-is-correct").status,
        "not measured in this run"
    );
    r.upsert([
        in_question(q, "data-loss", "futures-select-recreate", Verdict::Fail),
        in_question(q, "stream-end", "futures-select-recreate", Verdict::Fail),
        in_question(q, "fairness", "tokio-stream-merge-chained", Verdict::Pass),
    ]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s002-hoisted-select-is-correct").status,
        "supported"
    );
    assert_eq!(
        claim(&c, "s002-chained-merge-skewed").status,
        "not supported"
    );
    r.upsert([in_question(
        q,
        "stream-end",
        "futures-select-hoisted",
        Verdict::Fail,
    )]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s002-hoisted-select-is-correct").status,
        "not supported"
    );
}

#[test]
fn a_careful_async_next_that_passes_refutes_never_cancel_safe() {
    let mut r = RunRecord::new(Env::default());
    r.upsert([
        finding("cancellation", "async-next-natural", Verdict::Fail, vec![]),
        finding("cancellation", "async-next-careful", Verdict::Pass, vec![]),
        finding("cancellation", "natural-as-stream", Verdict::Pass, vec![]),
    ]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s001-async-next-not-cancel-safe").status,
        "not supported"
    );
    assert_eq!(
        claim(&c, "s001-async-next-cancel-safety-is-per-implementation").status,
        "supported"
    );
    assert_eq!(
        claim(&c, "s001-async-next-transforms-to-poll-next").status,
        "supported"
    );
    r.upsert([finding(
        "cancellation",
        "async-next-careful",
        Verdict::Fail,
        vec![],
    )]);
    let c = super::judged(&r);
    assert_eq!(claim(&c, "s001-async-next-not-cancel-safe").class, "mixed");
    assert_eq!(
        claim(&c, "s001-async-next-cancel-safety-is-per-implementation").status,
        "not supported"
    );
    r.upsert([finding(
        "cancellation",
        "natural-as-stream",
        Verdict::Fail,
        vec![],
    )]);
    let c = super::judged(&r);
    assert_eq!(
        claim(&c, "s001-async-next-transforms-to-poll-next").status,
        "not supported"
    );
}

#[test]
fn a_claim_over_no_findings_is_not_measured() {
    let r = RunRecord::new(Env::default());
    let (status, _, found) = super::rules::verdicts(&super::Lookup(&r), &[]);
    assert_eq!(status, super::NOT_MEASURED);
    assert!(found.is_empty());
    // With a control that failed as predicted, an empty claim still says nothing.
    let mut r = RunRecord::new(Env::default());
    r.upsert([finding(
        "cancellation",
        "async-next-natural",
        Verdict::Fail,
        vec![],
    )]);
    let control = [(
        "iterator",
        "cancellation",
        "async-next-natural",
        Verdict::Fail,
    )];
    let (status, _, _) = super::rules::controlled(&super::Lookup(&r), &[], &control);
    assert_eq!(status, super::NOT_MEASURED);
}

/// A CPU-work finding at both sizes: `fine` is (mean, CI low, CI high) on fine items.
fn cpu_finding(design: &str, fine: (f64, f64, f64)) -> Finding {
    use lab_checks::iteration::cpu::{COARSE_ITEMS, FINE_ITEMS, ITEMS, NS};
    let (mean, low, high) = fine;
    let at = |f: Figure, n: u32| f.at(ITEMS, n);
    with_figures(
        "iteration",
        lab_checks::iteration::cpu::CHECK,
        design,
        Verdict::Measured,
        vec![
            at(Figure::new(NS, mean, "ns"), FINE_ITEMS),
            at(
                Figure::new(lab_checks::measure::ci_low(NS), low, "ns"),
                FINE_ITEMS,
            ),
            at(
                Figure::new(lab_checks::measure::ci_high(NS), high, "ns"),
                FINE_ITEMS,
            ),
            at(Figure::new(NS, 1.0, "ns"), COARSE_ITEMS),
        ],
    )
}

#[test]
fn the_spawn_overhead_claim_follows_the_intervals_both_ways() {
    let id = "s000-spawn-per-item-overhead";
    let record = |spawn: (f64, f64, f64), other: (f64, f64, f64)| {
        let mut r = RunRecord::new(Env::default());
        r.findings
            .push(cpu_finding("sequential", (20.0, 19.0, 21.0)));
        r.findings.push(cpu_finding("tokio-join-set-8", spawn));
        r.findings
            .push(cpu_finding("tokio-join-set-unbounded", other));
        r
    };
    let (slow, slow_too, level) = (
        (1000.0, 950.0, 1050.0),
        (900.0, 850.0, 950.0),
        (20.5, 18.0, 23.0),
    );
    let status = |r: RunRecord| claim(&super::judged(&r), id).status;
    assert_eq!(status(record(slow, slow_too)), "supported");
    // One spawner whose interval overlaps the sequential loop's leaves it mixed; both refute it.
    assert_eq!(status(record(level, slow_too)), "partly supported");
    assert_eq!(status(record(level, level)), "not supported");
    // Without intervals (a quick run) nothing is judged.
    let mut quick = record(slow, slow_too);
    for f in &mut quick.findings {
        f.figures.retain(|g| !g.metric.contains("CI"));
    }
    assert_eq!(
        claim(&super::judged(&quick), id).status,
        super::NOT_MEASURED
    );
}

/// A compile finding: `cases` are (case file, compiled).
fn compile_finding(question: &str, check: &str, design: &str, cases: &[(&str, bool)]) -> Finding {
    use lab_checks::compiled::{CASE, COMPILES};
    let figures = cases
        .iter()
        .map(|(file, ok)| Figure::new(COMPILES, f64::from(u8::from(*ok)), "").at(CASE, *file))
        .collect();
    with_figures(question, check, design, Verdict::Measured, figures)
}

/// What each compile case did, as the seeds say (`Knobs::default()`) or flipped.
#[derive(Clone, Copy)]
struct Knobs {
    seq_lends: Option<bool>,
    parallel_lends: bool,
    spawn_takes_rc: bool,
    local_takes_rc: bool,
    futures_unfused: bool,
    futures_fused: bool,
    tokio_unfused: bool,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            seq_lends: Some(true),
            parallel_lends: false,
            spawn_takes_rc: false,
            local_takes_rc: true,
            futures_unfused: false,
            futures_fused: true,
            tokio_unfused: true,
        }
    }
}

fn compile_record(k: Knobs) -> RunRecord {
    use lab_checks::iteration::expressible::CHECK as EXPRESSIBLE;
    use lab_checks::select_fuse::{CHECK as FUSE, DESIGNS};
    let mut r = RunRecord::new(Env::default());
    let iteration =
        |d: &str, cases: &[(&str, bool)]| compile_finding("iteration", EXPRESSIBLE, d, cases);
    let mut seq = vec![
        ("lending/stream_sequential.rs", false),
        ("not_send/sequential.rs", true),
    ];
    // None: the case neither compiled nor matched its snapshot, so it has no figure.
    if let Some(lends) = k.seq_lends {
        seq.push(("lending/sequential.rs", lends));
    }
    r.findings.push(iteration("sequential", &seq));
    for d in [
        "for-each-concurrent-unbounded",
        "fc-co-unbounded",
        "tokio-join-set-unbounded",
        "parallel-by-default",
        "for-each-concurrent-8",
        "buffer-unordered-8",
        "buffered-8",
        "fc-co-limit-8",
        "spawn-bounded-8",
    ] {
        r.findings.push(iteration(
            d,
            &[
                ("lending/two_alive.rs", k.parallel_lends),
                ("lending/futures_unordered.rs", false),
            ],
        ));
    }
    r.findings.push(iteration(
        "tokio-join-set-8",
        &[
            ("lending/two_alive.rs", k.parallel_lends),
            ("lending/join_set.rs", false),
            ("not_send/join_set_spawn.rs", k.spawn_takes_rc),
            ("not_send/join_set_spawn_local.rs", k.local_takes_rc),
        ],
    ));
    for d in DESIGNS {
        let cases: Vec<(&str, bool)> = if d.starts_with("futures") {
            vec![
                ("unfused/futures_select.rs", k.futures_unfused),
                ("unfused/futures_select_biased.rs", k.futures_unfused),
                ("unfused/futures_select_fused.rs", k.futures_fused),
                ("unfused/futures_select_biased_fused.rs", k.futures_fused),
            ]
        } else {
            vec![
                ("unfused/tokio_select.rs", k.tokio_unfused),
                ("unfused/tokio_select_biased.rs", k.tokio_unfused),
            ]
        };
        r.findings
            .push(compile_finding("concurrent", FUSE, d, &cases));
    }
    r
}

#[test]
fn the_compile_claims_follow_what_compiled_both_ways() {
    const LENDING: &str = "s000-parallel-excludes-lending-streams";
    const NOT_SEND: &str = "s000-parallel-needs-send-or-local-spawn";
    const FUSE: &str = "s002-futures-select-needs-fuse";
    let status = |k: Knobs, id: &str| claim(&super::judged(&compile_record(k)), id).status;
    let seeds = Knobs::default();
    for id in [LENDING, NOT_SEND, FUSE] {
        assert_eq!(status(seeds, id), "supported", "{id}");
        let none = super::judged(&RunRecord::new(Env::default()));
        assert_eq!(claim(&none, id).status, super::NOT_MEASURED, "{id}");
    }
    // Each outcome the claims rest on, flipped alone, refutes its claim.
    let flips: [(Knobs, &str); 7] = [
        (
            Knobs {
                seq_lends: Some(false),
                ..seeds
            },
            LENDING,
        ),
        (
            Knobs {
                parallel_lends: true,
                ..seeds
            },
            LENDING,
        ),
        (
            Knobs {
                spawn_takes_rc: true,
                ..seeds
            },
            NOT_SEND,
        ),
        (
            Knobs {
                local_takes_rc: false,
                ..seeds
            },
            NOT_SEND,
        ),
        (
            Knobs {
                futures_unfused: true,
                ..seeds
            },
            FUSE,
        ),
        (
            Knobs {
                futures_fused: false,
                ..seeds
            },
            FUSE,
        ),
        (
            Knobs {
                tokio_unfused: false,
                ..seeds
            },
            FUSE,
        ),
    ];
    for (k, id) in flips {
        assert_eq!(status(k, id), "not supported", "{id}");
    }
    // A case that was not judged leaves its claim unmeasured, not refuted.
    let unjudged = Knobs {
        seq_lends: None,
        ..seeds
    };
    assert_eq!(status(unjudged, LENDING), super::NOT_MEASURED);
}

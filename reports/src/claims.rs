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
}

fn refs(findings: &[Option<&Finding>]) -> Vec<(String, String)> {
    findings
        .iter()
        .flatten()
        .map(|f| (f.id.clone(), f.anchor()))
        .collect()
}

pub fn seed_001(record: &RunRecord) -> Vec<Claim> {
    let l = Lookup(record);
    let mut claims = Vec::new();

    let safe: Vec<_> = ["poll-next", "generator", "dyn-poll-next", "async-gen"]
        .iter()
        .map(|d| l.get("cancellation", d))
        .collect();
    let present: Vec<&Finding> = safe.iter().flatten().copied().collect();
    claims.push(Claim {
        text: "With poll_next all state lives in the pinned iterator: dropping a next() future loses nothing.",
        status: match present.is_empty() {
            true => NOT_MEASURED,
            false if present.iter().all(|f| f.verdict == Verdict::Pass) => "supported",
            false => "not supported",
        },
        evidence: present
            .iter()
            .map(|f| format!("{}: {} ({} cases)", f.design.id, f.verdict, f.cases.unwrap_or(0)))
            .collect::<Vec<_>>()
            .join("; "),
        findings: refs(&safe),
    });

    let (natural, careful) = (
        l.get("cancellation", "async-next-natural"),
        l.get("cancellation", "async-next-careful"),
    );
    claims.push(Claim {
        text: "async fn next is not (ever) cancellation safe: a dropped next() future takes its progress with it.",
        status: match (natural.map(|f| f.verdict), careful.map(|f| f.verdict)) {
            (Some(Verdict::Fail), Some(Verdict::Pass)) => "partly supported",
            (Some(Verdict::Fail), Some(_)) => "supported",
            (Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "written naturally (state in locals): {}; written carefully (state in self): {} — the \
             interface allows a cancel-safe next(), it does not make one",
            natural.map_or("—".into(), |f| f.verdict.to_string()),
            careful.map_or("—".into(), |f| f.verdict.to_string())
        ),
        findings: refs(&[natural, careful]),
    });

    let (recreate, stored) = (
        l.get("cancellation", "merge-recreate"),
        l.get("cancellation", "merge-stored"),
    );
    claims.push(Claim {
        text: "Combinators that re-create next() futures (a select! over a.next() and b.next()) lose data from async-next iterators unless they store the futures.",
        status: match (recreate.map(|f| f.verdict), stored.map(|f| f.verdict)) {
            (Some(Verdict::Fail), Some(Verdict::Pass)) => "supported",
            (Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "re-creating: {}; storing (boxed, one allocation per item): {}",
            recreate.map_or("—".into(), |f| f.summary.clone()),
            stored.map_or("—".into(), |f| f.verdict.to_string())
        ),
        findings: refs(&[recreate, stored]),
    });

    let dyn_stream = l.value(
        "allocations",
        "chain-poll-next",
        "depth 1: allocations per next()",
    );
    let dyn_iter = l.value(
        "allocations",
        "chain-async-next",
        "depth 1: allocations per next()",
    );
    claims.push(Claim {
        text: "poll_next async iterators are object safe now, without additional allocations; a dyn async fn next needs a boxed future.",
        status: match (dyn_stream, dyn_iter) {
            (Some(s), Some(i)) if s == 0.0 && i >= 1.0 => "supported",
            (Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "allocations per next(): dyn Stream {}, dyn async next {}",
            dyn_stream.map_or("—".into(), |v| v.to_string()),
            dyn_iter.map_or("—".into(), |v| v.to_string())
        ),
        findings: refs(&[l.get("allocations", "chain-poll-next"), l.get("allocations", "chain-async-next")]),
    });

    let size = |d: &str, depth: u8| l.value("size", d, &format!("depth {depth}: total"));
    let (p1, p8, a1, a8) = (
        size("chain-poll-next", 1),
        size("chain-poll-next", 8),
        size("chain-async-next", 1),
        size("chain-async-next", 8),
    );
    claims.push(Claim {
        text: "async fn next adds a second state machine, nested once per adapter; poll_next has one.",
        status: match (p1, p8, a1, a8) {
            (Some(p1), Some(p8), Some(a1), Some(a8)) if p8 <= p1 && a8 > a1 => "supported",
            (Some(_), Some(_), Some(_), Some(_)) => "not supported",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "iterator + next() future, depth 1 → 8: poll_next {} → {} bytes, async fn next {} → {} bytes",
            fmt(p1), fmt(p8), fmt(a1), fmt(a8)
        ),
        findings: refs(&[l.get("size", "chain-poll-next"), l.get("size", "chain-async-next")]),
    });

    let ratio = |d: &str| l.value("iter-throughput", d, "depth 8: ratio to floor");
    let (rp, ra) = (ratio("chain-poll-next"), ratio("chain-async-next"));
    claims.push(Claim {
        text: "The second state machine makes async iterators harder to optimize.",
        // Within 10% counts as no difference: one run on a noisy machine.
        status: match (rp, ra) {
            (Some(p), Some(a)) if a > 1.1 * p => "supported (time)",
            (Some(_), Some(_)) => "not supported in time (sizes above differ)",
            _ => NOT_MEASURED,
        },
        evidence: format!(
            "depth-8 map/filter chain, time per item relative to the same Iterator chain: poll_next {}×, async fn next {}×",
            fmt(rp),
            fmt(ra)
        ),
        findings: refs(&[l.get("iter-throughput", "chain-poll-next"), l.get("iter-throughput", "chain-async-next")]),
    });

    claims.push(Claim {
        text: "Async generators over poll_next can borrow across yield points.",
        status: "not tested by the lab",
        evidence: "no check in this lab exercises borrowing across yields".into(),
        findings: Vec::new(),
    });
    claims
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
                vec![
                    Figure::new("depth 1: total", d1, "bytes"),
                    Figure::new("depth 8: total", d8, "bytes"),
                ],
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
}

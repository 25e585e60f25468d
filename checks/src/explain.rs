//! A deadlock explained from the run's own pictures, frozen when it ended: who holds each
//! permit since when, who queues for one, and which watched future was woken and has not
//! been polled since which tick. Shared by every check whose runs can deadlock on permits.

use lab_executor::{Outcome, Watched};
use lab_findings::{Counterexample, Verdict};
use lab_workloads::PermitPicture;
use serde_json::json;

/// "fetch 1 queues for the permit since tick 0; its waker fired at tick 2 and it has not
/// been polled since tick 0; …", ending with who waits on whom where the pictures show it.
pub fn deadlock(outcome: &str, permits: &PermitPicture, watched: &[Watched]) -> String {
    let find = |who: &str| watched.iter().find(|w| w.name == who);
    // "its waker fired at tick 2 and …", for a watched future woken and not polled since.
    let stuck = |who: &str| {
        let w = find(who)?;
        let (woke, polled) = (w.woken_unpolled?, w.last_polled?);
        Some(format!(
            "its waker fired at tick {woke} and it has not been polled since tick {polled}"
        ))
    };
    let mut parts = vec![outcome.to_string()];
    let (mut stuck_names, mut blocked, mut idle) = (Vec::new(), Vec::new(), Vec::new());
    for (who, since) in &permits.holders {
        match stuck(who) {
            Some(why) => {
                stuck_names.push(who.as_str());
                parts.push(format!("{who} holds the permit since tick {since}; {why}"));
            }
            None => parts.push(format!("{who} holds the permit since tick {since}")),
        }
    }
    for (who, since) in &permits.queued {
        match (stuck(who), find(who)) {
            (Some(why), _) => {
                stuck_names.push(who.as_str());
                parts.push(format!(
                    "{who} queues for the permit since tick {since}; {why}"
                ));
            }
            // Watched, and never woken: waiting its turn.
            (None, Some(_)) => idle.push(who.as_str()),
            (None, None) => {
                blocked.push(who.as_str());
                parts.push(format!("{who} queues for the permit since tick {since}"));
            }
        }
    }
    if !idle.is_empty() {
        parts.push(format!(
            "{} more queue, never woken ({})",
            idle.len(),
            idle.join(", ")
        ));
    }
    if permits.holders.is_empty() && permits.available == 0 {
        parts.push(
            "no future holds the permit by name and none is available: inferred from tokio's \
             first-in-first-out hand-off, the semaphore gave it to the first waiter, not \
             polled since"
                .into(),
        );
    }
    let mut out = parts.join("; ");
    if !stuck_names.is_empty() && !blocked.is_empty() {
        out += &format!(
            ". {} waits for the permit while {}, woken, is not polled",
            blocked.join(" and "),
            stuck_names.join(" and ")
        );
    }
    out
}

/// Whether the pictures show the deadlock these checks look for: a watched future, woken and
/// not polled since, holds the permit or is first in its queue with none available (tokio
/// hands a released permit to the first waiter). Any other deadlock is of another kind.
pub fn is_unpolled_deadlock(permits: &PermitPicture, watched: &[Watched]) -> bool {
    let stuck = |who: &str| {
        watched
            .iter()
            .any(|w| w.name == who && !w.completed && w.woken_unpolled.is_some())
    };
    permits.holders.iter().any(|(w, _)| stuck(w))
        || (permits.available == 0
            && permits.holders.is_empty()
            && permits.queued.first().is_some_and(|(w, _)| stuck(w)))
}

/// A deadlock's evidence: the explanation, the frozen pictures as data, and whether a
/// second run of the same deterministic input explained itself the same way.
pub fn evidence(
    input: String,
    why: &str,
    again: &str,
    permits: Option<&PermitPicture>,
    watched: &[Watched],
    search: &str,
) -> Counterexample {
    let unpolled: Vec<_> = watched
        .iter()
        .filter(|w| !w.completed && w.woken_unpolled.is_some())
        .map(|w| json!({ "future": w.name, "woken": w.woken_unpolled, "last polled": w.last_polled }))
        .collect();
    Counterexample {
        input,
        failure: why.to_string(),
        data: json!({
            "permits": permits.map(|p| json!({
                "holders": p.holders, "queued": p.queued, "available": p.available
            })),
            "unpolled": unpolled,
        }),
        reproduced: u32::from(again == why),
        reruns: 1,
        search: Some(search.into()),
    }
}

/// Futures woken and not polled when the run ended.
pub fn unpolled(watched: &[Watched]) -> usize {
    watched
        .iter()
        .filter(|w| !w.completed && w.woken_unpolled.is_some())
        .count()
}

/// A permit run, judged: `pass` when it completed its work; `Deadlock`, with the evidence
/// `evidence` builds from this run's explanation and a rerun's, when the frozen pictures
/// show the kind these checks look for (`stuck`); `fail` for a deadlock of another kind or
/// unfinished work; the executor's verdict for any other end.
pub fn judge<T>(
    outcome: &Outcome<T>,
    incomplete: Option<String>,
    pass: String,
    stuck: bool,
    why: String,
    evidence: impl FnOnce(&str) -> Counterexample,
) -> (Verdict, String, Option<Counterexample>) {
    match (outcome, incomplete) {
        (Outcome::Completed(_), None) => (Verdict::Pass, pass, None),
        (Outcome::Deadlock { .. }, _) if stuck => {
            let cx = evidence(&why);
            (Verdict::Deadlock, why, Some(cx))
        }
        (Outcome::Deadlock { .. }, _) => (
            Verdict::Fail,
            format!("a deadlock of another kind: {why}"),
            None,
        ),
        (Outcome::Completed(_), Some(problem)) => (Verdict::Fail, problem, None),
        (other, _) => (
            crate::verdict_of(other.as_ref().map(|_| true)),
            format!("the run ended: {other}"),
            None,
        ),
    }
}

//! The answers the checks build, fed through the comparison: each count or share lands on
//! its own question, and the thresholds are the documented ones.

use lab_findings::Verdict;
use lab_runtimes::Runtime;

use super::drains::{Drains, SHARE_KIND, STARVED_KIND, UNTOUCHED};
use super::tally::{Ran, Tally};
use super::{Measured, compare, concurrent, judge};

const LAB: Runtime = Runtime::Lab;
const SMOL: Runtime = Runtime::Smol;

fn tally(ran: impl IntoIterator<Item = Ran>) -> Tally {
    let mut t = Tally::default();
    for (i, r) in ran.into_iter().enumerate() {
        t.record(i, r);
    }
    t
}

fn clean(n: usize) -> Tally {
    tally((0..n).map(|_| Ran::Clean))
}

/// 40 clean drains that each yielded to the runtime once.
fn drained(share: f64, median: u64) -> Drains {
    Drains {
        tally: clean(40),
        shares: Some((share, median)),
        yielded: 40,
        polls: vec![2; 40],
        ..Drains::default()
    }
}

#[test]
fn each_count_of_a_race_lands_on_its_own_question() {
    let names = &concurrent::NAMES;
    for (ran, question) in [
        (Ran::Lossy("s0#1 lost".into()), names.questions[0]),
        (Ran::Unfinished("timed out".into()), names.questions[1]),
        (Ran::Panicked("boom".into()), names.questions[2]),
    ] {
        let real = tally([Ran::Clean, ran]);
        let c = compare("smol", &clean(2).answers(names), &real.answers(names));
        assert_eq!(c.disagreements.len(), 1, "{question}: {c:?}");
        assert!(
            c.disagreements[0].starts_with(&format!("smol {question}: yes (in 1 of 2 races)")),
            "{c:?}"
        );
        // The failing run is named, by its index.
        assert!(
            c.disagreements[0].contains("smol's first: race 1: "),
            "{c:?}"
        );
    }
}

#[test]
fn an_uneven_share_and_a_starved_source_are_their_own_questions() {
    let even = drained(0.5, 128);
    for (other, question) in [
        // More than 0.1 from one half is uneven.
        (drained(0.61, 128), SHARE_KIND),
        (drained(0.39, 128), SHARE_KIND),
        (drained(0.5, 0), STARVED_KIND),
    ] {
        let c = compare("smol", &even.answers(LAB), &other.answers(SMOL));
        assert_eq!(c.disagreements.len(), 1, "{question}: {c:?}");
        assert!(
            c.disagreements[0].starts_with(&format!("smol {question}: yes")),
            "{c:?}"
        );
    }
    // 0.6 and 0.4 are not (in floating point they sit just inside 0.1 of one half), and a
    // source 1 that got one item did not starve.
    for near in [drained(0.6, 1), drained(0.4, 1)] {
        let c = compare("smol", &even.answers(LAB), &near.answers(SMOL));
        assert!(c.disagreements.is_empty(), "{c:?}");
    }
}

#[test]
fn a_failed_drain_is_a_disagreement_and_its_share_is_not_compared() {
    let failed = Drains {
        tally: tally([
            Ran::Clean,
            Ran::Unfinished("timed out after 2000 ms".into()),
        ]),
        yielded: 1,
        ..Drains::default()
    };
    let c = compare(
        "async-std",
        &drained(0.5, 128).answers(LAB),
        &failed.answers(Runtime::AsyncStd),
    );
    assert_eq!(c.disagreements.len(), 1, "{c:?}");
    assert!(
        c.disagreements[0].starts_with("async-std left a drain unfinished: yes (in 1 of 2 drains)"),
        "{c:?}"
    );
    let named = |c: &super::Comparison| {
        [SHARE_KIND, STARVED_KIND]
            .iter()
            .all(|k| c.not_compared.iter().any(|n| n.kind == *k))
    };
    assert_eq!(c.not_compared.len(), 2, "{c:?}");
    assert!(named(&c), "{c:?}");
    // Both sides failing agree on the failure and still name what they could not compare.
    let c = compare(
        "async-std",
        &failed.answers(LAB),
        &failed.answers(Runtime::AsyncStd),
    );
    assert!(c.disagreements.is_empty(), "{c:?}");
    assert_eq!(c.not_compared.len(), 2, "{c:?}");
    assert!(named(&c), "{c:?}");
}

#[test]
fn no_run_answers_nothing_and_the_verdict_is_not_run() {
    let none = Drains::default();
    assert!(none.answers(LAB).iter().all(|a| a.yes.is_none()));
    let mut answers = clean(0).answers(&concurrent::NAMES);
    answers.extend(none.answers(LAB));
    let measured: Vec<Measured> = [Runtime::Lab, Runtime::Smol]
        .into_iter()
        .map(|runtime| Measured {
            runtime,
            answers: answers.clone(),
        })
        .collect();
    let (verdict, summary, _) = judge(&measured, "0 scripts and 0 drains each", "");
    assert_eq!(verdict, Verdict::NotRun, "{summary}");
}

#[test]
fn a_question_nobody_could_answer_is_named_once_over_every_runtime() {
    // Races ran, drains did not: the drain questions are not compared, each named once.
    let mut answers = clean(4).answers(&concurrent::NAMES);
    answers.extend(Drains::default().answers(LAB));
    let measured: Vec<Measured> = [Runtime::Lab, Runtime::Smol, Runtime::AsyncStd]
        .into_iter()
        .map(|runtime| Measured {
            runtime,
            answers: answers.clone(),
        })
        .collect();
    let (verdict, summary, _) = judge(&measured, "4 scripts and 0 drains each", "");
    assert_eq!(verdict, Verdict::Pass, "{summary}");
    for kind in [SHARE_KIND, STARVED_KIND] {
        assert_eq!(summary.matches(kind).count(), 1, "{summary}");
    }
    assert!(
        summary.contains("the lab, smol, async-std: no drain ran"),
        "{summary}"
    );
}

#[test]
fn drains_a_real_runtime_never_touched_are_not_compared() {
    // Drains that finished in their first poll: the lab's still answer, as the reference.
    let one_poll = |share, median| Drains {
        yielded: 0,
        polls: vec![1; 40],
        ..drained(share, median)
    };
    let lab = one_poll(0.5, 128).answers(LAB);
    assert!(lab.iter().all(|a| a.yes.is_some()), "{lab:?}");
    // A real runtime's say nothing, even where the figures would differ.
    let smol = one_poll(1.0, 0).answers(SMOL);
    assert!(smol.iter().all(|a| a.yes.is_none()), "{smol:?}");
    let c = compare("smol", &lab, &smol);
    assert!(c.disagreements.is_empty(), "{c:?}");
    assert_eq!(c.not_compared.len(), 5, "{c:?}");
    // All five drain questions, named once together, with the reason.
    let said = super::answer::describe_not_compared(&c.not_compared);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].ends_with(&format!("(smol: {UNTOUCHED})")),
        "{said:?}"
    );
    // One drain that yielded is enough for the runtime's answers to count.
    let yielded = Drains {
        yielded: 1,
        ..one_poll(1.0, 0)
    };
    let c = compare("smol", &lab, &yielded.answers(SMOL));
    assert_eq!(c.disagreements.len(), 2, "{c:?}");
    // So is one that ran out of tokio's budget within its first poll.
    let limited = Drains {
        budget_ran_out: 1,
        ..one_poll(1.0, 0)
    };
    let c = compare("smol", &lab, &limited.answers(SMOL));
    assert_eq!(c.disagreements.len(), 2, "{c:?}");
}

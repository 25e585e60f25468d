//! The comparison of a real runtime with the lab: each side answers the same yes/no
//! questions about its runs ("did any race lose an item?"), each answer with the count
//! behind it, and a runtime disagrees where an answer differs. Counts are shown, not
//! compared: on a real runtime they move with real time from run to run.

/// One yes/no answer about one runtime's runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The question, as a phrase that follows the runtime's name: "lost an item".
    pub kind: &'static str,
    /// `None` when the runs cannot answer it (no run of its kind, or drains that failed
    /// give no share): the question is then not compared.
    pub yes: Option<bool>,
    /// What the answer rests on, for a reader: "in 9 of 12 races".
    pub evidence: String,
    /// The first run that answered yes, for a reader.
    pub first: Option<String>,
}

impl Answer {
    pub fn new(kind: &'static str, yes: bool, evidence: String) -> Self {
        Self {
            kind,
            yes: Some(yes),
            evidence,
            first: None,
        }
    }

    /// A question these runs cannot answer, and why.
    pub fn unanswered(kind: &'static str, why: String) -> Self {
        Self {
            kind,
            yes: None,
            evidence: why,
            first: None,
        }
    }
}

/// The answers of one runtime against the lab's.
#[derive(Debug, Default, PartialEq)]
pub struct Comparison {
    /// One sentence per question the two answer differently.
    pub disagreements: Vec<String>,
    /// Questions a side could not answer (drains that failed give no share), so not
    /// compared; the failure itself is a question both answer.
    pub not_compared: Vec<NotCompared>,
}

/// A question not compared, and why: each side that could not answer it with its reason.
#[derive(Clone, Debug, PartialEq)]
pub struct NotCompared {
    pub kind: &'static str,
    pub why: Vec<(String, String)>,
}

/// The questions not compared over several runtimes, each named once with the sides that
/// could not answer it grouped by reason, and questions with the same sides and reasons
/// named together: "gave source 0 an uneven share, starved source 1 not compared (the
/// lab, smol: no drain ran)".
pub fn describe_not_compared(all: &[NotCompared]) -> Vec<String> {
    // Per question, its reasons; per reason, the sides that gave it.
    type Sides<'a> = Vec<&'a str>;
    let mut kinds: Vec<(&str, Vec<(&str, Sides)>)> = Vec::new();
    for n in all {
        let at = match kinds.iter().position(|(k, _)| *k == n.kind) {
            Some(at) => at,
            None => {
                kinds.push((n.kind, Vec::new()));
                kinds.len() - 1
            }
        };
        let reasons = &mut kinds[at].1;
        for (side, reason) in &n.why {
            match reasons.iter_mut().find(|(r, _)| r == reason) {
                Some((_, sides)) if sides.contains(&side.as_str()) => {}
                Some((_, sides)) => sides.push(side),
                None => reasons.push((reason, vec![side])),
            }
        }
    }
    // Per list of reasons, its questions.
    let mut grouped: Vec<(Vec<&str>, String)> = Vec::new();
    for (kind, reasons) in kinds {
        let why: Vec<String> = reasons
            .into_iter()
            .map(|(reason, sides)| format!("{}: {reason}", sides.join(", ")))
            .collect();
        let why = why.join("; ");
        match grouped.iter_mut().find(|(_, w)| *w == why) {
            Some((questions, _)) => questions.push(kind),
            None => grouped.push((vec![kind], why)),
        }
    }
    grouped
        .into_iter()
        .map(|(questions, why)| format!("{} not compared ({why})", questions.join(", ")))
        .collect()
}

/// Compares `runtime`'s answers with the lab's, question by question.
pub fn compare(runtime: &str, lab: &[Answer], real: &[Answer]) -> Comparison {
    let mut out = Comparison::default();
    let mut seen = Vec::new();
    for kind in lab.iter().chain(real).map(|a| a.kind) {
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        let find = |side: &'_ [Answer]| side.iter().find(|a| a.kind == kind).cloned();
        let (l, r) = (find(lab), find(real));
        match (&l, &r) {
            (Some(l @ Answer { yes: Some(ly), .. }), Some(r @ Answer { yes: Some(ry), .. })) => {
                if ly != ry {
                    out.disagreements.push(differ(runtime, kind, l, r));
                }
            }
            _ => {
                let why = |side: &str, a: &Option<Answer>| match a {
                    Some(Answer { yes: Some(_), .. }) => None,
                    Some(a) => Some((side.to_string(), a.evidence.clone())),
                    None => Some((side.to_string(), "not asked".to_string())),
                };
                out.not_compared.push(NotCompared {
                    kind,
                    why: [why("the lab", &l), why(runtime, &r)]
                        .into_iter()
                        .flatten()
                        .collect(),
                });
            }
        }
    }
    out
}

/// The sentence for answers `lab` and `real` that differ; the side that said yes names
/// its first run of this kind.
fn differ(runtime: &str, kind: &str, lab: &Answer, real: &Answer) -> String {
    let yes = |a: &Answer| a.yes == Some(true);
    let (named, side) = if yes(real) {
        (runtime, real)
    } else {
        ("the lab", lab)
    };
    let first = side
        .first
        .as_ref()
        .map(|f| format!(" ({named}'s first: {f})"))
        .unwrap_or_default();
    let word = |a: &Answer| if yes(a) { "yes" } else { "no" };
    format!(
        "{runtime} {kind}: {} ({}), the lab: {} ({}){first}",
        word(real),
        real.evidence,
        word(lab),
        lab.evidence,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yes(kind: &'static str, evidence: &str) -> Answer {
        Answer::new(kind, true, evidence.into())
    }

    fn no(kind: &'static str, evidence: &str) -> Answer {
        Answer::new(kind, false, evidence.into())
    }

    #[test]
    fn the_same_answers_with_other_counts_agree() {
        let lab = [
            yes("lost an item", "in 10 of 12"),
            no("panicked", "0 of 12"),
        ];
        let real = [yes("lost an item", "in 9 of 12"), no("panicked", "0 of 12")];
        assert_eq!(compare("smol", &lab, &real), Comparison::default());
    }

    #[test]
    fn each_kind_of_answer_that_differs_is_a_disagreement() {
        let (races, drains, cases) = (
            crate::runtimes::concurrent::NAMES.questions,
            crate::runtimes::drains::NAMES.questions,
            crate::runtimes::iterator::NAMES.questions,
        );
        let shares = [
            crate::runtimes::drains::SHARE_KIND,
            crate::runtimes::drains::STARVED_KIND,
        ];
        for kind in races.into_iter().chain(drains).chain(cases).chain(shares) {
            let mut first = yes(kind, "in 1 of 12");
            first.first = Some("script 3: item s0#1 lost".into());
            let c = compare("smol", &[no(kind, "in 0 of 12")], &[first.clone()]);
            assert_eq!(
                c.disagreements,
                [format!(
                    "smol {kind}: yes (in 1 of 12), the lab: no (in 0 of 12) \
                     (smol's first: script 3: item s0#1 lost)"
                )]
            );
            // The other way round, the lab's first run is named.
            let c = compare("smol", &[first], &[no(kind, "in 0 of 12")]);
            assert_eq!(c.disagreements.len(), 1, "{kind}");
            assert!(c.disagreements[0].contains("the lab's first"), "{c:?}");
        }
    }

    #[test]
    fn a_question_a_side_could_not_answer_is_named_not_compared() {
        let lab = [
            no("left a drain unfinished", "in 0 of 40"),
            no("starved source 1", "median 128"),
        ];
        let real = [
            yes("left a drain unfinished", "in 1 of 40"),
            Answer::unanswered("starved source 1", "a drain failed".into()),
        ];
        let c = compare("async-std", &lab, &real);
        assert_eq!(c.disagreements.len(), 1);
        assert_eq!(
            describe_not_compared(&c.not_compared),
            ["starved source 1 not compared (async-std: a drain failed)"]
        );
        // Neither side answering is named too, with both sides' reasons.
        let none = [Answer::unanswered(
            "starved source 1",
            "no drain ran".into(),
        )];
        let c = compare("smol", &none, &none);
        let d = compare("async-std", &none, &none);
        // Over two runtimes the question is named once, the sides with one reason together.
        let all = [c.not_compared, d.not_compared].concat();
        assert_eq!(
            describe_not_compared(&all),
            ["starved source 1 not compared (the lab, smol, async-std: no drain ran)"]
        );
        // Questions with the same sides and reasons are named together, others apart.
        let share = NotCompared {
            kind: "gave source 0 an uneven share",
            ..all[0].clone()
        };
        let other = NotCompared {
            kind: "panicked in a drain",
            why: vec![("smol".into(), "not asked".into())],
        };
        assert_eq!(
            describe_not_compared(&[all[0].clone(), other, share]),
            [
                "starved source 1, gave source 0 an uneven share not compared (the lab, smol: \
                 no drain ran)",
                "panicked in a drain not compared (smol: not asked)"
            ]
        );
    }

    #[test]
    fn every_question_has_a_name_of_its_own() {
        // compare matches answers by name: two questions of one name would be one.
        let mut names: Vec<&str> = crate::runtimes::concurrent::NAMES
            .questions
            .into_iter()
            .chain(crate::runtimes::drains::NAMES.questions)
            .chain(crate::runtimes::iterator::NAMES.questions)
            .chain([
                crate::runtimes::drains::SHARE_KIND,
                crate::runtimes::drains::STARVED_KIND,
            ])
            .collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 11);
    }
}

//! How one design's runs went on one runtime — clean, lossy, unfinished or panicked —
//! counted the same way for the concurrent races and the iterator's cancellation cases,
//! with the figures, the yes/no answers and the table cell made from the count.

use lab_executor::Outcome;
use lab_findings::{Figure, Finding, format};

use super::RUNTIME;
use super::answer::Answer;

/// How one run ended, with what happened when it was not clean.
pub enum Ran {
    Clean,
    /// Lost, duplicated, reordered or invented data.
    Lossy(String),
    /// The lab's deadlock or step budget, a real runtime's deadline (a real runtime cannot
    /// tell a deadlock from a slow run).
    Unfinished(String),
    Panicked(String),
}

impl Ran {
    /// How a run that did not complete ended; `None` when it completed, and its data are
    /// still to be audited.
    pub fn unfinished(outcome: &Outcome<()>) -> Option<Ran> {
        match outcome {
            Outcome::Completed(()) => None,
            Outcome::Panicked { message } => Some(Ran::Panicked(format!("panicked: {message}"))),
            other => Some(Ran::Unfinished(other.to_string())),
        }
    }
}

/// What a check calls its runs and their figures.
pub struct Names {
    /// The runs, plural: "races", "cases".
    pub noun: &'static str,
    pub runs: &'static str,
    pub lossy: &'static str,
    pub unfinished: &'static str,
    pub panicked: &'static str,
    /// The questions the lossy, unfinished and panicked counts answer: "lost an item in a
    /// race", "left a race unfinished", "panicked in a race".
    pub questions: [&'static str; 3],
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub runs: u32,
    pub lossy: u32,
    pub unfinished: u32,
    pub panicked: u32,
    /// The first run of each kind (lossy, unfinished, panicked): its index and what
    /// happened.
    pub first: [Option<(usize, String)>; 3],
}

impl Tally {
    /// Counts run `index`.
    pub fn record(&mut self, index: usize, ran: Ran) {
        self.runs += 1;
        let (kind, what) = match ran {
            Ran::Clean => return,
            Ran::Lossy(what) => {
                self.lossy += 1;
                (0, what)
            }
            Ran::Unfinished(what) => {
                self.unfinished += 1;
                (1, what)
            }
            Ran::Panicked(what) => {
                self.panicked += 1;
                (2, what)
            }
        };
        self.first[kind].get_or_insert((index, what));
    }

    fn counts(&self) -> [u32; 3] {
        [self.lossy, self.unfinished, self.panicked]
    }

    /// Whether any run lost data, any was left unfinished, any panicked; unanswered when
    /// nothing ran.
    pub fn answers(&self, names: &Names) -> Vec<Answer> {
        let noun = names.noun;
        names
            .questions
            .into_iter()
            .zip(self.counts())
            .zip(&self.first)
            .map(|((kind, n), first)| {
                if self.runs == 0 {
                    return Answer::unanswered(kind, format!("no {} ran", singular(noun)));
                }
                Answer {
                    first: first
                        .as_ref()
                        .map(|(i, what)| format!("{} {i}: {what}", singular(noun))),
                    ..Answer::new(kind, n > 0, format!("in {n} of {} {noun}", self.runs))
                }
            })
            .collect()
    }

    /// "lost 3/12 · unfinished 1/12", "clean 12/12", or "none ran".
    pub fn describe(&self) -> String {
        describe(f64::from(self.runs), self.counts().map(f64::from))
    }

    /// Whether every run was clean (and at least one ran).
    pub fn all_clean(&self) -> bool {
        self.runs > 0 && self.counts() == [0; 3]
    }

    /// The count as figures of `runtime`.
    pub fn figures(&self, names: &Names, runtime: &str) -> Vec<Figure> {
        let unit = names.noun;
        [
            (names.runs, self.runs),
            (names.lossy, self.lossy),
            (names.unfinished, self.unfinished),
            (names.panicked, self.panicked),
        ]
        .into_iter()
        .map(|(name, n)| Figure::new(name, f64::from(n), unit).at(RUNTIME, runtime))
        .collect()
    }
}

fn singular(noun: &str) -> &str {
    noun.strip_suffix('s').unwrap_or(noun)
}

/// A runtime's count read back from `f`'s figures, for its table cell: "lost 3/12";
/// `None` when the runtime did not run.
pub fn cell(f: &Finding, names: &Names, runtime: &str) -> Option<String> {
    let at = [(RUNTIME, runtime.into())];
    let runs = f.value(names.runs, &at)?;
    let n = |m| f.value(m, &at).unwrap_or(0.0);
    Some(describe(
        runs,
        [n(names.lossy), n(names.unfinished), n(names.panicked)],
    ))
}

/// "lost 3/12 · unfinished 1/12", "clean 12/12", or "none ran".
pub fn describe(runs: f64, counts: [f64; 3]) -> String {
    if runs == 0.0 {
        return "none ran".into();
    }
    let parts: Vec<String> = ["lost", "unfinished", "panicked"]
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0.0)
        .map(|(word, n)| format!("{word} {}/{}", format::value(n), format::value(runs)))
        .collect();
    if parts.is_empty() {
        format!("clean {}/{}", format::value(runs), format::value(runs))
    } else {
        parts.join(" · ")
    }
}

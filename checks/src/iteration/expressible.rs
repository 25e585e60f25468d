//! What cannot be written (seed 000): a lending source (each item borrows the source) and
//! `!Send` items under each iteration strategy, as trybuild compile-pass and compile-fail
//! cases (`expressible/cases/`). A rejected case shows that the construct as the lab wrote
//! it does not compile, with rustc's error; it does not show that no other way of writing
//! the strategy could.

use lab_designs::iteration;
use lab_findings::Finding;

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::compiled::{self, CASE, COMPILES};
use crate::section::{self, Facts, Table};
use crate::{ITERATION, design_ref};

pub const CHECK: &str = "expressible";
/// The case folders, as the item kinds they put through the strategies.
pub const LENDING: &str = "lending/";
pub const NOT_SEND: &str = "not_send/";

pub struct Expressible;

impl Check for Expressible {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATION,
            kind: Kind::Compile,
            about: "whether a lending source and !Send items compile under each strategy (trybuild)",
            title: "What each strategy can express: lending items and !Send items",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::design_ids(ITERATION)
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Compile(runs) = input else {
            return Err(wrong_input(self));
        };
        let designs: Vec<_> = iteration::all()
            .iter()
            .map(|d| design_ref(&d.info()))
            .collect();
        let runs: Vec<_> = runs
            .iter()
            .filter(|r| r.file.starts_with(LENDING) || r.file.starts_with(NOT_SEND))
            .cloned()
            .collect();
        Ok(compiled::findings(&runs, ITERATION, CHECK, &designs))
    }

    fn intro(&self, f: &Facts) -> String {
        let cases: u64 = f.findings.iter().filter_map(|x| x.cases).sum();
        format!(
            "Each strategy is written over a lending source (`async fn next(&mut self) -> \
             Option<&mut u32>`: an item borrows the source, seed 000's `type Item<'a> = &'a \
             mut State`) and over a stream of `Rc` items whose body holds the item across \
             an await, as trybuild cases that must compile or must be rejected with the \
             error their snapshot holds; each case's declaration comes from the signatures \
             it goes through (listed with the cases in expressible/src/lib.rs). The lending \
             source is written over directly (the sequential loop; bodies overlapping in \
             the loop's task, as the in-task strategies run them; a JoinSet; the lab's \
             spawn) and through a Stream made from it, which the Stream-taking strategies \
             need: a sequential loop over that Stream is the control, since a rejection \
             there is the adaptor's, whatever consumes it. One case per construct, at one \
             limit, serves the designs that differ only in their limit. A rejection shows \
             that the form the lab wrote does not compile, not that no form of the strategy \
             could. A case that neither compiled and ran nor matched its snapshot is not \
             judged. Case results per strategy, counted once per strategy they name: \
             {cases}."
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let cell = |f: &Finding, prefix: &str| {
            let cases: Vec<String> = f
                .figures
                .iter()
                .filter(|g| g.metric == COMPILES)
                .filter_map(|g| {
                    let file = g.params.get(CASE)?.as_text()?;
                    let name = file.strip_prefix(prefix)?.trim_end_matches(".rs");
                    let verdict = if g.value == 1.0 {
                        "compiles"
                    } else {
                        "rejected"
                    };
                    Some(format!("{verdict} ({name})"))
                })
                .collect();
            if cases.is_empty() {
                "—".into()
            } else {
                cases.join(", ")
            }
        };
        Some(section::rows(
            findings,
            vec!["lending source".into(), "!Send items".into()],
            |f| vec![cell(f, LENDING), cell(f, NOT_SEND)],
        ))
    }
}

/// Whether `f`'s strategy compiled over the lending source in case `file` (under
/// `lending/`).
pub fn lends(f: &Finding, file: &str) -> Option<bool> {
    compiled::compiled(f, &format!("{LENDING}{file}"))
}

/// Whether `f`'s strategy compiled over `!Send` items in case `file` (under `not_send/`).
pub fn takes_not_send(f: &Finding, file: &str) -> Option<bool> {
    compiled::compiled(f, &format!("{NOT_SEND}{file}"))
}

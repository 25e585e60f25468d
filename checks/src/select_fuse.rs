//! Seed 002's fuse requirement at compile time: an unfused stream's `next()` in each
//! `select!` design's macro (`futures::select!` / `select_biased!`, `tokio::select!`), and
//! the same loop with the streams fused, as trybuild cases (`expressible/cases/unfused/`).
//! What each macro then does with a source that has ended is the poll-after-end check's.

use lab_designs::concurrent;
use lab_findings::Finding;

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::compiled::{self, CASE, COMPILES};
use crate::section::{self, Facts, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "select-fuse";
pub const UNFUSED: &str = "unfused/";
/// The designs whose macro the cases write.
pub const DESIGNS: [&str; 5] = [
    "futures-select-recreate",
    "futures-select-hoisted",
    "futures-select-biased",
    "tokio-select",
    "tokio-select-biased",
];

pub struct SelectFuse;

impl Check for SelectFuse {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::Compile,
            about: "whether each select! macro accepts an unfused stream's next() (trybuild)",
            title: "Fuse requirements at compile time: unfused streams in select!",
        }
    }

    fn designs(&self) -> Vec<String> {
        DESIGNS.iter().map(|d| d.to_string()).collect()
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Compile(runs) = input else {
            return Err(wrong_input(self));
        };
        let designs = DESIGNS
            .iter()
            .map(|id| concurrent::by_id(id).map(|d| design_ref(&d.info())))
            .collect::<Result<Vec<_>, _>>()?;
        let runs: Vec<_> = runs
            .iter()
            .filter(|r| r.file.starts_with(UNFUSED))
            .cloned()
            .collect();
        Ok(compiled::findings(&runs, CONCURRENT, CHECK, &designs))
    }

    fn intro(&self, _: &Facts) -> String {
        "Two streams that implement Stream but not FusedStream, raced in a select! loop by \
         next(), written with each design's macro as a trybuild case that must compile or \
         must be rejected with its snapshot's error; futures' select! and select_biased! \
         are also given the same loop with both streams fused. Each case's declaration \
         comes from the macros' bounds: futures' select! and select_biased! take \
         FusedFuture futures, and Next is one only over a FusedStream; tokio's select! has \
         no such bound. A case that neither compiled and ran nor matched its snapshot is \
         not judged."
            .into()
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::rows(
            findings,
            vec!["unfused streams".into(), "fused streams".into()],
            |f| {
                let cell = |fused: bool| {
                    let cases: Vec<&str> = f
                        .figures
                        .iter()
                        .filter(|g| g.metric == COMPILES)
                        .filter(|g| {
                            let file = g.params.get(CASE).and_then(|p| p.as_text());
                            file.is_some_and(|c| c.contains("_fused") == fused)
                        })
                        .map(|g| {
                            if g.value == 1.0 {
                                "compiles"
                            } else {
                                "rejected"
                            }
                        })
                        .collect();
                    if cases.is_empty() {
                        "not written".into()
                    } else {
                        cases.join(", ")
                    }
                };
                vec![cell(false), cell(true)]
            },
        ))
    }
}

//! Instruction counts (callgrind) of the iterator workloads: instructions per line of each
//! style's line splitter and per item of the adapter chains at each depth, with ratios to
//! the synchronous floors.

use lab_designs::iterator;
use lab_findings::{DesignRef, Figure, Finding, Repro, format};
use lab_workloads::bench::{CHAIN_DEPTHS, CHAIN_ITEMS, FLOOR};

use crate::baselines::{CHAINS, chain_ref, iterator_bench_ids, lines_floor};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::counting::{per_line, per_unit, strings, twice};
use crate::iter_throughput::{DEPTH, depth_table, lines_constants};
use crate::matrix::{self, MatrixColumn};
use crate::measure::Counter;
use crate::rank::Noise;
use crate::section::{Facts, RATIO, Table};
use crate::{ITERATOR, design_ref};

pub const CHECK: &str = "iter-instructions";
pub const PER_LINE: &str = "instructions/line";
pub use crate::instructions::PER_ITEM;
/// How far a recount of the same workload moved the count, per line or per item.
pub const RECOUNT: &str = "recount difference";

pub struct IterInstructions;

impl Check for IterInstructions {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATOR,
            kind: Kind::Callgrind,
            about: "instructions per line of each line splitter and per chain item, against the floor",
            title: "Instructions: line splitter and adapter chains (callgrind)",
        }
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        lines_constants()
    }

    fn designs(&self) -> Vec<String> {
        iterator_bench_ids()
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        match input {
            Input::Counter(counter) => Ok(measure(counter)),
            _ => Err(wrong_input(self)),
        }
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "The throughput workloads counted under callgrind, each in a fresh \
             lab-icount-target process minus the same process with no input: instructions \
             per line ({} lines) and per chain item ({} items, depths {}), and the ratio to \
             the synchronous floor. Each design's workload is counted twice, and how far the \
             recount moved it is a figure of its own ({} instructions per line or item at \
             most, in this run): a difference between two designs counts only beyond it.",
            f.s("lines"),
            f.s("chain items"),
            format::list(&f.ints(DEPTH)),
            f.range(RECOUNT, |_| true),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(depth_table(findings, PER_LINE, "", Noise::Recount(RECOUNT)))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::figures(
            "instr/line",
            "instructions per line of the line splitter under callgrind",
            findings,
            PER_LINE,
            &[],
            "",
        )]
    }
}

fn measured(design: DesignRef, summary: String, figures: Vec<Figure>) -> Finding {
    Finding::measured(ITERATOR, CHECK, design, summary, figures, Repro::Callgrind)
}

/// Instructions per line of each style's line splitter and per item of the adapter chains
/// at each depth; what could not be counted is returned as problems.
pub fn measure(counter: &dyn Counter) -> Produced {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let floor = per_line(counter, FLOOR).map_err(|e| problems.push(e)).ok();
    if let Some(f) = floor {
        out.push(measured(
            lines_floor(),
            format!("{f:.0} instructions per line"),
            vec![Figure::new(PER_LINE, f, "instructions")],
        ));
    }
    for (d, _) in iterator::line_splitters() {
        let info = d.info();
        match twice(|| per_line(counter, info.id)) {
            Ok((v, recount)) => {
                let mut figures = vec![
                    Figure::new(PER_LINE, v, "instructions"),
                    Figure::new(RECOUNT, recount, "instructions per line"),
                ];
                let mut summary = format!("{v:.0} instructions per line");
                if let Some(f) = floor.filter(|f| *f > 0.0) {
                    figures.push(Figure::new(RATIO, v / f, "×"));
                    summary += &format!(", {:.2}× the synchronous floor", v / f);
                }
                out.push(measured(design_ref(&info), summary, figures));
            }
            Err(e) => problems.push(e),
        }
    }
    out.extend(chains(counter, &mut problems));
    Produced {
        findings: out,
        problems,
    }
}

/// The chains at every depth, against the `Iterator` chain at the same depth.
fn chains(counter: &dyn Counter, problems: &mut Vec<String>) -> Vec<Finding> {
    let chain = |side: &'static str, depth: usize| {
        move |n: u64| {
            strings(&[
                "chain",
                "--side",
                side,
                "--depth",
                &depth.to_string(),
                "--items",
                &n.to_string(),
            ])
        }
    };
    let floors: Vec<Option<f64>> = CHAIN_DEPTHS
        .iter()
        .map(|&depth| {
            per_unit(counter, chain("floor", depth), CHAIN_ITEMS)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    let mut out = Vec::new();
    for (id, side) in CHAINS {
        let mut figures = Vec::new();
        let mut parts = Vec::new();
        for (&depth, floor) in CHAIN_DEPTHS.iter().zip(&floors) {
            match twice(|| per_unit(counter, chain(side, depth), CHAIN_ITEMS)) {
                Ok((v, recount)) => {
                    figures.push(Figure::new(PER_ITEM, v, "instructions").at(DEPTH, depth));
                    figures.push(
                        Figure::new(RECOUNT, recount, "instructions per item").at(DEPTH, depth),
                    );
                    if let Some(f) = floor.filter(|f| *f > 0.0) {
                        figures.push(Figure::new(RATIO, v / f, "×").at(DEPTH, depth));
                        parts.push(format!("depth {depth}: {:.2}×", v / f));
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        if !figures.is_empty() {
            let summary = format!(
                "instructions per item relative to the Iterator chain: {}",
                parts.join(", ")
            );
            out.push(measured(chain_ref(id), summary, figures));
        }
    }
    out
}

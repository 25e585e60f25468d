//! Iterator throughput: reads criterion's estimates for `benches/benches/iterator.rs` — the
//! line splitter in every style, and adapter chains at depths 1, 2, 4, 8 in both interfaces
//! — as ns per item and the ratio to a synchronous `Iterator` doing the same work.

use std::path::Path;

use lab_designs::iterator;
use lab_findings::{DesignRef, Figure, Finding, Verdict};

use crate::cancellation::QUESTION;
use crate::footprint::{CHAIN_ASYNC_NEXT, CHAIN_POLL_NEXT};
use crate::throughput::{Timing, timing};
use crate::{design_ref_parts, iter_design_ref};

pub const CHECK: &str = "iter-throughput";
pub const LINES_GROUP: &str = "iter-lines";
pub use lab_workloads::bench::{CHAIN_DEPTHS, FLOOR};

pub fn chain_group(depth: usize) -> String {
    format!("iter-chain-d{depth}")
}

const REPRO: &str = "cargo bench -p lab-benches --bench iterator -- '/{id}$' && cargo run --release -p lab -- import-bench";

fn finding(design: DesignRef, summary: String, figures: Vec<Figure>) -> Finding {
    let repro = REPRO.replace("{id}", &design.id);
    Finding::new(
        QUESTION,
        CHECK,
        design,
        Verdict::Measured,
        summary,
        figures,
        repro,
    )
}

/// Ids of the findings a complete import produces.
pub fn expected_ids() -> Vec<String> {
    let mut ids: Vec<String> = iterator::all()
        .iter()
        .filter(|d| d.drain_lines(iterator::empty_reader()).is_some())
        .map(|d| d.info().id.to_string())
        .collect();
    ids.extend([FLOOR, CHAIN_POLL_NEXT, CHAIN_ASYNC_NEXT].map(String::from));
    ids
}

/// Findings for every style and both chains; missing estimates are returned as problems.
pub fn import(criterion: &Path) -> (Vec<Finding>, Vec<String>) {
    let mut problems = Vec::new();
    let mut timed = |group: &str, function: &str| {
        timing(criterion, group, function)
            .map_err(|e| problems.push(e))
            .ok()
    };
    let mut out = Vec::new();
    let floor = timed(LINES_GROUP, FLOOR);
    for d in iterator::all() {
        let info = d.info();
        if d.drain_lines(iterator::empty_reader()).is_none() {
            continue;
        }
        let Some(t) = timed(LINES_GROUP, info.id) else {
            continue;
        };
        let mut figures = vec![Figure::new("ns/line", t.mean, "ns")];
        figures.extend(t.interval_figures("", "line"));
        let mut summary = format!("{:.1} ns per line", t.mean);
        if let Some(f) = floor {
            figures.push(Figure::new("ratio to floor", t.mean / f.mean, "×"));
            summary += &format!(", {:.2}× the synchronous floor", t.mean / f.mean);
        }
        out.push(finding(iter_design_ref(&info), summary, figures));
    }
    if let Some(f) = floor {
        let mut figures = vec![Figure::new("ns/line", f.mean, "ns")];
        figures.extend(f.interval_figures("", "line"));
        out.push(finding(
            design_ref_parts(
                FLOOR,
                "std",
                "Iterator",
                "the line splitter as a synchronous loop over the same reader and splitter: the floor",
            ),
            format!("{:.1} ns per line", f.mean),
            figures,
        ));
    }
    let floors: Vec<Option<Timing>> = CHAIN_DEPTHS
        .iter()
        .map(|&d| timed(&chain_group(d), FLOOR))
        .collect();
    for (id, construct) in [
        (CHAIN_POLL_NEXT, "Map/Filter: Stream"),
        (CHAIN_ASYNC_NEXT, "Map/Filter: AsyncIter"),
    ] {
        let mut figures = Vec::new();
        for (&depth, floor) in CHAIN_DEPTHS.iter().zip(&floors) {
            let Some(t) = timed(&chain_group(depth), id) else {
                continue;
            };
            figures.push(Figure::new(format!("depth {depth}: ns/item"), t.mean, "ns"));
            figures.extend(t.interval_figures(&format!("depth {depth}: "), "item"));
            if let Some(f) = floor {
                figures.push(Figure::new(
                    format!("depth {depth}: ratio to floor"),
                    t.mean / f.mean,
                    "×",
                ));
            }
        }
        if figures.is_empty() {
            continue;
        }
        let ratios: Vec<String> = figures
            .iter()
            .filter(|f| f.name.ends_with("ratio to floor"))
            .map(|f| {
                format!(
                    "{}: {:.2}×",
                    f.name.trim_end_matches(": ratio to floor"),
                    f.value
                )
            })
            .collect();
        out.push(finding(
            design_ref_parts(
                id,
                "lab",
                construct,
                "map/filter chain over an always-ready counter",
            ),
            format!(
                "time per item relative to the Iterator chain: {}",
                ratios.join(", ")
            ),
            figures,
        ));
    }
    (out, problems)
}

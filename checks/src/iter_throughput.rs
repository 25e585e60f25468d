//! Iterator throughput: criterion's estimates for `benches/benches/iterator.rs` — the line
//! splitter in every style, and adapter chains at each depth in both interfaces — as ns per
//! item, with criterion's interval, and the ratio to a synchronous `Iterator` doing the
//! same work.

use lab_designs::iterator;
use lab_findings::{DesignRef, Figure, Finding, Repro, format};
use lab_workloads::bench::{CHAIN_DEPTHS, FLOOR, LINES_GROUP, chain_group};

use crate::baselines::{CHAINS, chain_ref, iterator_bench_ids, lines_floor};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::matrix::{self, MatrixColumn};
use crate::measure::{Timing, Timings};
use crate::rank::{self, Noise};
use crate::section::{Facts, RATIO, Table};
use crate::{ITERATOR, design_ref};

pub const CHECK: &str = "iter-throughput";
pub const NS_LINE: &str = "ns/line";
pub use crate::section::DEPTH;
pub use crate::throughput::NS as NS_ITEM;

pub struct IterThroughput;

impl Check for IterThroughput {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATOR,
            kind: Kind::Criterion,
            about: "time per line of each line splitter and per item of each chain, against the floor",
            title: "Throughput: line splitter and adapter chains",
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
            Input::Timings(t) => Ok(import(t)),
            _ => Err(wrong_input(self)),
        }
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Time per line for each style's line splitter ({} lines in {}-byte chunks, all \
             available; every style and the floor read the same reader and split with the \
             same routine), and per item for map/filter chains of {} items at depths {} \
             (the filters reject some items, so their skip loop runs; both interfaces are \
             drained by the same while-let loop), as ratios to a synchronous Iterator doing \
             the same work in the same run, with criterion's confidence interval of each \
             mean. A difference counts only where the intervals do not overlap.",
            f.s("lines"),
            f.s("chunk"),
            f.s("chain items"),
            format::list(&f.ints(DEPTH)),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(depth_table(findings, NS_LINE, " ns", Noise::Interval))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        matrix::ranked("ns/line", findings, NS_LINE, &[], Noise::Interval)
    }
}

/// The line splitter's and chains' sizes, as the run records them.
pub fn lines_constants() -> Vec<(&'static str, f64)> {
    use lab_workloads::bench::{CHAIN_ITEMS, CHUNK, LINES};
    vec![
        ("lines", LINES as f64),
        ("chunk", CHUNK as f64),
        ("chain items", CHAIN_ITEMS as f64),
    ]
}

/// The line splitters ranked per line (ratio to the floor and to the best, ties inside
/// `noise`), then the chains' ratio to the floor at each depth.
pub fn depth_table(
    findings: &[&Finding],
    per_line: &'static str,
    unit: &str,
    noise: Noise,
) -> Table {
    let mut table = rank::table(findings, per_line, unit, None, noise);
    table
        .columns
        .extend(CHAIN_DEPTHS.iter().map(|d| format!("chain d{d}: × floor")));
    for row in &mut table.rows {
        let f = findings.iter().find(|f| f.anchor() == row.anchor);
        row.cells.extend(CHAIN_DEPTHS.iter().map(|&d| {
            f.and_then(|f| f.value(RATIO, &[(DEPTH, d.into())]))
                .map_or("—".into(), format::value)
        }));
    }
    table
}

fn finding(design: DesignRef, summary: String, figures: Vec<Figure>) -> Finding {
    let repro = Repro::Criterion {
        bench: Some("iterator".into()),
        filter: format!("/{}$", design.id),
    };
    Finding::measured(ITERATOR, CHECK, design, summary, figures, repro)
}

/// Time per line and its interval.
fn line_figures(t: &Timing) -> Vec<Figure> {
    let mut figures = vec![Figure::new(NS_LINE, t.mean, "ns")];
    figures.extend(t.interval_figures(NS_LINE));
    figures
}

/// Findings for every style and both chains; missing estimates are returned as problems.
pub fn import(timings: &dyn Timings) -> Produced {
    let mut problems = Vec::new();
    let mut timed = |group: &str, function: &str| {
        timings
            .timing(group, function)
            .map_err(|e| problems.push(e))
            .ok()
    };
    let mut out = Vec::new();
    let floor = timed(LINES_GROUP, FLOOR);
    for (d, _) in iterator::line_splitters() {
        let info = d.info();
        let Some(t) = timed(LINES_GROUP, info.id) else {
            continue;
        };
        let mut figures = line_figures(&t);
        let mut summary = format!("{:.1} ns per line", t.mean);
        if let Some(f) = floor {
            figures.push(Figure::new(RATIO, t.mean / f.mean, "×"));
            summary += &format!(", {:.2}× the synchronous floor", t.mean / f.mean);
        }
        out.push(finding(design_ref(&info), summary, figures));
    }
    if let Some(f) = floor {
        let summary = format!("{:.1} ns per line", f.mean);
        out.push(finding(lines_floor(), summary, line_figures(&f)));
    }
    let floors: Vec<Option<Timing>> = CHAIN_DEPTHS
        .iter()
        .map(|&d| timed(&chain_group(d), FLOOR))
        .collect();
    for (id, _) in CHAINS {
        let mut figures = Vec::new();
        let mut ratios = Vec::new();
        for (&depth, floor) in CHAIN_DEPTHS.iter().zip(&floors) {
            let Some(t) = timed(&chain_group(depth), id) else {
                continue;
            };
            figures.push(Figure::new(NS_ITEM, t.mean, "ns").at(DEPTH, depth));
            figures.extend(
                t.interval_figures(NS_ITEM)
                    .into_iter()
                    .map(|f| f.at(DEPTH, depth)),
            );
            if let Some(f) = floor {
                figures.push(Figure::new(RATIO, t.mean / f.mean, "×").at(DEPTH, depth));
                ratios.push(format!("depth {depth}: {:.2}×", t.mean / f.mean));
            }
        }
        if figures.is_empty() {
            continue;
        }
        let summary = format!(
            "time per item relative to the Iterator chain: {}",
            ratios.join(", ")
        );
        out.push(finding(chain_ref(id), summary, figures));
    }
    Produced {
        findings: out,
        problems,
    }
}

//! Instruction counts (callgrind): the repeatable counterpart of the benchmarks. Each
//! workload runs once in a fresh `lab-icount-target` process under
//! `valgrind --tool=callgrind`, and the same process with no items is subtracted, leaving the
//! instructions spent per item. The target links only the designs and workloads — not the
//! counting allocator `lab` carries for the allocation check — so allocations cost what the
//! system allocator charges. Unlike criterion's times these do not move with the machine's
//! load (designs that pick with an RNG the lab cannot seed can vary between runs).

use std::path::Path;
use std::process::Command;

use lab_designs::{concurrent, iterator};
use lab_findings::{DesignRef, Figure, Finding, Verdict};
use lab_workloads::bench::{CHAIN_DEPTHS, CHAIN_ITEMS, FLOOR, ITEMS, LINES};

use crate::footprint::{CHAIN_ASYNC_NEXT, CHAIN_POLL_NEXT};
use crate::{CONCURRENT, ITERATOR, design_ref, design_ref_parts, iter_design_ref};

pub const CHECK: &str = "instructions";
/// The iterator question's instruction counts: line splitters and adapter chains.
pub const ITER_CHECK: &str = "iter-instructions";
/// The binary callgrind runs (`cargo build --release -p lab-icount`).
pub const TARGET: &str = "lab-icount-target";
/// Seconds one valgrind run may take before it counts as failed.
pub const TIMEOUT_SECS: u32 = 120;

/// Instructions `target ARGS` executes under callgrind.
fn count(target: &Path, args: &[String]) -> Result<u64, String> {
    let what = args.join(" ");
    let out = Command::new("timeout")
        .arg(TIMEOUT_SECS.to_string())
        .args([
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
        ])
        .arg(target)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run valgrind (is it installed?): {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let last = stderr.lines().last().unwrap_or_default();
        return Err(format!(
            "{what}: valgrind exited with {} ({last})",
            out.status
        ));
    }
    stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("{what}: no instruction count in callgrind's output"))
}

/// Instructions per unit: the run with `units` minus the same run with none, divided. Fair
/// where building the input costs nothing per unit (the drains and chains).
fn per_unit(target: &Path, args: impl Fn(u64) -> Vec<String>, units: u64) -> Result<f64, String> {
    let full = count(target, &args(units))?;
    let empty = count(target, &args(0))?;
    Ok(full.saturating_sub(empty) as f64 / units as f64)
}

/// Instructions per line of a line splitter: draining `LINES` lines minus building the same
/// input and iterator without draining it, so the per-line cost of making the input (which
/// criterion keeps out of its timing too) is not counted.
fn per_line(target: &Path, design: &str) -> Result<f64, String> {
    let args = |skip: bool| {
        let mut a = strings(&["lines", "--design", design, "--lines", &LINES.to_string()]);
        if skip {
            a.push("--skip-drain".into());
        }
        a
    };
    let full = count(target, &args(false))?;
    let input_only = count(target, &args(true))?;
    Ok(full.saturating_sub(input_only) as f64 / LINES as f64)
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(ToString::to_string).collect()
}

/// Instructions per item of one concurrent design (or the floor) at `n` sources.
fn drain_per_item(target: &Path, design: &str, n: usize) -> Result<f64, String> {
    let per_source = |items: u64| {
        strings(&[
            "drain",
            "--design",
            design,
            "--n",
            &n.to_string(),
            "--items",
            &(items / n as u64).to_string(),
        ])
    };
    per_unit(target, per_source, n as u64 * u64::from(ITEMS))
}

/// One finding per design (and the floor) at each of `sources`; what could not be counted
/// is returned as problems. `progress` is called per counted design and source count.
pub fn measure(
    target: &Path,
    sources: &[usize],
    progress: &dyn Fn(&str),
) -> (Vec<Finding>, Vec<String>) {
    let mut problems = Vec::new();
    let floor: Vec<Option<f64>> = sources
        .iter()
        .map(|&n| {
            progress(&format!("{FLOOR} n={n}"));
            drain_per_item(target, FLOOR, n)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    let repro = |_: &str| REPRO.to_string();
    let mut findings = Vec::new();
    let floor_figures: Vec<Figure> = sources
        .iter()
        .zip(&floor)
        .filter_map(|(n, v)| {
            v.map(|v| Figure::new(format!("instructions/item n={n}"), v, "instructions"))
        })
        .collect();
    if !floor_figures.is_empty() {
        let design = DesignRef {
            id: FLOOR.into(),
            krate: "std".into(),
            version: "-".into(),
            construct: "Iterator (round-robin)".into(),
            summary: "synchronous round-robin over N iterators: the floor".into(),
        };
        findings.push(Finding::new(
            CONCURRENT,
            CHECK,
            design,
            Verdict::Measured,
            "the floor".into(),
            floor_figures,
            repro(FLOOR),
        ));
    }
    for d in concurrent::all() {
        let info = d.info();
        let mut figures = Vec::new();
        let mut parts = Vec::new();
        for (&n, floor) in sources.iter().zip(&floor) {
            if !d.arity().supports(n) {
                continue;
            }
            progress(&format!("{} n={n}", info.id));
            match drain_per_item(target, info.id, n) {
                Ok(v) => {
                    figures.push(Figure::new(
                        format!("instructions/item n={n}"),
                        v,
                        "instructions",
                    ));
                    if let Some(f) = floor.filter(|f| *f > 0.0) {
                        figures.push(Figure::new(format!("ratio to floor n={n}"), v / f, "×"));
                        parts.push(format!(
                            "n={n}: {v:.0} instructions/item ({:.1}× the floor)",
                            v / f
                        ));
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        if !figures.is_empty() {
            findings.push(Finding::new(
                CONCURRENT,
                CHECK,
                design_ref(&info),
                Verdict::Measured,
                parts.join(", "),
                figures,
                repro(info.id),
            ));
        }
    }
    (findings, problems)
}

const REPRO: &str = "cargo build --release -p lab-icount && cargo run --release -p lab -- icount";

/// Instructions per line of each style's line splitter and per item of the adapter chains at
/// each depth, with ratios to the synchronous floors; what could not be counted is returned
/// as problems.
pub fn measure_iterator(target: &Path, progress: &dyn Fn(&str)) -> (Vec<Finding>, Vec<String>) {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    progress(&format!("{FLOOR} lines"));
    let floor = per_line(target, FLOOR).map_err(|e| problems.push(e)).ok();
    if let Some(f) = floor {
        out.push(measured(
            design_ref_parts(FLOOR, "std", "Iterator", "the line splitter as a synchronous loop over the same reader and splitter: the floor"),
            format!("{f:.0} instructions per line"),
            vec![Figure::new("instructions/line", f, "instructions")],
        ));
    }
    for d in iterator::all() {
        let info = d.info();
        if d.drain_lines(iterator::empty_reader()).is_none() {
            continue;
        }
        progress(&format!("{} lines", info.id));
        match per_line(target, info.id) {
            Ok(v) => {
                let mut figures = vec![Figure::new("instructions/line", v, "instructions")];
                let mut summary = format!("{v:.0} instructions per line");
                if let Some(f) = floor.filter(|f| *f > 0.0) {
                    figures.push(Figure::new("ratio to floor", v / f, "×"));
                    summary += &format!(", {:.2}× the synchronous floor", v / f);
                }
                out.push(measured(iter_design_ref(&info), summary, figures));
            }
            Err(e) => problems.push(e),
        }
    }
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
            progress(&format!("{FLOOR} chain d{depth}"));
            per_unit(target, chain("floor", depth), CHAIN_ITEMS)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    for (id, side, construct) in [
        (CHAIN_POLL_NEXT, "poll-next", "Map/Filter: Stream"),
        (CHAIN_ASYNC_NEXT, "async-next", "Map/Filter: AsyncIter"),
    ] {
        let mut figures = Vec::new();
        let mut parts = Vec::new();
        for (&depth, floor) in CHAIN_DEPTHS.iter().zip(&floors) {
            progress(&format!("{id} d{depth}"));
            match per_unit(target, chain(side, depth), CHAIN_ITEMS) {
                Ok(v) => {
                    figures.push(Figure::new(
                        format!("depth {depth}: instructions/item"),
                        v,
                        "instructions",
                    ));
                    if let Some(f) = floor.filter(|f| *f > 0.0) {
                        figures.push(Figure::new(
                            format!("depth {depth}: ratio to floor"),
                            v / f,
                            "×",
                        ));
                        parts.push(format!("depth {depth}: {:.2}×", v / f));
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        if !figures.is_empty() {
            out.push(measured(
                design_ref_parts(
                    id,
                    "lab",
                    construct,
                    "map/filter chain over an always-ready counter",
                ),
                format!(
                    "instructions per item relative to the Iterator chain: {}",
                    parts.join(", ")
                ),
                figures,
            ));
        }
    }
    (out, problems)
}

fn measured(design: DesignRef, summary: String, figures: Vec<Figure>) -> Finding {
    Finding::new(
        ITERATOR,
        ITER_CHECK,
        design,
        Verdict::Measured,
        summary,
        figures,
        REPRO.into(),
    )
}

/// Ids of the iterator findings a complete count produces.
pub fn iterator_ids() -> Vec<String> {
    let mut ids: Vec<String> = iterator::all()
        .iter()
        .filter(|d| d.drain_lines(iterator::empty_reader()).is_some())
        .map(|d| d.info().id.to_string())
        .collect();
    ids.extend([FLOOR, CHAIN_POLL_NEXT, CHAIN_ASYNC_NEXT].map(String::from));
    ids
}

//! Instruction counts (callgrind): the repeatable counterpart of the drain benchmark. Each
//! design drains N always-ready sources once in a fresh process under
//! `valgrind --tool=callgrind`; the same process with zero items is subtracted, leaving the
//! instructions spent per item. Unlike criterion's times these do not move with the
//! machine's load (designs that pick with an unseeded RNG vary a little between runs:
//! tokio::select! by up to 0.5% over three runs).

use std::hint::black_box;
use std::path::Path;
use std::process::Command;

use lab_designs::concurrent;
use lab_findings::{DesignRef, Figure, Finding, Verdict};
use lab_workloads::Source;

use crate::throughput::{FLOOR, ITEMS, sync_floor};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "instructions";
/// Seconds one valgrind run may take before it counts as failed.
pub const TIMEOUT_SECS: u32 = 120;

/// Drains `n` sources of `items` items once through `design` (or the floor); what a
/// counted process runs.
pub fn drain_once(design: &str, n: usize, items: u32) -> Result<(), String> {
    if design == FLOOR {
        sync_floor(n, items, &mut |i| {
            black_box(i);
        });
        return Ok(());
    }
    let d = concurrent::by_id(design)?;
    let sources = (0..n as u16)
        .map(|id| Source::always_ready(id, items))
        .collect();
    let fut = d
        .try_drain(
            sources,
            Box::new(|i| {
                black_box(i);
            }),
        )
        .map_err(|e| e.to_string())?;
    futures::executor::block_on(fut);
    Ok(())
}

/// Instructions `exe drain-once ...` executes under callgrind.
fn count(exe: &Path, design: &str, n: usize, items: u32) -> Result<u64, String> {
    let out = Command::new("timeout")
        .arg(TIMEOUT_SECS.to_string())
        .args([
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
        ])
        .arg(exe)
        .args([
            "drain-once",
            "--design",
            design,
            "--n",
            &n.to_string(),
            "--items",
            &items.to_string(),
        ])
        .output()
        .map_err(|e| format!("cannot run valgrind (is it installed?): {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let last = stderr.lines().last().unwrap_or_default();
        return Err(format!(
            "{design} at n={n}: valgrind exited with {} ({last})",
            out.status
        ));
    }
    stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("{design} at n={n}: no instruction count in callgrind's output"))
}

/// Instructions per item of one design at `n` sources.
fn per_item(exe: &Path, design: &str, n: usize) -> Result<f64, String> {
    let full = count(exe, design, n, ITEMS)?;
    let empty = count(exe, design, n, 0)?;
    Ok(full.saturating_sub(empty) as f64 / (n as f64 * f64::from(ITEMS)))
}

/// One finding per design (and the floor) at each of `sources`; what could not be counted
/// is returned as problems. `progress` is called per counted design and source count.
pub fn measure(
    exe: &Path,
    sources: &[usize],
    progress: &dyn Fn(&str),
) -> (Vec<Finding>, Vec<String>) {
    let mut problems = Vec::new();
    let floor: Vec<Option<f64>> = sources
        .iter()
        .map(|&n| {
            progress(&format!("{FLOOR} n={n}"));
            per_item(exe, FLOOR, n).map_err(|e| problems.push(e)).ok()
        })
        .collect();
    let repro = |id: &str| format!("cargo run --release -p lab -- icount --design {id}");
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
            match per_item(exe, info.id, n) {
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

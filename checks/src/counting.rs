//! What the instruction-count checks ask callgrind to count: each workload once in a fresh
//! `lab-icount-target` process, minus the same process with no input, divided by the units
//! of work. The CLI's [`Counter`] runs the processes.

use lab_workloads::bench::LINES;

use crate::measure::Counter;

/// The binary callgrind runs (`cargo build --release -p lab-icount`).
pub const TARGET: &str = "lab-icount-target";

pub fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(ToString::to_string).collect()
}

/// Instructions per unit: the run with `units` minus the same run with none, divided. Fair
/// where building the input costs nothing per unit (the drains and chains).
pub fn per_unit(
    counter: &dyn Counter,
    args: impl Fn(u64) -> Vec<String>,
    units: u64,
) -> Result<f64, String> {
    let full = counter.count(&args(units))?;
    let empty = counter.count(&args(0))?;
    Ok(full.saturating_sub(empty) as f64 / units as f64)
}

/// `count` twice: the first value, and how far a recount of the same workload moved it
/// (what a difference between two designs must exceed to be more than the count's noise).
pub fn twice(count: impl Fn() -> Result<f64, String>) -> Result<(f64, f64), String> {
    let first = count()?;
    let second = count()?;
    Ok((first, (first - second).abs()))
}

/// Instructions per line of a line splitter: draining `LINES` lines minus building the same
/// input and iterator without draining it, so the per-line cost of making the input (which
/// criterion keeps out of its timing too) is not counted.
pub fn per_line(counter: &dyn Counter, design: &str) -> Result<f64, String> {
    let args = |skip: bool| {
        let mut a = strings(&["lines", "--design", design, "--lines", &LINES.to_string()]);
        if skip {
            a.push("--skip-drain".into());
        }
        a
    };
    let full = counter.count(&args(false))?;
    let input_only = counter.count(&args(true))?;
    Ok(full.saturating_sub(input_only) as f64 / LINES as f64)
}

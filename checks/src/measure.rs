//! What the CLI measures outside the checks and hands to them: criterion's estimates
//! ([`Timings`]) and instruction counts under callgrind ([`Counter`]). Reading criterion's
//! files and spawning valgrind live in the CLI; the checks only say what to look up or count
//! and turn the numbers into findings.

use lab_findings::Figure;

/// Fewer samples than this and criterion's bootstrap interval means little (`--quick`
/// takes two): the interval figures are left out and nothing is decided from them.
pub const MIN_SAMPLES: usize = 10;

/// The metrics of the lower and upper bound of `metric`'s confidence interval.
pub fn ci_low(metric: &str) -> String {
    format!("{metric}, CI low")
}

pub fn ci_high(metric: &str) -> String {
    format!("{metric}, CI high")
}

/// Criterion's estimate of the mean time per element, with its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
    /// The interval's confidence level (criterion's default is 0.95).
    pub level: f64,
    /// Samples criterion took; the interval is a bootstrap over these alone, so it says
    /// nothing about drift between two benchmarks run one after the other.
    pub samples: usize,
}

impl Timing {
    /// The interval as figures `{metric}, CI low` and `.., CI high` (parameters to be added
    /// by the caller); none when criterion took fewer than [`MIN_SAMPLES`] samples.
    pub fn interval_figures(&self, metric: &str) -> Vec<Figure> {
        if self.samples < MIN_SAMPLES {
            return Vec::new();
        }
        let unit = format!(
            "ns, {:.0}% bootstrap interval of the mean over {} samples",
            100.0 * self.level,
            self.samples
        );
        vec![
            Figure::new(ci_low(metric), self.lower, unit.clone()),
            Figure::new(ci_high(metric), self.upper, unit),
        ]
    }
}

/// Criterion's results of one run of the benchmarks.
pub trait Timings {
    /// Time per element of benchmark `group/function`, or why it is not available.
    fn timing(&self, group: &str, function: &str) -> Result<Timing, String>;
}

/// Runs the instruction-count target under callgrind.
pub trait Counter {
    /// Instructions `lab-icount-target ARGS` executes, or why they could not be counted.
    fn count(&self, args: &[String]) -> Result<u64, String>;
}

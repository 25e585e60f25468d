//! The settings every property check shares (one table: the CLI help, `lab list` and the
//! README read it), the fixed numbers a property verdict rests on, and how the report
//! states the rule.

use crate::check::{Flag, Options, Setting};
use crate::section::Facts;

use super::{DETECT_RATE, MISS, min_cases};

pub const CASES: Setting = Setting {
    name: "cases",
    flag: Some(Flag::Cases),
    default: 10_000,
    quick: 1_000,
    about: "proptest cases per design (0 records not-run; fewer than min cases, inconclusive)",
};
pub const SEED: Setting = Setting {
    name: "seed",
    flag: Some(Flag::Seed),
    default: 0x5eed_2002,
    quick: 0x5eed_2002,
    about: "seed of the case generator",
};
pub const SAMPLE: Setting = Setting {
    name: "sample",
    flag: None,
    default: 1_000,
    quick: 200,
    about: "inputs sampled (no shrinking) to measure the loss rate",
};
pub const RERUNS: Setting = Setting {
    name: "reruns",
    flag: None,
    default: 100,
    quick: 20,
    about: "re-runs of the minimal counterexample",
};
pub const SHRINK_TRIES: Setting = Setting {
    name: "shrink tries",
    flag: None,
    default: 64,
    quick: 64,
    about: "runs per shrink candidate (a design's own RNG may pass it once by chance)",
};
pub const MAX_POLLS: Setting = Setting {
    name: "max polls",
    flag: None,
    default: 100_000,
    quick: 100_000,
    about: "step budget of one run",
};

/// The settings of every property check.
pub const SETTINGS: &[Setting] = &[CASES, SEED, SAMPLE, RERUNS, SHRINK_TRIES, MAX_POLLS];

/// The fixed numbers a property verdict rests on, as a run records them.
pub fn constants() -> Vec<(&'static str, f64)> {
    vec![
        ("min cases", f64::from(min_cases())),
        ("detect rate %", 100.0 * DETECT_RATE),
        ("miss", MISS),
    ]
}

/// Executor runs per design, for progress bars (failures add shrinking and re-runs).
pub fn planned_runs(options: &Options) -> u64 {
    CASES.value(options) + SAMPLE.value(options)
}

/// How a property verdict is reached, stated from the run's own settings.
pub fn rule(f: &Facts) -> String {
    format!(
        "{} random inputs per design from seed {}; a failure is shrunk to a minimal input and \
         re-run {} times (designs whose RNG the lab cannot seed do not fail every time), and \
         the loss rate is measured on a separate sample of {}. A pass needs at least {} \
         cases: enough to catch a design failing on {}% of inputs, missing it with \
         probability at most {}; fewer passing cases are inconclusive, none is not run.",
        f.s("cases"),
        f.s("seed"),
        f.s("reruns"),
        f.s("sample"),
        f.s("min cases"),
        f.s("detect rate %"),
        f.s("miss"),
    )
}

#[derive(Clone, Copy, Debug)]
pub struct PropertySettings {
    /// proptest cases that must pass for a `pass` verdict.
    pub cases: u32,
    pub seed: u64,
    /// Inputs sampled (no shrinking) to measure the loss rate.
    pub sweep: u32,
    /// Re-runs of the minimal counterexample.
    pub reruns: u32,
    /// While shrinking, a candidate counts as failing if any of this many runs fails, so
    /// designs that choose with an RNG we cannot seed still shrink to the true minimum.
    pub shrink_tries: u32,
    /// Step budget of one run.
    pub max_polls: u64,
}

impl PropertySettings {
    pub fn resolve(options: &Options) -> Self {
        Self {
            cases: CASES.value_u32(options),
            seed: SEED.value(options),
            sweep: SAMPLE.value_u32(options),
            reruns: RERUNS.value_u32(options),
            shrink_tries: SHRINK_TRIES.value_u32(options),
            max_polls: MAX_POLLS.value(options),
        }
    }
}

impl Default for PropertySettings {
    fn default() -> Self {
        Self::resolve(&Options::default())
    }
}

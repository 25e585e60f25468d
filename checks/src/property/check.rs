//! The part every property check shares, as one [`Check`]: its settings, planned runs, the
//! rule its introduction states and its loss chart. A property check is then a value of
//! [`PropertyCheck`] in its own file, saying what differs: what it asks, its text, its labels
//! and how it runs one design.

use lab_findings::Finding;

use super::{Labels, PropertySettings, SETTINGS, constants, loss_chart, planned_runs, rule};
use crate::check::{Check, CheckInfo, Input, Options, Produced, Setting};
use crate::section::{Chart, Facts};

/// Runs a property check on the design with this id.
pub type RunOne = fn(&str, &PropertySettings, &dyn Fn()) -> Result<Finding, String>;

pub struct PropertyCheck {
    pub info: CheckInfo,
    /// The introduction before the rule: what the check drives and what must hold.
    pub lead: &'static str,
    /// The introduction after the rule: where and how the runs happen.
    pub tail: &'static str,
    pub labels: &'static Labels,
    /// The ids of the designs it runs on.
    pub designs: fn() -> Vec<String>,
    pub run_one: RunOne,
}

impl Check for PropertyCheck {
    fn info(&self) -> CheckInfo {
        self.info
    }

    fn settings(&self) -> &'static [Setting] {
        SETTINGS
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        constants()
    }

    fn designs(&self) -> Vec<String> {
        (self.designs)()
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        planned_runs(options)
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let id = input.design(self)?;
        let settings = PropertySettings::resolve(options);
        Ok(Produced::one((self.run_one)(id, &settings, progress)?))
    }

    fn intro(&self, f: &Facts) -> String {
        [self.lead, &rule(f), self.tail]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        vec![loss_chart(findings, self.labels)]
    }
}

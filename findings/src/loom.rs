//! What one loom model run leaves for the report: `loom-tests/` writes a [`ModelRun`] per
//! model into a results folder (`just loom`), and `lab import-loom` turns them into
//! findings. The schedule and checkpoint are loom's own record of the failing interleaving.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelRun {
    /// The reference design's id, with its flaw for a known-bad variant.
    pub design: String,
    /// The flaw's id (`correct` for the design as meant).
    pub flaw: String,
    /// The test binary of `loom-tests/` the model is in.
    pub binary: String,
    /// What the model does, for a reader.
    pub about: String,
    /// The model's threads by loom's index: 0 runs the model's body.
    pub threads: Vec<String>,
    /// Items each producer sends.
    pub sent: Vec<u32>,
    /// `LOOM_MAX_PREEMPTIONS`, if set (loom explores without a bound otherwise).
    pub preemption_bound: Option<u32>,
    /// Executions loom's search ran: all of them, or up to and including the failing one.
    /// Each stands for a class of interleavings loom cannot tell apart; the count also
    /// includes the variants of loads and spurious wakeups loom explores.
    pub interleavings: u64,
    /// Wall time of the search, without checkpointing, in a process of its own.
    pub seconds: f64,
    /// How the model must fail ([`Failure::kind`], e.g. "lost wakeup"); `None` for a model
    /// that must pass.
    pub must_fail_with: Option<String>,
    /// The first line of the panic that ended the search, if one did.
    pub failure: Option<String>,
    /// The failing execution: the threads in the order loom switched to them (from
    /// `LOOM_LOG`'s thread switches while the execution is replayed alone).
    #[serde(default)]
    pub schedule: Vec<usize>,
    /// The commit `just loom` ran on (`LAB_LOOM_COMMIT`), if it said.
    #[serde(default)]
    pub commit: Option<String>,
    /// Whether that interleaving, replayed alone from the checkpoint, failed the same way.
    pub replayed: Option<bool>,
    /// loom's checkpoint of the failing interleaving (`LOOM_CHECKPOINT_FILE` replays it).
    pub checkpoint: Option<serde_json::Value>,
}

impl ModelRun {
    /// Whether the model did what it must: passed after running at least one execution,
    /// or failed the stated way in a replay too.
    pub fn as_required(&self) -> bool {
        match (&self.must_fail_with, &self.failure) {
            (None, None) => self.interleavings > 0,
            (Some(want), Some(got)) => Failure(got).kind() == want && self.replayed == Some(true),
            _ => false,
        }
    }

    /// How the search ended: `None` for a pass.
    pub fn failure_kind(&self) -> Option<&'static str> {
        self.failure.as_deref().map(|f| Failure(f).kind())
    }

    /// The file a run is kept in, inside a results folder.
    pub fn path_in(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.json", self.design))
    }

    pub fn save(&self, dir: &Path) -> Result<PathBuf> {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = self.path_in(dir);
        fs::write(&path, serde_json::to_string_pretty(self)?)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }
}

/// The first line of a loom model's panic, classified.
pub struct Failure<'a>(pub &'a str);

impl Failure<'_> {
    /// "lost wakeup": loom's deadlock with thread 0 (the consumer, under `block_on`)
    /// blocked and every other thread finished, so nothing is left to wake it; "deadlock":
    /// any other deadlock; "leak": an object loom tracks was never freed; "panic": anything
    /// else (a failed assertion of the model, say).
    pub fn kind(&self) -> &'static str {
        let f = self.0;
        let Some(threads) = f.strip_prefix("deadlock; threads = ") else {
            return if f.contains("leaked") {
                "leak"
            } else {
                "panic"
            };
        };
        let states: Vec<&str> = threads.split("(Id(").skip(1).collect();
        let consumer_blocked = states.first().is_some_and(|s| s.starts_with("0), Blocked"));
        let rest_done = states.iter().skip(1).all(|s| s.contains("Terminated"));
        if consumer_blocked && rest_done {
            "lost wakeup"
        } else {
            "deadlock"
        }
    }
}

/// Every model run in the results folder `dir`, ordered by design id.
pub fn read_runs(dir: &Path) -> Result<Vec<ModelRun>> {
    let entries = fs::read_dir(dir).with_context(|| {
        format!(
            "cannot read loom results in {} — run `just loom` to produce them",
            dir.display()
        )
    })?;
    let mut runs = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text =
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let run: ModelRun = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a loom model run", path.display()))?;
            runs.push(run);
        }
    }
    runs.sort_by(|a, b| a.design.cmp(&b.design));
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::Failure;

    #[test]
    fn failures_are_told_apart() {
        let lost = "deadlock; threads = [(Id(0), Blocked(Location(None))), (Id(1), Terminated), (Id(2), Terminated)]";
        assert_eq!(Failure(lost).kind(), "lost wakeup");
        let stuck = "deadlock; threads = [(Id(0), Blocked(Location(None))), (Id(1), Blocked(Location(None))), (Id(2), Terminated)]";
        assert_eq!(Failure(stuck).kind(), "deadlock");
        let producer =
            "deadlock; threads = [(Id(0), Terminated), (Id(1), Blocked(Location(None)))]";
        assert_eq!(Failure(producer).kind(), "deadlock");
        assert_eq!(Failure("Arc leaked.").kind(), "leak");
        assert_eq!(Failure("assertion `left == right` failed").kind(), "panic");
    }
}

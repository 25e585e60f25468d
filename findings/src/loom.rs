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
    /// Interleavings loom ran: all it explored, or up to and including the failing one.
    pub interleavings: u64,
    pub seconds: f64,
    /// How the model must fail (the start of the panic message, e.g. "deadlock"); `None`
    /// for a model that must pass.
    pub must_fail_with: Option<String>,
    /// The first line of the panic that ended the search, if one did.
    pub failure: Option<String>,
    /// The failing interleaving: the thread loom ran at each scheduling point.
    #[serde(default)]
    pub schedule: Vec<usize>,
    /// Whether that interleaving, replayed alone from the checkpoint, failed the same way.
    pub replayed: Option<bool>,
    /// loom's checkpoint of the failing interleaving (`LOOM_CHECKPOINT_FILE` replays it).
    pub checkpoint: Option<serde_json::Value>,
}

impl ModelRun {
    /// Whether the model did what it must: passed, or failed the stated way.
    pub fn as_required(&self) -> bool {
        match (&self.must_fail_with, &self.failure) {
            (None, None) => true,
            (Some(want), Some(got)) => {
                got.starts_with(want.as_str()) && self.replayed == Some(true)
            }
            _ => false,
        }
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

//! What one libFuzzer run leaves for the report: `lab fuzz` runs each target of `fuzz/` —
//! on the designs declared safe, and on each known-bad design alone — and keeps a
//! [`FuzzRun`] per run, which the fuzz check turns into findings.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FuzzRun {
    /// The fuzz target (`data_loss`, `schedules`, `cancellation`).
    pub target: String,
    /// The designs every input ran on.
    pub designs: Vec<String>,
    /// Whether the designs are declared to break the property (so a crash is expected).
    pub known_bad: bool,
    /// The time budget given to libFuzzer (`-max_total_time`).
    pub budget_seconds: u64,
    /// Wall time of the libFuzzer process, start to exit.
    pub seconds: f64,
    /// libFuzzer's final stats: inputs run, and their rate.
    pub executions: u64,
    pub exec_per_sec: f64,
    /// From libFuzzer's last status line: coverage points and features reached, corpus size.
    pub coverage: Option<u64>,
    pub features: Option<u64>,
    pub corpus: Option<u64>,
    /// libFuzzer's rate on the do-nothing target, in the same `lab fuzz` run.
    pub trivial_exec_per_sec: Option<f64>,
    pub crash: Option<FuzzCrash>,
    /// Whether the crash came before libFuzzer's first mutation (the empty input, or one
    /// of the initial corpus): found by replay, not by search.
    #[serde(default)]
    pub found_before_mutation: Option<bool>,
    /// The commit `lab fuzz` ran on.
    pub commit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FuzzCrash {
    /// The target's panic message in libFuzzer: the design, the decoded input, the schedule.
    pub message: String,
    /// What `cargo fuzz tmin` did: `Some(true)` it found a smaller crashing input,
    /// `Some(false)` none smaller crashed, `None` it could not run.
    pub minimized: Option<bool>,
    /// The kept crashing input's bytes (the smaller one, where tmin found one).
    pub bytes: Vec<u8>,
    /// The crash those bytes give when run again through the target's property outside
    /// libFuzzer, in `lab fuzz`'s own process; `None` if they did not crash again.
    pub replay: Option<String>,
}

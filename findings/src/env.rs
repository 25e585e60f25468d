//! Where and on what a run happened: toolchain, commit, machine, crate versions.

use std::collections::BTreeMap;
use std::process::Command;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Env {
    pub rustc: String,
    pub commit: String,
    /// True when the working tree had uncommitted changes.
    pub dirty: bool,
    /// RFC 3339, UTC.
    pub date: String,
    pub machine: String,
    pub os: String,
    /// Whether the checks ran optimized; debug builds are slower, not different.
    pub profile: String,
    pub crates: BTreeMap<String, String>,
}

impl Env {
    /// Reads the environment of the current process. Missing tools are recorded as
    /// "unknown" rather than failing the run.
    pub fn capture(crates: &[(&str, &str)], date: String) -> Self {
        let commit = run("git", &["rev-parse", "HEAD"]);
        let dirty = !run("git", &["status", "--porcelain", "--untracked-files=no"]).is_empty();
        Env {
            rustc: run("rustc", &["--version"]),
            commit: if commit.is_empty() {
                "unknown".into()
            } else {
                commit
            },
            dirty,
            date,
            machine: machine(),
            os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            profile: if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
            .into(),
            crates: crates
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

fn run(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown cpu".into());
    format!("{cpu}, {cores} cores")
}

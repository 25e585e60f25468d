//! Runs `lab-icount-target` under valgrind's callgrind and reads the instruction count, for
//! the instruction-count checks; each run is bounded by `timeout`.

use std::cell::Cell;
use std::path::PathBuf;
use std::process::Command;

use indicatif::ProgressBar;
use lab_checks::measure::Counter;

/// Seconds one valgrind run may take before it counts as failed.
pub const TIMEOUT_SECS: u32 = 120;

pub struct Callgrind {
    pub target: PathBuf,
    pub bar: ProgressBar,
    pub runs: Cell<u64>,
}

impl Counter for Callgrind {
    fn count(&self, args: &[String]) -> Result<u64, String> {
        let what = args.join(" ");
        self.bar.set_message(what.clone());
        self.runs.set(self.runs.get() + 1);
        // Counted as done when valgrind returns, so the bar never shows the last run done
        // while it is still running.
        let _done = Done(&self.bar);
        let out = Command::new("timeout")
            .arg(TIMEOUT_SECS.to_string())
            .args([
                "valgrind",
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
            ])
            .arg(&self.target)
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
        parse_collected(&stderr)
            .ok_or_else(|| format!("{what}: no instruction count in callgrind's output"))
    }
}

/// Advances the bar when dropped: once per run, whichever way it ends.
struct Done<'a>(&'a ProgressBar);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.0.inc(1);
    }
}

/// The total of callgrind's "Collected :" line.
pub fn parse_collected(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_callgrinds_total() {
        let out = "==1== Events    : Ir\n==1== Collected : 123456\n==1==\n";
        assert_eq!(super::parse_collected(out), Some(123_456));
        assert_eq!(super::parse_collected("nothing"), None);
    }
}

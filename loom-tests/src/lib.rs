//! Shared pieces of the loom models: draining a stream under `loom::future::block_on`, the
//! exactly-once and per-source-order check, and running a model that is expected to fail
//! in a child process (a lost wakeup under `block_on` aborts the process), keeping loom's
//! checkpoint of the failing interleaving.

// Built without the cfg, every model compiles away and `cargo test` would pass on nothing.
#[cfg(not(lab_loom))]
compile_error!("loom-tests builds with RUSTFLAGS=\"--cfg lab_loom\": run `just loom`");

use std::future::poll_fn;
use std::path::Path;
use std::pin::Pin;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use futures_core::Stream;

/// Runs `model` under `loom::model` and prints how many interleavings loom explored, in
/// how long, at which preemption bound: the figures a loom finding reports.
pub fn explore(name: &str, model: impl Fn() + Sync + Send + 'static) {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    RUNS.store(0, Ordering::Relaxed);
    let started = Instant::now();
    loom::model(move || {
        // Counted outside loom's view: a std atomic is not part of the model.
        RUNS.fetch_add(1, Ordering::Relaxed);
        model();
    });
    let bound = std::env::var("LOOM_MAX_PREEMPTIONS").unwrap_or_else(|_| "unbounded".into());
    eprintln!(
        "loom: {name}: {} interleavings in {:.2} s (LOOM_MAX_PREEMPTIONS={bound})",
        RUNS.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
}

/// Every item a stream yields until it ends.
pub async fn drain<S: Stream + Unpin>(mut s: S) -> Vec<S::Item> {
    let mut out = Vec::new();
    while let Some(x) = poll_fn(|cx| Pin::new(&mut s).poll_next(cx)).await {
        out.push(x);
    }
    out
}

/// Items are `(source, sequence)`; `sent[s]` is how many source `s` sent. Every item must
/// arrive exactly once and each source's in order.
pub fn check_delivery(got: &[(usize, u32)], sent: &[u32]) {
    for (s, &n) in sent.iter().enumerate() {
        let seen: Vec<u32> = got
            .iter()
            .filter(|(src, _)| *src == s)
            .map(|(_, i)| *i)
            .collect();
        assert_eq!(seen, (0..n).collect::<Vec<u32>>(), "source {s}: {got:?}");
    }
    assert_eq!(got.len() as u32, sent.iter().sum::<u32>(), "{got:?}");
}

/// What a model run in a child process did.
struct Child {
    failed: bool,
    output: String,
    /// loom's checkpoint of the last interleaving it explored: the failing one.
    checkpoint: Option<String>,
}

impl Child {
    /// The first line of loom's or the model's panic message, e.g. "deadlock; threads = ..".
    fn failure(&self) -> Option<&str> {
        let mut lines = self.output.lines();
        lines.find(|l| l.contains("panicked at"))?;
        lines.next()
    }

    /// Asserts the child failed the way `expected` begins (loom's "deadlock" for a lost
    /// wakeup: any other failure is not the flaw being caught) and left its interleaving.
    fn assert_caught(&self, what: &str, expected: &str, checkpoint: &Path) {
        assert!(self.failed, "loom did not catch {what}:\n{}", self.output);
        assert!(
            self.failure().is_some_and(|f| f.starts_with(expected)),
            "{what} failed, but not with {expected:?}:\n{}",
            self.output
        );
        let path = self
            .checkpoint
            .as_ref()
            .expect("no failing interleaving was recorded");
        eprintln!(
            "loom: {what}: caught: {}; the failing interleaving ({} bytes) is in {} \
             (replay: LOOM_CHECKPOINT_FILE=that file)",
            self.failure().unwrap_or("(no panic message)"),
            path.len(),
            checkpoint.display()
        );
    }
}

/// The known-bad model `name` (an ignored test of the calling binary), run in a child
/// process from a fresh search, must fail the way `expected` begins; its recorded failing
/// interleaving, replayed alone, must fail the same way. `dir` keeps the checkpoint.
pub fn assert_known_bad_caught(name: &str, what: &str, expected: &str, dir: &Path) {
    std::fs::create_dir_all(dir).expect("a folder for the checkpoint");
    let checkpoint = dir.join("checkpoint.json");
    // loom resumes from an existing checkpoint: start the search afresh.
    let _ = std::fs::remove_file(&checkpoint);
    let child = child_with(name, &checkpoint, &[]);
    child.assert_caught(&format!("{what} ({name})"), expected, &checkpoint);
    // loom checks its permutation limit before each run, so a limit of 2 replays the
    // recorded interleaving only.
    let again = child_with(name, &checkpoint, &[("LOOM_MAX_PERMUTATIONS", "2")]);
    assert!(
        again.failed,
        "the recorded interleaving did not fail again:\n{}",
        again.output
    );
    assert_eq!(
        again.failure(),
        child.failure(),
        "the replay failed otherwise"
    );
}

fn child_with(name: &str, checkpoint: &Path, env: &[(&str, &str)]) -> Child {
    let exe = std::env::current_exe().expect("the test binary");
    let out = Command::new(exe)
        .envs(env.iter().copied())
        .args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("LOOM_CHECKPOINT_FILE", checkpoint)
        .env("LOOM_CHECKPOINT_INTERVAL", "1")
        .output()
        .expect("running the test binary again");
    Child {
        failed: !out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        checkpoint: std::fs::read_to_string(checkpoint).ok(),
    }
}

//! Shared pieces of the loom models. Every model runs in a child process (a lost wakeup under
//! `block_on` aborts the process), which records how many interleavings loom ran, in how
//! long, and the panic that ended the search; the parent asserts the outcome the model must
//! have, replays a failing interleaving from loom's checkpoint, and keeps the result as a
//! [`ModelRun`] for `lab import-loom` when `LAB_LOOM_RESULTS` names a folder.

// Built without the cfg, every model compiles away and `cargo test` would pass on nothing.
#[cfg(not(lab_loom))]
compile_error!("loom-tests builds with RUSTFLAGS=\"--cfg lab_loom\": run `just loom`");

use std::future::poll_fn;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures_core::Stream;
use lab_findings::loom::ModelRun;
use lab_reference::{Flaw, Reference};

/// Where the child writes its [`ModelRun`].
const CHILD_OUT: &str = "LAB_LOOM_CHILD_OUT";
/// The folder `just loom` collects every model's result in.
const RESULTS: &str = "LAB_LOOM_RESULTS";

/// One model of one variant of a reference design.
pub struct Model {
    /// The test binary the model is in (`env!("CARGO_CRATE_NAME")`).
    pub binary: &'static str,
    pub reference: Reference,
    pub flaw: Flaw,
    pub about: &'static str,
    /// Thread names by loom's index: 0 is the model's body.
    pub threads: &'static [&'static str],
    pub sent: &'static [u32],
    /// How it must fail (the start of the panic message); `None`: it must pass.
    pub must_fail_with: Option<&'static str>,
}

impl Model {
    /// The ignored test of the calling binary that explores this model: `correct`, or the
    /// flaw's id in snake case.
    fn test(&self) -> String {
        self.flaw.id().replace('-', "_")
    }

    fn record(&self) -> ModelRun {
        ModelRun {
            design: self.reference.variant(self.flaw),
            binary: self.binary.into(),
            flaw: self.flaw.id().into(),
            about: self.about.into(),
            threads: self.threads.iter().map(|t| t.to_string()).collect(),
            sent: self.sent.to_vec(),
            preemption_bound: std::env::var("LOOM_MAX_PREEMPTIONS")
                .ok()
                .and_then(|v| v.parse().ok()),
            interleavings: 0,
            seconds: 0.0,
            must_fail_with: self.must_fail_with.map(Into::into),
            failure: None,
            schedule: Vec::new(),
            replayed: None,
            checkpoint: None,
        }
    }

    /// In the child: runs `body` under `loom::model`, counting interleavings, and writes
    /// the result, from a panic hook if the search ends in a panic.
    pub fn explore(&self, body: impl Fn() + Sync + Send + 'static) {
        static RUNS: AtomicU64 = AtomicU64::new(0);
        static WRITTEN: AtomicBool = AtomicBool::new(false);
        let out = std::env::var_os(CHILD_OUT).map(PathBuf::from);
        let template = Arc::new(Mutex::new(self.record()));
        let started = Instant::now();
        let finish = {
            let template = template.clone();
            move |failure: Option<String>| {
                if WRITTEN.swap(true, Ordering::SeqCst) {
                    return;
                }
                let mut run = template.lock().unwrap_or_else(|e| e.into_inner()).clone();
                run.interleavings = RUNS.load(Ordering::SeqCst);
                run.seconds = started.elapsed().as_secs_f64();
                run.failure = failure;
                if let Some(path) = &out {
                    let json = serde_json::to_string(&run).expect("a model run serializes");
                    std::fs::write(path, json).expect("writing the child's result");
                }
            }
        };
        let on_panic = finish.clone();
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            on_panic(Some(first_line(info.payload())));
            default_hook(info);
        }));
        loom::model(move || {
            // Counted outside loom's view: a std atomic is not part of the model.
            RUNS.fetch_add(1, Ordering::SeqCst);
            body();
        });
        finish(None);
    }

    /// In the parent: runs the model in a child process, replays a failure from its
    /// checkpoint, keeps the result, and asserts the outcome the model must have.
    pub fn check(&self, tmp: &Path) {
        let dir = tmp.join(self.reference.variant(self.flaw));
        std::fs::create_dir_all(&dir).expect("a folder for the model's files");
        let checkpoint = dir.join("checkpoint.json");
        // Checkpointing every interleaving costs a file write each: only a search known to
        // fail (or one that failed without it, rerun to catch the path) keeps one.
        let mut first = self.child(&dir, self.must_fail_with.map(|_| checkpoint.as_path()), &[]);
        if first.run.failure.is_some() && self.must_fail_with.is_none() {
            first = self.child(&dir, Some(&checkpoint), &[]);
        }
        let mut run = first.run;
        if run.failure.is_some() {
            let text = std::fs::read_to_string(&checkpoint).unwrap_or_else(|e| {
                panic!(
                    "no failing interleaving was recorded ({e}):\n{}",
                    first.output
                )
            });
            let value: serde_json::Value =
                serde_json::from_str(&text).expect("loom's checkpoint is JSON");
            run.schedule = schedule(&value);
            run.checkpoint = Some(value);
            // loom checks its permutation limit before each run, so a limit of 2 replays
            // the recorded interleaving only.
            let again = self.child(&dir, Some(&checkpoint), &[("LOOM_MAX_PERMUTATIONS", "2")]);
            run.replayed = Some(again.run.failure == run.failure);
        }
        if let Some(results) = std::env::var_os(RESULTS) {
            run.save(Path::new(&results))
                .expect("keeping the model's result");
        }
        eprintln!(
            "loom: {}: {} interleavings in {:.2} s (LOOM_MAX_PREEMPTIONS={}): {}",
            run.design,
            run.interleavings,
            run.seconds,
            run.preemption_bound
                .map_or("unbounded".into(), |b| b.to_string()),
            match (&run.failure, run.replayed) {
                (None, _) => "passed".to_string(),
                (Some(f), replayed) => format!(
                    "failed: {f}; replayed alone from the checkpoint: {}",
                    if replayed == Some(true) {
                        "same failure"
                    } else {
                        "NOT the same"
                    }
                ),
            }
        );
        assert!(
            run.as_required(),
            "{} must {}, and did not:\n{}",
            run.design,
            self.must_fail_with.map_or("pass".into(), |f| format!(
                "fail with {f:?} (also when replayed)"
            )),
            first.output
        );
    }

    fn child(&self, dir: &Path, checkpoint: Option<&Path>, env: &[(&str, &str)]) -> Child {
        let out = dir.join("child.json");
        let _ = std::fs::remove_file(&out);
        let exe = std::env::current_exe().expect("the test binary");
        let mut cmd = Command::new(exe);
        cmd.args([
            "--exact",
            &self.test(),
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_OUT, &out)
        .env_remove(RESULTS)
        .envs(env.iter().copied());
        if let Some(path) = checkpoint {
            // A fresh search starts afresh: loom resumes from an existing checkpoint.
            if env.is_empty() {
                let _ = std::fs::remove_file(path);
            }
            cmd.env("LOOM_CHECKPOINT_FILE", path)
                .env("LOOM_CHECKPOINT_INTERVAL", "1");
        }
        let output = cmd.output().expect("running the test binary again");
        let output = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let text = std::fs::read_to_string(&out)
            .unwrap_or_else(|e| panic!("the child left no result ({e}):\n{output}"));
        Child {
            run: serde_json::from_str(&text).expect("the child's result is a model run"),
            output,
        }
    }
}

struct Child {
    run: ModelRun,
    output: String,
}

/// The first line of a panic's message, e.g. "deadlock; threads = ..".
fn first_line(payload: &dyn std::any::Any) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".into());
    text.lines().next().unwrap_or_default().to_string()
}

/// The thread loom ran at each scheduling point of the path in its checkpoint: the one
/// marked `Active` in each `Schedule` branch (the other branches are loads' choices).
fn schedule(checkpoint: &serde_json::Value) -> Vec<usize> {
    checkpoint["branches"]["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            entry["Schedule"]["threads"]
                .as_array()?
                .iter()
                .position(|t| t == "Active")
        })
        .collect()
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

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
            commit: std::env::var("LAB_LOOM_COMMIT").ok(),
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

    /// In the parent: runs the model's search in a child process, and for a failure
    /// searches again with loom's checkpoint to keep the failing execution, then replays
    /// that execution alone (with `LOOM_LOG` to see its thread switches); keeps the result
    /// and asserts the outcome the model must have.
    pub fn check(&self, tmp: &Path) {
        let dir = tmp.join(self.reference.variant(self.flaw));
        std::fs::create_dir_all(&dir).expect("a folder for the model's files");
        let checkpoint = dir.join("checkpoint.json");
        // Timed without checkpointing, which writes a file per execution.
        let (mut run, output) = self.child(&dir, Search::Fresh);
        if let Some(failure) = run.failure.clone() {
            let (again, _) = self.child(&dir, Search::Checkpointed(&checkpoint));
            let replay = std::fs::read_to_string(&checkpoint)
                .ok()
                .filter(|_| again.failure.as_ref() == Some(&failure));
            match replay {
                Some(text) => {
                    let (replayed, log) = self.child(&dir, Search::Replay(&checkpoint));
                    run.replayed = Some(replayed.failure.as_ref() == Some(&failure));
                    run.schedule = switches(&log);
                    run.checkpoint = serde_json::from_str(&text).ok();
                }
                // The checkpointed search did not end the same way: nothing to replay.
                None => run.replayed = Some(false),
            }
        }
        if let Some(results) = std::env::var_os(RESULTS) {
            run.save(Path::new(&results))
                .expect("keeping the model's result");
        }
        eprintln!(
            "loom: {}: {} executions in {:.2} s (LOOM_MAX_PREEMPTIONS={}): {}",
            run.design,
            run.interleavings,
            run.seconds,
            run.preemption_bound
                .map_or("unbounded".into(), |b| b.to_string()),
            match (&run.failure, run.replayed) {
                (None, _) => "passed".to_string(),
                (Some(f), replayed) => format!(
                    "failed ({}): {f}; the failing execution replayed alone: {}; {} thread switches",
                    run.failure_kind().unwrap_or_default(),
                    if replayed == Some(true) {
                        "same failure"
                    } else {
                        "NOT the same"
                    },
                    run.schedule.len().saturating_sub(1),
                ),
            }
        );
        assert!(
            run.as_required(),
            "{} must {}, and did not:\n{output}",
            run.design,
            self.must_fail_with.map_or("pass".into(), |f| format!(
                "fail with a {f} (also when replayed)"
            )),
        );
        if run.failure.is_some() {
            assert!(!run.schedule.is_empty(), "no thread switches were logged");
        }
    }

    /// Runs this model's ignored test in a child process; its result, or one that says the
    /// process ended without one.
    fn child(&self, dir: &Path, search: Search) -> (ModelRun, String) {
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
        .env(CHILD_OUT, &out);
        // Only what this search sets: a limit or checkpoint inherited from the caller's
        // environment would cut the search short and still read as a pass.
        for var in [
            RESULTS,
            "LOOM_MAX_PERMUTATIONS",
            "LOOM_MAX_DURATION",
            "LOOM_MAX_BRANCHES",
            "LOOM_CHECKPOINT_FILE",
            "LOOM_CHECKPOINT_INTERVAL",
            "LOOM_LOG",
            "LOOM_LOCATION",
        ] {
            cmd.env_remove(var);
        }
        match search {
            Search::Fresh => {}
            Search::Checkpointed(path) => {
                // loom resumes from an existing checkpoint: start afresh.
                let _ = std::fs::remove_file(path);
                cmd.env("LOOM_CHECKPOINT_FILE", path)
                    .env("LOOM_CHECKPOINT_INTERVAL", "1");
            }
            Search::Replay(path) => {
                // loom stores the path and checks its permutation limit before each
                // execution: with interval 1 and a limit of 2, it runs the stored one only.
                cmd.env("LOOM_CHECKPOINT_FILE", path)
                    .env("LOOM_CHECKPOINT_INTERVAL", "1")
                    .env("LOOM_MAX_PERMUTATIONS", "2")
                    .env("LOOM_LOG", "info");
            }
        }
        let output = cmd.output().expect("running the test binary again");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let run = match std::fs::read_to_string(&out) {
            Ok(json) => serde_json::from_str(&json).expect("the child's result is a model run"),
            Err(_) => {
                let mut run = self.record();
                let tail: Vec<&str> = text.lines().rev().take(5).collect();
                run.failure = Some(format!(
                    "the model's process ended ({}) without a result; its last lines: {}",
                    output.status,
                    tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
                ));
                run
            }
        };
        (run, text)
    }
}

/// How a child searches.
enum Search<'a> {
    Fresh,
    Checkpointed(&'a Path),
    Replay(&'a Path),
}

/// The threads loom switched to, in order, from `LOOM_LOG`'s `~~~~~~~~ THREAD n ~~~~~~~~`
/// lines, starting with thread 0 (the model's body runs first).
fn switches(log: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(log.lines().filter_map(|line| {
            let rest = line.split("~~~~~~~~ THREAD ").nth(1)?;
            rest.split_whitespace().next()?.parse().ok()
        }))
        .collect()
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

/// The four tests of a model file: for the correct design and its known-bad `$flaw`, an
/// ignored test that explores the model (run in a child process, named as
/// [`Model::check`] expects: `correct`, or the flaw's id in snake case) and the test that
/// checks it. The file provides `model(Flaw) -> Model` and `body(Flaw)`.
#[macro_export]
macro_rules! model_tests {
    ($flaw:ident, $explore:ident, $caught:ident) => {
        #[test]
        #[ignore = "explored in a child process by correct_passes"]
        fn correct() {
            model(Flaw::None).explore(|| body(Flaw::None));
        }

        #[test]
        #[ignore = "known-bad: explored in a child process by its _is_caught test"]
        fn $explore() {
            model(Flaw::$flaw).explore(|| body(Flaw::$flaw));
        }

        #[test]
        fn correct_passes() {
            model(Flaw::None).check(env!("CARGO_TARGET_TMPDIR").as_ref());
        }

        #[test]
        fn $caught() {
            model(Flaw::$flaw).check(env!("CARGO_TARGET_TMPDIR").as_ref());
        }
    };
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

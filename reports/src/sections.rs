//! Titles and introductions of the checks the lab knows. Every number an introduction states
//! comes from the run being rendered — the settings its checks recorded, or its findings'
//! figures — never from a default written here; a setting the run did not record reads
//! "(not recorded)".

use std::collections::BTreeSet;

use lab_findings::{Finding, RunRecord};

use crate::view::format_value;

/// What an introduction may quote: the run's recorded settings and its findings.
pub struct Facts<'a> {
    pub record: &'a RunRecord,
    pub question: &'a str,
    pub check: &'a str,
    pub findings: &'a [&'a Finding],
}

impl Facts<'_> {
    /// A setting of this section's check, formatted for reading.
    fn s(&self, name: &str) -> String {
        self.of(self.check, name)
    }

    /// A setting of another check of the same question.
    fn of(&self, check: &str, name: &str) -> String {
        match self.record.setting(self.question, check, name) {
            Some(v) if name == "miss" || name == "alpha" => format!("{v:e}"),
            Some(v) => format_value(v),
            None => "(not recorded)".into(),
        }
    }

    /// The values of a parameter that figure names carry, e.g. `depth {d}:` or `n={n}`.
    fn parameters(&self, prefix: &str, suffix: char) -> Vec<u64> {
        let found: BTreeSet<u64> = self
            .findings
            .iter()
            .flat_map(|f| &f.figures)
            .filter_map(|fig| {
                let rest = &fig.name[fig.name.find(prefix)? + prefix.len()..];
                rest[..rest.find(suffix).unwrap_or(rest.len())].parse().ok()
            })
            .collect();
        found.into_iter().collect()
    }

    /// The smallest and largest value of the figures whose name starts with `prefix` and ends
    /// with `suffix`, as "a–b" (or one value), over this section's findings.
    fn figure_range(&self, prefix: &str, suffix: &str) -> String {
        let values: Vec<f64> = self
            .findings
            .iter()
            .flat_map(|f| &f.figures)
            .filter(|fig| fig.name.starts_with(prefix) && fig.name.ends_with(suffix))
            .map(|fig| fig.value)
            .collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let show = |v: f64| {
            if v != 0.0 && v.abs() < 1e-3 {
                format!("{v:.1e}")
            } else {
                format_value(v)
            }
        };
        match values.len() {
            0 => "(not measured)".into(),
            _ if lo == hi => show(lo),
            _ => format!("{}–{}", show(lo), show(hi)),
        }
    }

    /// The fairness workloads present in the findings, in order of first appearance.
    fn workloads(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in self
            .findings
            .iter()
            .flat_map(|f| &f.figures)
            .map(|f| &f.name)
        {
            if let Some((w, _)) = name.split_once(": ")
                && w.contains("-k")
                && !out.iter().any(|x| x == w)
            {
                out.push(w.to_string());
            }
        }
        out
    }
}

fn list(values: &[u64]) -> String {
    match values {
        [] => "(none in this run)".into(),
        [one] => one.to_string(),
        [init @ .., last] => format!(
            "{} and {last}",
            init.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub struct Spec {
    pub question: &'static str,
    pub check: &'static str,
    pub title: &'static str,
    pub intro: fn(&Facts) -> String,
}

const PROPERTY_RULE: fn(&Facts) -> String = |f| {
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
};

pub const SECTIONS: &[Spec] = &[
    Spec {
        question: "concurrent",
        check: "data-loss",
        title: "Data loss: select! loops vs merges",
        intro: |f| {
            format!(
                "Each design races read_send (read a batch from a file — the cursor advances at \
                 once — then send its items one by one, awaiting each send) against a packet \
                 source, until both are exhausted (seeds 002 and 003). Property: every produced \
                 item is delivered exactly once, in per-source order. The inputs are scripts of \
                 batch sizes, arrival ticks, packet ticks and send cost. {} Each run is a single \
                 task on the lab's executor in FIFO order: scripts vary when things arrive, not \
                 how tasks are scheduled, and tokio's designs run here without tokio's \
                 cooperative budget.",
                PROPERTY_RULE(f)
            )
        },
    },
    Spec {
        question: "concurrent",
        check: "stream-end",
        title: "Stream end: a select! arm that completes on None",
        intro: |f| {
            format!(
                "The same race, but no packet ever arrives: the packet stream only ends (yields \
                 None) at a scripted tick while batches are read and sent. Whatever is lost here \
                 is lost to the stream's end alone — a select! whose stream arm completes on \
                 None drops that turn's read_send (futures' select! as its docs write it), while \
                 tokio's Some(..) pattern only disables the arm for that turn. {}",
                PROPERTY_RULE(f)
            )
        },
    },
    Spec {
        question: "concurrent",
        check: "fairness",
        title: "Fairness: which source goes next",
        intro: |f| {
            format!(
                "Each design drains each workload {} times (seed {}): k always-ready sources \
                 of {} items, k sources whose items all become ready together at each of {} \
                 ticks, and k sources of which source 0 runs out after {} items (workloads in \
                 this run: {}; seed 002). The verdict: each source's share of the first {} × k \
                 always-ready items, and of every consecutive window of {} × k items before any \
                 source can run out, tested against an even split with Pearson's chi-square \
                 (cells expecting fewer than {} counts pooled), each test failing at p < {}. A \
                 verdict combines many such tests: a fair design is flagged with probability at \
                 most {} (Bonferroni, per finding). Each finding also gives the smallest skew \
                 always-ready workload detects {}% of the time — in this run {} percentage points \
                 above an even share: a skew of that size is caught that often, a smaller one \
                 can pass. A pass needs every always-ready workload to detect {} \
                 percentage points, and is inconclusive otherwise. On same-ticks the figure is which source is served \
                 first within a tick; timers due at the same tick wake in a random order drawn \
                 from the run's seed, so no design is credited with the executor's order (the \
                 seed fixes that order; crates that pick with their own RNG still vary). The \
                 exact same-ticks sequences of the rotating and alternating merges assume what \
                 the lab's executor does: one poll of the drain after all of a tick's wakes \
                 (wakes are coalesced); an executor that polled once per wake would shift them. Every \
                 workload is also compared with what the design's pick model predicts from its \
                 crate's code — in closed form, item by item for deterministic picks, or \
                 against {} seeded runs of a step-by-step model of the pick (tested per run, \
                 since items within a run are not independent); the model claim's false-alarm \
                 rate is at most {}.",
                f.s("runs"),
                f.s("seed"),
                f.s("items"),
                f.s("ticks"),
                f.s("short"),
                f.workloads().join(", "),
                f.s("window per source"),
                f.s("window per source"),
                f.s("min expected"),
                f.s("alpha"),
                f.figure_range("", "false-alarm rate of the verdict, at most"),
                f.s("power %"),
                f.figure_range("always-ready", "smallest skew detected"),
                f.s("max undetected skew %"),
                f.s("model runs"),
                f.figure_range("", "false-alarm rate of the model claim, at most"),
            )
        },
    },
    Spec {
        question: "concurrent",
        check: "starvation",
        title: "Pick bias: does an always-ready source starve the other?",
        intro: |f| {
            format!(
                "Two always-ready sources of {} items: how many items does source 1 get before \
                 source 0 runs out ({} runs)? This is the bias seed 002's fairness section warns \
                 of (a merge that, like Stream::chain, exhausts its streams in order). Seed 003's \
                 starvation — in-flight work left unpolled while a loop body awaits — is a \
                 different hazard, not measured here. The same drain runs again ({} runs) inside \
                 a tokio current-thread runtime with channel-backed sources, where tokio's \
                 cooperative budget makes the receivers return Pending once a task poll has \
                 spent it and forces the drain future to yield; this is the only check that runs \
                 designs inside a tokio runtime.",
                f.s("items"),
                f.s("runs"),
                f.s("tokio runs"),
            )
        },
    },
    Spec {
        question: "concurrent",
        check: "throughput",
        title: "Throughput: draining N always-ready sources",
        intro: |f| {
            format!(
                "Each design drains N sources of {} always-ready items (N = {}); the floor is a \
                 synchronous Iterator doing a round-robin over the same items. Ratios are to the \
                 floor measured in the same run on this machine: compare ratios, not absolute \
                 times.",
                f.s("items"),
                list(&f.parameters("n=", ' ')),
            )
        },
    },
    Spec {
        question: "concurrent",
        check: "instructions",
        title: "Instructions per item (callgrind)",
        intro: |f| {
            format!(
                "The same drain as the throughput benchmark ({} items per source, N = {}), run \
                 once per design in a fresh process under valgrind's callgrind, minus the same \
                 process with no items: instructions per item, and the ratio to the floor. The \
                 counted binary (lab-icount-target) links the designs with the system \
                 allocator only, so a design that allocates per item is charged what malloc \
                 costs, not the lab's allocation counter. These are the figures to compare \
                 across machines and commits; designs that pick with an RNG the lab cannot seed \
                 (tokio::select!, StreamMap) can vary slightly from run to run.",
                f.s("items"),
                list(&f.parameters("n=", ' ')),
            )
        },
    },
    Spec {
        question: "iterator",
        check: "cancellation",
        title: "Cancellation safety of next(): poll_next vs async fn next",
        intro: |f| {
            format!(
                "Seed 001: with poll_next all state lives in the pinned iterator, so dropping a \
                 next() future loses nothing; an async fn next keeps state in its future unless \
                 written carefully. Two workloads in every style: a line splitter over a reader \
                 whose byte chunks arrive at scripted ticks, and a batch reader that decodes each \
                 item asynchronously. A seeded proptest calls next(), polls it a scripted number \
                 of times, drops it if still pending and calls again, at random points; every \
                 line and item must come out exactly once, in order. {}",
                PROPERTY_RULE(f)
            )
        },
    },
    Spec {
        question: "iterator",
        check: "size",
        title: "State-machine size",
        intro: |f| {
            format!(
                "size_of the iterator and of the future its next() returns: for each style's \
                 line splitter, and for map/filter chains of depth {} written once with \
                 poll_next and once with async fn next (same closures, same counter underneath).",
                list(&f.parameters("depth ", ':')),
            )
        },
    },
    Spec {
        question: "iterator",
        check: "allocations",
        title: "Allocations in dyn use",
        intro: |f| {
            format!(
                "Allocations per line while each style drains a line splitter (the lines \
                 themselves allocate in every style; driven by futures' block_on, warmed up \
                 before counting), and per next() call while a chain counts through {} source \
                 items (its filters reject some, so it yields fewer) in the dyn form of each \
                 interface — Pin<Box<dyn Stream>>, \
                 Box<dyn DynAsyncIter> (the lab's own form, which boxes each next() future), and \
                 the async fn next chain adapted into a Stream and then boxed once — over \
                 map/filter chains of depth {}, counted per thread with allocation-counter, \
                 polled directly with a no-op waker so no executor allocates. The one box that makes each form dyn \
                 is made before counting starts.",
                f.s("items"),
                list(&f.parameters("depth ", ':')),
            )
        },
    },
    Spec {
        question: "iterator",
        check: "iter-throughput",
        title: "Throughput: line splitter and adapter chains",
        intro: |f| {
            format!(
                "Time per line for each style's line splitter ({} lines in {}-byte chunks, all \
                 available; every style and the floor read the same reader and split with the \
                 same routine), and per item for map/filter chains of {} items at depths {} \
                 (the filters reject some items, so their skip loop runs; both interfaces are \
                 drained by the same while-let loop), as ratios to a synchronous Iterator doing \
                 the same work in the same run, with criterion's confidence interval of each \
                 mean. A difference counts only where the intervals do not overlap.",
                f.s("lines"),
                f.s("chunk"),
                f.s("chain items"),
                list(&f.parameters("depth ", ':')),
            )
        },
    },
    Spec {
        question: "iterator",
        check: "iter-instructions",
        title: "Instructions: line splitter and adapter chains (callgrind)",
        intro: |f| {
            format!(
                "The throughput workloads counted under callgrind, each in a fresh \
                 lab-icount-target process minus the same process with no input: instructions \
                 per line ({} lines) and per chain item ({} items, depths {}), and the ratio to \
                 the synchronous floor. These repeat from run to run where time does not.",
                f.s("lines"),
                f.s("chain items"),
                list(&f.parameters("depth ", ':')),
            )
        },
    },
];

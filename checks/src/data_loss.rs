//! Data loss: race `read_send` against a packet source over random scripts (batch sizes,
//! arrival ticks, packet ticks, send cost), and require that every produced item is
//! delivered exactly once, in per-source order. Each run is one task on the lab executor in
//! FIFO order (but for a design that spawns tasks of its own): the scripts vary arrival
//! times, not task schedules, and tokio's designs run without tokio's cooperative budget.
//!
//! Runs through [`crate::property`]: a seeded proptest `TestRunner`, so a failure comes with
//! a shrunk minimal script, and a sample of workloads that measures how much is lost.

use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_executor::schedule::Fifo;
use lab_executor::{Config, Executor, Outcome, Scheduler};
use lab_findings::{Finding, Verdict};
use lab_workloads::{Audit, Batch, ReadSend, ReadSendScript};
use proptest::prelude::*;

use crate::check::{CheckInfo, Kind};
use crate::property::{self, PropertyCheck, PropertySettings};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "data-loss";

pub static DATA_LOSS: PropertyCheck = PropertyCheck {
    info: CheckInfo {
        id: CHECK,
        question: CONCURRENT,
        kind: Kind::PerDesign,
        about: "read_send raced against a packet source: is every item delivered once, in order?",
        title: "Data loss: select! loops vs merges",
    },
    lead: "Each design races read_send (read a batch from a file — the cursor advances at once — \
           then send its items one by one, awaiting each send) against a packet source, until \
           both are exhausted (seeds 002 and 003). Property: every produced item is delivered \
           exactly once, in per-source order. The inputs are scripts of batch sizes, arrival \
           ticks, packet ticks and send cost.",
    tail: "Each run is a single task on the lab's executor in FIFO order (a design that \
           spawns tasks, reference-spawn-each-operation, runs its own tasks there too, in \
           FIFO order): scripts vary when things arrive, not how tasks are scheduled, and \
           tokio's designs run here without tokio's cooperative budget.",
    labels: &LABELS,
    designs: || crate::design_ids(CONCURRENT),
    run_one: |id, settings, progress| Ok(check(concurrent::by_id(id)?, settings, progress)),
};

/// Scripts of up to 6 batches of 1–4 items and up to 8 packets, with gaps of 0–3 ticks, so
/// batches, sends and packets overlap in every way. Shrinks towards fewer, smaller batches,
/// fewer packets and zero gaps.
pub fn scripts() -> impl Strategy<Value = ReadSendScript> {
    (
        prop::collection::vec((0..=MAX_GAP, 1..=MAX_BATCH), 0..=MAX_BATCHES),
        prop::collection::vec(0..=MAX_GAP, 0..=MAX_PACKETS),
        0..=MAX_SEND_TICKS,
    )
        .prop_map(|(batches, packet_gaps, send_ticks)| script(batches, packet_gaps, send_ticks))
}

/// The space of scripts: shared by the proptest strategy and the fuzz decoder
/// ([`crate::fuzzing`]), so both search the same inputs.
pub const MAX_BATCHES: usize = 6;
pub const MAX_BATCH: u32 = 4;
pub const MAX_GAP: u64 = 3;
pub const MAX_PACKETS: usize = 8;
pub const MAX_SEND_TICKS: u64 = 2;

/// A script from its parts: (gap, length) per batch, the gaps between packets, send cost.
pub fn script(batches: Vec<(u64, u32)>, packet_gaps: Vec<u64>, send_ticks: u64) -> ReadSendScript {
    let mut at = 0;
    let batches = batches
        .into_iter()
        .map(|(gap, len)| {
            at += gap;
            Batch { at, len }
        })
        .collect();
    let mut t = 0;
    let packets = packet_gaps
        .into_iter()
        .map(|gap| {
            t += gap;
            t
        })
        .collect();
    ReadSendScript {
        batches,
        packets,
        send_ticks,
        packets_end: 0,
    }
}

/// One run of one script on one design.
#[derive(Debug)]
pub struct RaceRun {
    pub outcome: Outcome<()>,
    pub audit: Audit,
    /// `read_send` futures dropped before finishing.
    pub cancelled: u64,
    /// The scheduler's choices (timers due together).
    pub schedule: lab_executor::Schedule,
}

pub fn trial(design: &dyn ConcurrentDesign, script: &ReadSendScript, max_polls: u64) -> RaceRun {
    trial_with(design, script, max_polls, Fifo)
}

/// [`trial`] under `scheduler` (one task, so its only choices are timers due together,
/// unless the design spawns tasks of its own).
pub fn trial_with(
    design: &dyn ConcurrentDesign,
    script: &ReadSendScript,
    max_polls: u64,
    scheduler: impl Scheduler + 'static,
) -> RaceRun {
    let exec = Executor::with_scheduler(Config::with_max_polls(max_polls), scheduler);
    let (workload, record) = ReadSend::new(script, &exec.handle());
    let run = exec.run(design.race_read_send(workload));
    RaceRun {
        outcome: run.outcome,
        audit: record.ledger().audit(&script.expected()),
        cancelled: record.read_send_futures().cancelled,
        schedule: run.schedule,
    }
}

impl property::Trial for RaceRun {
    fn verdict(&self) -> Verdict {
        crate::verdict_of(self.outcome.as_ref().map(|_| self.audit.is_clean()))
    }

    /// What went wrong, for a reader.
    fn describe(&self) -> String {
        let mut parts = problems(&self.outcome, &self.audit);
        if self.cancelled > 0 {
            parts.push(format!(
                "{} read_send future(s) dropped unfinished",
                self.cancelled
            ));
        }
        said(parts)
    }

    fn produced(&self) -> u64 {
        self.audit.expected as u64
    }

    fn lost(&self) -> u64 {
        self.audit.lost.len() as u64
    }

    fn cancelled(&self) -> u64 {
        self.cancelled
    }
}

/// What went wrong in a run of the race, part by part: how it ended if it did not complete,
/// and the items lost, duplicated, out of order or never produced.
pub fn problems(outcome: &Outcome<()>, a: &Audit) -> Vec<String> {
    let list = |items: &[lab_workloads::Item]| {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut parts = Vec::new();
    if !matches!(outcome, Outcome::Completed(())) {
        parts.push(outcome.to_string());
    }
    if !a.lost.is_empty() {
        parts.push(format!(
            "lost {} of {} items: {}",
            a.lost.len(),
            a.expected,
            list(&a.lost)
        ));
    }
    if !a.duplicated.is_empty() {
        parts.push(format!("duplicated: {}", list(&a.duplicated)));
    }
    if !a.out_of_order.is_empty() {
        parts.push(format!("out of order: {}", list(&a.out_of_order)));
    }
    if !a.unexpected.is_empty() {
        parts.push(format!("never produced: {}", list(&a.unexpected)));
    }
    parts
}

/// The parts joined, or that nothing went wrong.
pub fn said(parts: Vec<String>) -> String {
    if parts.is_empty() {
        "every item delivered once, in order".into()
    } else {
        parts.join("; ")
    }
}

pub const LABELS: property::Labels = property::Labels {
    unit: "items",
    inputs: "workloads",
    cancelled: "read_send futures dropped unfinished",
};

/// Runs the property on one design and returns its finding. `progress` is called once per
/// run of the executor (cases, shrinking, re-runs and the loss-rate sample).
pub fn check(
    design: &dyn ConcurrentDesign,
    settings: &PropertySettings,
    progress: &dyn Fn(),
) -> Finding {
    let info = design.info();
    let outcome = property::check(&scripts(), settings, &LABELS, |script| {
        progress();
        trial(design, script, settings.max_polls)
    });
    let expected = crate::declared_race(design, design.declares().expects_loss);
    outcome.into_finding(CONCURRENT, CHECK, design_ref(&info), expected, settings)
}

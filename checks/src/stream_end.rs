//! Stream-end loss (seed 002's `select!` hazard, split out of data loss): the same
//! `read_send` race, but no packet ever arrives; the packet stream only ends, at a scripted
//! tick, while batches are being read and sent. Anything lost here is lost to the stream's
//! `None` alone: a `select!` arm that completes on `None` drops the turn's `read_send`.
//!
//! Runs through [`crate::property`] exactly like the data-loss check; only the scripts
//! differ.

use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_findings::Finding;
use lab_workloads::ReadSendScript;
use proptest::prelude::*;

use crate::check::{CheckInfo, Kind};
use crate::data_loss::{self, LABELS, MAX_BATCH, MAX_BATCHES, MAX_GAP, MAX_SEND_TICKS, trial};
use crate::property::{self, PropertyCheck, PropertySettings};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "stream-end";

pub static STREAM_END: PropertyCheck = PropertyCheck {
    info: CheckInfo {
        id: CHECK,
        question: CONCURRENT,
        kind: Kind::PerDesign,
        about: "the same race with no packets, the packet stream only ending: is anything lost to None?",
        title: "Stream end: a select! arm that completes on None",
    },
    lead: "The same race, but no packet ever arrives: the packet stream only ends (yields None) \
           at a scripted tick while batches are read and sent. Whatever is lost here is lost to \
           the stream's end alone — a select! whose stream arm completes on None drops that \
           turn's read_send (futures' select! as its docs write it), while tokio's Some(..) \
           pattern only disables the arm for that turn.",
    tail: "As in the data-loss check, each run is a single task on the lab's executor in FIFO \
           order (but for a design that spawns its own), and tokio's designs run without \
           tokio's cooperative budget.",
    labels: &LABELS,
    designs: || crate::design_ids(CONCURRENT),
    run_one: |id, settings, progress| Ok(check(concurrent::by_id(id)?, settings, progress)),
};

/// Up to 6 batches of 1–4 items with gaps of 0–3 ticks, no packets, and a packet stream
/// that ends at a tick from 0 to 8. Shrinks towards one small batch and an end at tick 0.
pub fn scripts() -> impl Strategy<Value = ReadSendScript> {
    (
        prop::collection::vec((0..=MAX_GAP, 1..=MAX_BATCH), 0..=MAX_BATCHES),
        0..=MAX_END,
        0..=MAX_SEND_TICKS,
    )
        .prop_map(|(batches, packets_end, send_ticks)| script(batches, packets_end, send_ticks))
}

/// The latest tick the packet stream ends at (the rest of the space is data loss's).
pub const MAX_END: u64 = 8;

/// A script from its parts: (gap, length) per batch, when the packet stream ends, send
/// cost; shared with the fuzz decoder ([`crate::fuzzing`]).
pub fn script(batches: Vec<(u64, u32)>, packets_end: u64, send_ticks: u64) -> ReadSendScript {
    ReadSendScript {
        packets_end,
        ..data_loss::script(batches, Vec::new(), send_ticks)
    }
}

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
    let expected = crate::declared_race(design, design.declares().loses_at_stream_end);
    outcome.into_finding(CONCURRENT, CHECK, design_ref(&info), expected, settings)
}

//! Stream-end loss (seed 002's `select!` hazard, split out of data loss): the same
//! `read_send` race, but no packet ever arrives; the packet stream only ends, at a scripted
//! tick, while batches are being read and sent. Anything lost here is lost to the stream's
//! `None` alone: a `select!` arm that completes on `None` drops the turn's `read_send`.
//!
//! Runs through [`crate::property`] exactly like the data-loss check; only the scripts
//! differ.

use lab_designs::concurrent::ConcurrentDesign;
use lab_findings::{Finding, Verdict};
use lab_workloads::{Batch, ReadSendScript};
use proptest::prelude::*;

use crate::data_loss::trial;
use crate::{CONCURRENT, design_ref, property};

pub const CHECK: &str = "stream-end";

pub use crate::property::Settings;

/// Up to 6 batches of 1–4 items with gaps of 0–3 ticks, no packets, and a packet stream
/// that ends at a tick from 0 to 8. Shrinks towards one small batch and an end at tick 0.
pub fn scripts() -> impl Strategy<Value = ReadSendScript> {
    (
        prop::collection::vec((0u64..=3, 1u32..=4), 0..=6),
        0u64..=8,
        0u64..=2,
    )
        .prop_map(|(batches, packets_end, send_ticks)| {
            let mut at = 0;
            ReadSendScript {
                batches: batches
                    .into_iter()
                    .map(|(gap, len)| {
                        at += gap;
                        Batch { at, len }
                    })
                    .collect(),
                packets: Vec::new(),
                send_ticks,
                packets_end,
            }
        })
}

const LABELS: property::Labels = property::Labels {
    unit: "items",
    inputs: "workloads",
    cancelled: "read_send futures dropped unfinished",
};

pub fn check(design: &dyn ConcurrentDesign, settings: &Settings, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let outcome = property::check(&scripts(), settings, &LABELS, |script| {
        progress();
        trial(design, script, settings.max_polls)
    });
    let expected = if info.loses_at_stream_end {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    outcome.into_finding(CONCURRENT, CHECK, design_ref(&info), expected, settings)
}

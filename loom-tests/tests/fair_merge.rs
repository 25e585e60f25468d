//! The fair merge under loom: two channels fed by two producer threads, merged and drained
//! under `block_on`. Every item arrives once, in each source's order, and the merge ends.
//! The variant that clears readiness after polling must be caught.

#![cfg(lab_loom)]

use lab_loom_tests::{Model, check_delivery, drain};
use lab_reference::channel::channel;
use lab_reference::fair_merge::FairMerge;
use lab_reference::{FAIR_MERGE, Flaw};
use loom::thread;

const SENT: &[u32] = &[2, 1];

/// The model of `flaw`: every known-bad variant must end in a lost wakeup (loom's deadlock
/// with the consumer blocked and both producers finished).
fn model(flaw: Flaw) -> Model {
    Model {
        binary: env!("CARGO_CRATE_NAME"),
        reference: FAIR_MERGE,
        flaw,
        about: "two producer threads send 2 items and 1, each into its own (correct) channel; \
                the consumer drains the merge of both under loom's block_on",
        threads: &["consumer", "producer 0", "producer 1"],
        sent: SENT,
        must_fail_with: (flaw != Flaw::None).then_some("lost wakeup"),
    }
}

fn body(flaw: Flaw) {
    let (tx0, rx0) = channel::<(usize, u32)>(Flaw::None);
    let (tx1, rx1) = channel::<(usize, u32)>(Flaw::None);
    let a = thread::spawn(move || {
        tx0.send((0, 0));
        tx0.send((0, 1));
    });
    let b = thread::spawn(move || tx1.send((1, 0)));
    let got = loom::future::block_on(drain(FairMerge::new(vec![rx0, rx1], flaw)));
    a.join().unwrap();
    b.join().unwrap();
    check_delivery(&got, SENT);
}

lab_loom_tests::model_tests!(ClearAfterPoll, clear_after_poll, clear_after_poll_is_caught);

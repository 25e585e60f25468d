//! The lab's channel under loom: two producer threads push (two items and one), the
//! consumer drains under `block_on`. Every item arrives once, in each producer's order, and
//! the consumer ends (a lost wakeup is a deadlock loom reports). The check-then-register
//! variant must be caught.

#![cfg(lab_loom)]

use lab_loom_tests::{Model, check_delivery, drain};
use lab_reference::channel::channel;
use lab_reference::{CHANNEL, Flaw};
use loom::thread;

const SENT: &[u32] = &[2, 1];

/// The model of `flaw`: every known-bad variant must end in a lost wakeup (loom's deadlock
/// with the consumer blocked and both producers finished).
fn model(flaw: Flaw) -> Model {
    Model {
        binary: env!("CARGO_CRATE_NAME"),
        reference: CHANNEL,
        flaw,
        about: "two producer threads send 2 items and 1 into one channel; the consumer drains \
                it under loom's block_on until every sender is gone",
        threads: &["consumer", "producer 0", "producer 1"],
        sent: SENT,
        must_fail_with: (flaw != Flaw::None).then_some("lost wakeup"),
    }
}

fn body(flaw: Flaw) {
    let (tx, rx) = channel::<(usize, u32)>(flaw);
    let tx1 = tx.clone();
    let a = thread::spawn(move || {
        tx.send((0, 0));
        tx.send((0, 1));
    });
    let b = thread::spawn(move || tx1.send((1, 0)));
    let got = loom::future::block_on(drain(rx));
    a.join().unwrap();
    b.join().unwrap();
    check_delivery(&got, SENT);
}

lab_loom_tests::model_tests!(
    CheckThenRegister,
    check_then_register,
    check_then_register_is_caught
);

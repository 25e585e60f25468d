//! The reference designs with real threads and std's sync types (loom checks the
//! interleavings; this checks the plain build): every item once, each source in order.

use std::thread;

use futures::StreamExt;
use futures::executor::block_on;
use lab_reference::Flaw;
use lab_reference::channel::channel;
use lab_reference::fair_merge::FairMerge;

const ITEMS: u32 = 2_000;

/// Every source's `ITEMS` items arrived once and in order, and nothing else did.
fn assert_each_source_whole_and_in_order(got: &[(usize, u32)], sources: usize) {
    assert_eq!(got.len(), sources * ITEMS as usize);
    for p in 0..sources {
        let seen: Vec<u32> = got
            .iter()
            .filter(|(s, _)| *s == p)
            .map(|(_, i)| *i)
            .collect();
        assert_eq!(seen, (0..ITEMS).collect::<Vec<_>>(), "source {p}");
    }
}

#[test]
fn producers_on_threads_deliver_everything_through_the_channel() {
    let (tx, rx) = channel::<(usize, u32)>(Flaw::None);
    let producers: Vec<_> = (0..3)
        .map(|p| {
            let tx = tx.clone();
            thread::spawn(move || (0..ITEMS).for_each(|i| tx.send((p, i))))
        })
        .collect();
    drop(tx);
    let got: Vec<(usize, u32)> = block_on(rx.collect());
    producers.into_iter().for_each(|h| h.join().unwrap());
    assert_each_source_whole_and_in_order(&got, 3);
}

#[test]
fn the_fair_merge_takes_every_source_fed_from_threads() {
    let mut receivers = Vec::new();
    let mut producers = Vec::new();
    for p in 0..3 {
        let (tx, rx) = channel::<(usize, u32)>(Flaw::None);
        receivers.push(rx);
        producers.push(thread::spawn(move || {
            (0..ITEMS).for_each(|i| tx.send((p, i)))
        }));
    }
    let got: Vec<(usize, u32)> = block_on(FairMerge::new(receivers, Flaw::None).collect());
    producers.into_iter().for_each(|h| h.join().unwrap());
    assert_each_source_whole_and_in_order(&got, 3);
}

#[test]
fn always_ready_sources_take_turns() {
    // Three sources with everything already queued: the merge serves them in rotation.
    let receivers: Vec<_> = (0..3)
        .map(|p| {
            let (tx, rx) = channel::<usize>(Flaw::None);
            (0..4).for_each(|_| tx.send(p));
            rx
        })
        .collect();
    let got: Vec<usize> = block_on(FairMerge::new(receivers, Flaw::None).collect());
    assert_eq!(got, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
}

//! The must-complete race, both ways: when the other side wins, the must-complete side is
//! still run to its end; when it wins, the other side is dropped; and a must-complete
//! future dropped mid-way is counted as a broken contract.

use futures::FutureExt;
use futures::channel::oneshot;
use futures::executor::block_on;
use lab_reference::must_complete::{MustComplete, Raced, dropped_incomplete, race_completing};

#[test]
fn the_loser_that_must_complete_is_finished_first() {
    let (tx, rx) = oneshot::channel::<u32>();
    let mut race = Box::pin(race_completing(rx, async { "packet" }));
    // The other side is ready at once, but the must-complete side waits for its value.
    assert!((&mut race).now_or_never().is_none());
    tx.send(7).unwrap();
    assert_eq!(block_on(race), Raced::Second("packet", Ok(7)));
}

#[test]
fn the_winner_that_must_complete_returns_alone() {
    let out = block_on(race_completing(async { 1 }, std::future::pending::<()>()));
    assert_eq!(out, Raced::First(1));
}

#[test]
fn dropping_it_mid_way_is_counted_and_unpolled_is_not() {
    let before = dropped_incomplete();
    drop(MustComplete::new(std::future::pending::<()>()));
    assert_eq!(dropped_incomplete(), before);
    let (_tx, rx) = oneshot::channel::<u32>();
    let mut race = Box::pin(race_completing(rx, std::future::pending::<()>()));
    assert!((&mut race).now_or_never().is_none());
    drop(race);
    assert_eq!(dropped_incomplete(), before + 1);
}

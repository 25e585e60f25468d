//! `BufferedProgress`, both ways: `poll_progress` drives the futures in flight without
//! yielding or starting new ones, and results still come out in source order.

use std::cell::Cell;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::StreamExt;
use futures::channel::oneshot;
use futures::stream;
use futures::task::noop_waker_ref;
use lab_reference::poll_progress::{BufferedProgress, PollProgress};

#[test]
fn progress_drives_in_flight_work_and_order_is_kept() {
    let (txs, rxs): (Vec<_>, Vec<_>) = (0..3).map(|_| oneshot::channel::<u32>()).unzip();
    let started = Cell::new(0);
    let futs = stream::iter(rxs).map(|rx| {
        started.set(started.get() + 1);
        Box::pin(async move { rx.await.expect("sent") })
    });
    let mut s = BufferedProgress::new(futs, 2);
    let mut cx = Context::from_waker(noop_waker_ref());
    assert_eq!(s.poll_next_unpin(&mut cx), Poll::Pending);
    // Two in flight; the second finishes first.
    let mut txs = txs.into_iter();
    let (a, b, c) = (
        txs.next().unwrap(),
        txs.next().unwrap(),
        txs.next().unwrap(),
    );
    b.send(1).unwrap();
    assert_eq!(Pin::new(&mut s).poll_progress(&mut cx), Poll::Pending);
    a.send(0).unwrap();
    // Nothing left running: progress is done, and it started no third future.
    assert_eq!(Pin::new(&mut s).poll_progress(&mut cx), Poll::Ready(()));
    assert_eq!(started.get(), 2);
    assert_eq!(s.poll_next_unpin(&mut cx), Poll::Ready(Some(0)));
    c.send(2).unwrap();
    let rest: Vec<u32> = futures::executor::block_on(s.collect());
    assert_eq!(rest, vec![1, 2]);
}

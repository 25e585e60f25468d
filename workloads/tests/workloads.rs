use futures::{FutureExt, StreamExt};
use lab_executor::{Config, Executor, Outcome};
use lab_workloads::{Audit, Batch, FILE, Item, PACKETS, ReadSend, ReadSendScript, Source};

fn script() -> ReadSendScript {
    ReadSendScript {
        batches: vec![Batch { at: 0, len: 3 }, Batch { at: 4, len: 2 }],
        packets: vec![1, 1, 9],
        send_ticks: 1,
        packets_end: 0,
    }
}

#[test]
fn audit_counts_loss_duplication_and_order_exactly() {
    let expected = [Item::new(0, 0), Item::new(0, 1), Item::new(1, 0)];
    assert!(
        Audit::new(
            &expected,
            &[Item::new(1, 0), Item::new(0, 0), Item::new(0, 1)]
        )
        .is_clean()
    );

    let a = Audit::new(
        &expected,
        &[
            Item::new(0, 1),
            Item::new(0, 0),
            Item::new(0, 1),
            Item::new(7, 0),
        ],
    );
    assert_eq!(a.lost, [Item::new(1, 0)]);
    assert_eq!(a.duplicated, [Item::new(0, 1)]);
    assert_eq!(a.out_of_order, [Item::new(0, 0)]);
    assert_eq!(a.unexpected, [Item::new(7, 0)]);
    assert!(!a.is_clean());
}

#[test]
fn read_send_driven_to_completion_delivers_every_item() {
    let ex = Executor::new(Config::default());
    let (w, record) = ReadSend::new(&script(), &ex.handle());
    let run = ex.run(async move {
        let ReadSend { io, packets } = w;
        while io.read_send().await {}
        packets
            .for_each(|p| {
                io.deliver_packet(p);
                async {}
            })
            .await;
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    let audit = record.ledger().audit(&script().expected());
    assert!(audit.is_clean(), "{audit:?}");
    assert_eq!(audit.delivered, 8);
    assert_eq!(record.read_send_futures().cancelled, 0);
}

#[test]
fn dropping_read_send_mid_batch_loses_the_rest_of_the_batch() {
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let (w, record) = ReadSend::new(&script(), &ex.handle());
    let run = ex.run(async move {
        // Give up on the first batch after 2 ticks: item 0 is sent at t=1, item 1 at t=2.
        futures::select! {
            _ = w.io.read_send().fuse() => {},
            _ = clock.sleep(2).fuse() => {},
        }
        while w.io.read_send().await {}
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    let audit = record
        .ledger()
        .audit(&[0, 1, 2, 3, 4].map(|i| Item::new(FILE, i)));
    assert_eq!(audit.lost, [Item::new(FILE, 2)]);
    assert_eq!(record.read_send_futures().cancelled, 1);
}

#[test]
fn dropping_read_send_while_it_waits_for_a_batch_loses_nothing() {
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let script = ReadSendScript {
        batches: vec![Batch { at: 10, len: 2 }],
        packets: vec![],
        send_ticks: 0,
        packets_end: 0,
    };
    let (w, record) = ReadSend::new(&script, &ex.handle());
    let run = ex.run(async move {
        futures::select! {
            _ = w.io.read_send().fuse() => {},
            _ = clock.sleep(2).fuse() => {},
        }
        while w.io.read_send().await {}
    });
    assert!(matches!(run.outcome, Outcome::Completed(())));
    assert!(record.ledger().audit(&script.expected()).is_clean());
}

#[test]
fn scripted_sources_yield_at_their_ticks() {
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let src = Source::scripted(PACKETS, clock.clone(), vec![2, 2, 7]);
    let run = ex.run(async move { src.map(|i| (i.seq, clock.now())).collect::<Vec<_>>().await });
    assert_eq!(run.outcome.completed(), Some(vec![(0, 2), (1, 2), (2, 7)]));
}

#[test]
fn scripts_print_readably() {
    assert_eq!(
        script().to_string(),
        "file batches: [t=0: s0#0 s0#1 s0#2] [t=4: s0#3 s0#4]; packets: s1#0@t=1 s1#1@t=1 s1#2@t=9; each send takes 1 tick(s)"
    );
}

#[test]
fn a_source_can_stay_open_past_its_last_item_and_is_terminated_only_after_none() {
    use futures::stream::FusedStream;
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let mut src = Source::scripted_until(PACKETS, clock.clone(), vec![1], 5);
    let run = ex.run(async move {
        let first = src.next().await.map(|i| i.seq);
        // The item is out but `None` has not been seen: select! must still poll this stream.
        let open_after_item = !src.is_terminated();
        let end = src.next().await;
        (
            first,
            open_after_item,
            end.is_none(),
            clock.now(),
            src.is_terminated(),
        )
    });
    assert_eq!(
        run.outcome.completed(),
        Some((Some(0), true, true, 5, true))
    );
}

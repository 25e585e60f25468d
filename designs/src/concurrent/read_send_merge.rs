//! How every merge design runs the `read_send` race (seed 002's `repeat_with` form):
//! `read_send` becomes a stream that runs it again each time it completes, packets are a
//! second stream, and one loop drains whatever the merge yields.

use std::future::Future;

use futures::stream::{self, LocalBoxStream, Stream, StreamExt};
use lab_workloads::{Item, ReadSend, ReadSendIo};

pub(crate) enum Msg {
    /// `read_send` finished one batch.
    Batch,
    Packet(Item),
}

/// `read_send` run back to back until end of file, then the stream ends.
pub(crate) fn batches(io: ReadSendIo) -> impl Stream<Item = Msg> {
    stream::unfold(io, |io| async move {
        let more = io.read_send().await;
        more.then_some((Msg::Batch, io))
    })
}

pub(crate) fn packets(w: ReadSend) -> (ReadSendIo, impl Stream<Item = Msg>) {
    (w.io, w.packets.map(Msg::Packet))
}

/// The two sides boxed to one type, for merges over arrays, `Vec`s and maps.
pub(crate) fn boxed(w: ReadSend) -> (ReadSendIo, [LocalBoxStream<'static, Msg>; 2]) {
    let (io, packets) = packets(w);
    let batches = batches(io.clone());
    (io, [batches.boxed_local(), packets.boxed_local()])
}

/// The application loop: handle packets, ignore batch markers (their items were sent).
pub(crate) async fn consume(io: ReadSendIo, merged: impl Stream<Item = Msg>) {
    let mut merged = std::pin::pin!(merged);
    while let Some(msg) = merged.next().await {
        if let Msg::Packet(p) = msg {
            io.deliver_packet(p);
        }
    }
}

/// Fan-in: a task per side (the batches, the packets) forwarding each message with `send`
/// (a clone of `tx` each) until its side ends or `send` says the channel is closed.
pub(crate) fn spawn_forwarders<T, F, Fut>(w: ReadSend, tx: T, send: F) -> ReadSendIo
where
    T: Clone + 'static,
    F: Fn(T, Msg) -> Fut + Clone + 'static,
    Fut: Future<Output = bool>,
{
    let (io, packets) = packets(w);
    let sides: [LocalBoxStream<'static, Msg>; 2] =
        [batches(io.clone()).boxed_local(), packets.boxed_local()];
    for mut side in sides {
        let (tx, send) = (tx.clone(), send.clone());
        io.spawn(async move {
            while let Some(m) = side.next().await {
                if !send(tx.clone(), m).await {
                    break;
                }
            }
        });
    }
    io
}

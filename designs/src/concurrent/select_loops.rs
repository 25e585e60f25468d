//! The loops of the `select!` designs, each written once: the `read_send` race as people
//! write it (a new `read_send` future every turn) and the N-source drain. Draining plain
//! streams is the same loop whether or not a stateful future is hoisted.

/// `loop { futures::select! { more = read_send() => .., p = packets.next() => .., complete => break } }`
/// with the `read_send` future created anew on every turn (`$select` is `select` or
/// `select_biased`).
macro_rules! futures_select_race {
    ($select:ident, $w:expr) => {{
        let ReadSend { io, mut packets } = $w;
        async move {
            let mut file_done = false;
            loop {
                let mut read_send = if file_done {
                    Fuse::terminated()
                } else {
                    io.read_send().fuse()
                };
                futures::$select! {
                    more = read_send => file_done = !more,
                    packet = packets.next() => if let Some(p) = packet { io.deliver_packet(p) },
                    complete => break,
                }
            }
        }
        .boxed_local()
    }};
}

/// The same race with `tokio::select!` as tokio's docs write loops: branch futures are created
/// every turn, the stream's arm matches `Some(..)` (a `None` disables the branch for that
/// turn instead of completing the `select!`, exactly as in [`tokio_select_drain`]), the file's
/// arm is switched off with an `if` precondition once exhausted; optionally `biased;`.
macro_rules! tokio_select_race {
    ($($biased:ident)?; $w:expr) => {{
        let ReadSend { io, mut packets } = $w;
        async move {
            let mut file_done = false;
            loop {
                tokio::select! {
                    $($biased;)?
                    more = io.read_send(), if !file_done => file_done = !more,
                    Some(p) = packets.next() => io.deliver_packet(p),
                    else => break,
                }
            }
        }
        .boxed_local()
    }};
}

/// `loop { futures::select! { item = s0.next() => ..., ..., complete => break } }`
/// (`$select` is `select` or `select_biased`).
macro_rules! futures_select_drain {
    (($select:ident, $sink:ident); $($s:ident),+) => {
        async move {
            let mut sink = $sink;
            loop {
                futures::$select! {
                    $( item = $s.next() => if let Some(item) = item { sink(item) }, )+
                    complete => break,
                }
            }
        }
        .boxed_local()
    };
}

/// `loop { tokio::select! { Some(item) = s0.next() => ..., ..., else => break } }`,
/// optionally `biased;`.
macro_rules! tokio_select_drain {
    (($($biased:ident)?; $sink:ident); $($s:ident),+) => {
        async move {
            let mut sink = $sink;
            loop {
                tokio::select! {
                    $($biased;)?
                    $( Some(item) = $s.next() => sink(item), )+
                    else => break,
                }
            }
        }
        .boxed_local()
    };
}

/// Left-nested chain of a two-way merge: `merge(merge(s0, s1), s2)...`, as `a.merge(b).merge(c)`.
macro_rules! chain {
    ($merge:path; $first:ident $(, $rest:ident)*) => {{
        let merged = $first;
        $(let merged = $merge(merged, $rest);)*
        merged
    }};
}

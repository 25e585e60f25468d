//! The N-source drain loops of the `select!` designs. Draining plain streams is the same
//! loop whether or not a stateful future is hoisted, so those designs share it.

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

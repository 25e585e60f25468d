//! What the compile cases in `cases/` share: a lending source (each item borrows the source
//! itself, seed 000's `type Item<'a> = &'a mut State`), a stream of `!Send` items, a stream
//! that does not implement `FusedStream`, and the list of cases with what each declares.
//! `tests/cases.rs` checks every case with trybuild and writes the results.

use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures::Stream;

/// A lending source: the item `next` returns borrows the source, so the next item cannot
/// be asked for while one is alive.
pub struct Lender {
    state: u32,
    left: u32,
}

impl Lender {
    pub fn new(items: u32) -> Self {
        Self {
            state: 0,
            left: items,
        }
    }

    pub async fn next(&mut self) -> Option<&mut u32> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.state += 1;
        Some(&mut self.state)
    }
}

/// The body over a lent item.
pub async fn lent_body(state: &mut u32) {
    *state += 1;
}

/// A stream of `!Send` items (`Rc`s).
pub fn not_send_items(items: u32) -> impl Stream<Item = Rc<Cell<u32>>> + Unpin {
    futures::stream::iter((0..items).map(|i| Rc::new(Cell::new(i))))
}

/// The body over a `!Send` item: holds it across an await, so its future is `!Send` too.
pub async fn not_send_body(item: Rc<Cell<u32>>) {
    futures::future::ready(()).await;
    item.set(item.get() + 1);
}

/// A stream that implements `Stream` only: not `FusedStream`.
pub struct Unfused(pub u32);

impl Stream for Unfused {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.0 == 0 {
            return Poll::Ready(None);
        }
        self.0 -= 1;
        Poll::Ready(Some(self.0))
    }
}

/// One case: a file under `cases/`, the designs whose construct it writes (one case per
/// construct, at one limit, shared by the designs that differ only in the limit), and
/// whether it must compile, from the signatures the construct goes through (noted above
/// each group of cases).
pub struct Case {
    pub file: &'static str,
    pub item: &'static str,
    pub designs: &'static [&'static str],
    pub must_compile: bool,
}

pub const LENDING: &str = "lending";
pub const NOT_SEND: &str = "not-send";
pub const UNFUSED: &str = "unfused";

const FEC: &[&str] = &[
    "for-each-concurrent-1",
    "for-each-concurrent-8",
    "for-each-concurrent-unbounded",
];
const FC_CO: &[&str] = &["fc-co-limit-8", "fc-co-unbounded"];
/// The strategies that overlap bodies inside the loop's own task (a limit of 1 does not).
const IN_TASK: &[&str] = &[
    "for-each-concurrent-8",
    "for-each-concurrent-unbounded",
    "buffer-unordered-8",
    "buffered-8",
    "fc-co-limit-8",
    "fc-co-unbounded",
];
const JOIN_SET: &[&str] = &["tokio-join-set-8", "tokio-join-set-unbounded"];
/// Every strategy with more than one body in flight.
const PARALLEL: &[&str] = &[
    "for-each-concurrent-8",
    "for-each-concurrent-unbounded",
    "buffer-unordered-8",
    "buffered-8",
    "fc-co-limit-8",
    "fc-co-unbounded",
    "spawn-bounded-8",
    "tokio-join-set-8",
    "tokio-join-set-unbounded",
    "parallel-by-default",
];
const LAB_SPAWN: &[&str] = &["spawn-bounded-8", "parallel-by-default"];
const FUTURES_SELECT: &[&str] = &["futures-select-recreate", "futures-select-hoisted"];
const BIASED: &[&str] = &["futures-select-biased"];

const fn case(
    file: &'static str,
    item: &'static str,
    designs: &'static [&'static str],
    must_compile: bool,
) -> Case {
    Case {
        file,
        item,
        designs,
        must_compile,
    }
}

pub const CASES: &[Case] = &[
    // A lending source, written over the lender directly. `Lender::next` borrows the lender
    // mutably for as long as the item lives, so one item at a time compiles and two alive
    // at once (what every parallel strategy needs, however written) do not.
    case("lending/sequential.rs", LENDING, &["sequential"], true),
    case("lending/two_alive.rs", LENDING, PARALLEL, false),
    // Each parallel construct over the lender, and the same construct with one body at a
    // time as its control: a `FuturesUnordered`'s futures share one lifetime, and
    // `JoinSet::spawn_local` and the lab's `spawn` take `F: 'static`, so the controls are
    // rejected too, and these rejections are the constructs', not the overlap's.
    case("lending/futures_unordered.rs", LENDING, IN_TASK, false),
    case("lending/futures_unordered_one.rs", LENDING, IN_TASK, false),
    case("lending/join_set.rs", LENDING, JOIN_SET, false),
    case("lending/join_set_one.rs", LENDING, JOIN_SET, false),
    case("lending/lab_spawn.rs", LENDING, LAB_SPAWN, false),
    case("lending/lab_spawn_one.rs", LENDING, LAB_SPAWN, false),
    // The same through a Stream made from the lender, as the Stream-taking strategies need:
    // a `Stream`'s items cannot borrow the stream, so `stream::unfold` cannot hand the
    // lender on with an item that borrows it. The sequential loop over that Stream is the
    // control: the adaptor is rejected whatever consumes it.
    case(
        "lending/stream_sequential.rs",
        LENDING,
        &["sequential"],
        false,
    ),
    case("lending/stream_for_each_concurrent.rs", LENDING, FEC, false),
    case(
        "lending/stream_buffer_unordered.rs",
        LENDING,
        &["buffer-unordered-8"],
        false,
    ),
    case(
        "lending/stream_buffered.rs",
        LENDING,
        &["buffered-8"],
        false,
    ),
    case("lending/stream_fc_co.rs", LENDING, FC_CO, false),
    // `!Send` items: only `JoinSet::spawn` (as `tokio::spawn`) bounds the future by `Send`;
    // `for_each_concurrent`, `buffer_unordered`, `buffered`, `co()`, `spawn_local` and the
    // lab's `spawn` bound it by nothing but `'static` at most.
    case("not_send/sequential.rs", NOT_SEND, &["sequential"], true),
    case("not_send/for_each_concurrent.rs", NOT_SEND, FEC, true),
    case(
        "not_send/buffer_unordered.rs",
        NOT_SEND,
        &["buffer-unordered-8"],
        true,
    ),
    case("not_send/buffered.rs", NOT_SEND, &["buffered-8"], true),
    case("not_send/fc_co.rs", NOT_SEND, FC_CO, true),
    case("not_send/join_set_spawn.rs", NOT_SEND, JOIN_SET, false),
    case("not_send/join_set_spawn_local.rs", NOT_SEND, JOIN_SET, true),
    case("not_send/lab_spawn.rs", NOT_SEND, LAB_SPAWN, true),
    // `futures::select!` and `select_biased!` take `FusedFuture`s; `next()` on a stream is
    // one only if the stream is a `FusedStream`. `tokio::select!` has no such bound.
    case("unfused/futures_select.rs", UNFUSED, FUTURES_SELECT, false),
    case(
        "unfused/futures_select_fused.rs",
        UNFUSED,
        FUTURES_SELECT,
        true,
    ),
    case("unfused/futures_select_biased.rs", UNFUSED, BIASED, false),
    case(
        "unfused/futures_select_biased_fused.rs",
        UNFUSED,
        BIASED,
        true,
    ),
    case("unfused/tokio_select.rs", UNFUSED, &["tokio-select"], true),
    case(
        "unfused/tokio_select_biased.rs",
        UNFUSED,
        &["tokio-select-biased"],
        true,
    ),
];

//! The size and allocation relations seed 001 predicts, asserted so that a regression in a
//! design (or a compiler change that alters them) shows up.

use lab_checks::size;
use lab_designs::iterator::chains::{MAX_DEPTH, async_chain_sizes, stream_chain_sizes};
use lab_designs::iterator::{self, Sizes};

fn total(s: &Sizes) -> usize {
    s.iter + s.next_future
}

#[test]
fn a_poll_next_chain_does_not_grow_and_an_async_next_chain_does() {
    let stream = stream_chain_sizes();
    let async_ = async_chain_sizes();
    assert_eq!(stream.len(), MAX_DEPTH);
    // One state machine: the next() future is a reference, whatever the depth.
    assert!(
        stream.iter().all(|s| s.next_future == size_of::<usize>()),
        "{stream:?}"
    );
    assert!(
        stream.windows(2).all(|w| total(&w[0]) == total(&w[1])),
        "{stream:?}"
    );
    // Two state machines: every adapter's next() future holds the one below it.
    assert!(
        async_
            .windows(2)
            .all(|w| w[1].next_future > w[0].next_future),
        "{async_:?}"
    );
    assert!(
        total(&async_[MAX_DEPTH - 1]) >= 3 * total(&async_[0]),
        "{async_:?}"
    );
}

#[test]
fn style_sizes_follow_where_the_state_lives() {
    let size = |id: &str| {
        iterator::by_id(id)
            .unwrap()
            .line_splitter()
            .unwrap()
            .sizes()
    };
    // poll_next styles: the next() future is StreamExt::next's reference.
    for id in [
        "poll-next",
        "generator",
        "natural-as-stream",
        "dyn-poll-next",
    ] {
        assert_eq!(size(id).next_future, size_of::<usize>(), "{id}");
    }
    // The natural style keeps the partial line in its next() future, the careful one in self.
    assert!(size("async-next-natural").next_future > size("async-next-careful").next_future);
    assert!(size("async-next-natural").iter < size("async-next-careful").iter);
}

#[test]
fn findings_cover_every_style_and_both_chains() {
    let f = size::sizes();
    assert!(f.iter().any(|f| f.id == "iterator/size/chain-async-next"));
    let n = iterator::line_splitters().count();
    assert_eq!(f.len(), n + 2);
}

/// Runs where the counting allocator is linked in (`cargo test --workspace` enables the
/// feature through the `lab` binary).
#[cfg(feature = "count-allocations")]
mod counted {
    use lab_checks::allocations;
    use lab_checks::baselines::{CHAIN_ASYNC_NEXT, CHAIN_ASYNC_NEXT_AS_STREAM, CHAIN_POLL_NEXT};
    use lab_findings::param;

    #[test]
    fn dyn_async_next_allocates_per_call_and_dyn_stream_does_not() {
        let f = allocations::allocations();
        let per = |id: &str, depth: u8| {
            f.iter()
                .find(|f| f.design.id == id)
                .and_then(|f| f.figure(allocations::PER_NEXT, &[param(allocations::DEPTH, depth)]))
                .unwrap_or_else(|| panic!("{id} measured: {f:?}"))
                .value
        };
        for depth in [1, 8] {
            assert_eq!(per(CHAIN_POLL_NEXT, depth), 0.0);
            assert_eq!(per(CHAIN_ASYNC_NEXT, depth), 1.0);
            // Made dyn through a Stream adapter instead, async fn next allocates nothing per call.
            assert_eq!(per(CHAIN_ASYNC_NEXT_AS_STREAM, depth), 0.0);
        }
    }

    #[test]
    fn on_the_line_splitter_only_dyn_async_next_adds_an_allocation_per_call() {
        let f = allocations::allocations();
        let per_line = |id: &str| {
            f.iter()
                .find(|f| f.design.id == id)
                .and_then(|f| f.figure("line splitter: allocations per line", &[]))
                .unwrap_or_else(|| panic!("{id} measured"))
                .value
        };
        // The lines themselves allocate in every style; the dyn async form boxes each next()
        // future on top (64 lines, 65 calls).
        let base = per_line("dyn-poll-next");
        assert_eq!(per_line("poll-next"), base);
        assert_eq!(per_line("async-next-careful"), base);
        let extra = per_line("dyn-async-next") - base;
        assert!((extra - 65.0 / 64.0).abs() < 1e-9, "{extra}");
    }
}

//! The iterator designs' real-runtimes check both ways: a cancel-safe and a cancel-unsafe
//! design get the lab's answer on every runtime, and a control whose lab verdict is the
//! lab's virtual time is caught as a disagreement on every real runtime.

use std::collections::VecDeque;
use std::task::{Context, Poll, Waker};

use futures::future::{FutureExt, LocalBoxFuture};
use lab_checks::Options;
use lab_checks::runtimes::{DISAGREEMENTS, RUNTIME, iterator};
use lab_designs::iterator::{BatchInput, IterDesign, NextSource};
use lab_findings::{Param, Verdict};
use lab_runtimes::Runtime;
use lab_workloads::{BatchFile, Decoder, Item};

fn at(rt: Runtime) -> [(&'static str, Param); 1] {
    [(RUNTIME, rt.id().into())]
}

#[test]
fn a_cancel_safe_and_an_unsafe_design_agree_with_the_lab_on_every_runtime() {
    for (id, lossy) in [("async-next-natural", true), ("poll-next", false)] {
        let d = lab_designs::iterator::by_id(id).unwrap();
        let f = iterator::check(d, &Options::default(), &|| {});
        assert_eq!(f.verdict, Verdict::Pass, "{id}: {}", f.summary);
        for rt in Runtime::ALL {
            assert_eq!(
                f.value(iterator::CASES, &at(rt)),
                Some(20.0),
                "{id} on {rt}"
            );
            let lost = f.value(iterator::LOSSY, &at(rt)).unwrap();
            assert_eq!(lost > 0.0, lossy, "{id} on {rt}: {lost}");
            assert_eq!(f.value(iterator::UNFINISHED, &at(rt)), Some(0.0));
        }
    }
}

/// A control whose lab verdict is the lab's virtual time: `next()` waits for a batch by
/// polling the file with a waker that does nothing and yielding. The lab executor moves
/// time only when no task is runnable, so the spinning task stops the clock and the case
/// exhausts its step budget; a real runtime's clock runs on and the case completes.
struct SpinsForBatch;

impl lab_designs::Design for SpinsForBatch {
    fn info(&self) -> lab_designs::DesignInfo {
        lab_designs::DesignInfo {
            id: "test-spins-for-batch",
            krate: "lab tests",
            construct: "loop { poll_batch(noop waker); yield_now().await }",
            summary: "waits for batches by spinning on yield_now",
        }
    }
}

struct Spin {
    file: BatchFile,
    decoder: Decoder,
    /// Raw items read but not yet delivered: an item leaves only once decoded, so a
    /// dropped `next()` loses nothing.
    pending: VecDeque<u32>,
}

impl NextSource<Item> for Spin {
    fn next(&mut self) -> LocalBoxFuture<'_, Option<Item>> {
        async move {
            loop {
                if let Some(&raw) = self.pending.front() {
                    let item = self.decoder.decode(raw).await;
                    self.pending.pop_front();
                    return Some(item);
                }
                let mut cx = Context::from_waker(Waker::noop());
                match self.file.poll_batch(&mut cx) {
                    Poll::Ready(Some(batch)) => self.pending.extend(batch),
                    Poll::Ready(None) => return None,
                    Poll::Pending => lab_executor::yield_now().await,
                }
            }
        }
        .boxed_local()
    }
}

impl IterDesign for SpinsForBatch {
    fn cancel_safe(&self) -> bool {
        true
    }

    fn batches(&self, mut inputs: Vec<BatchInput>) -> Box<dyn NextSource<Item>> {
        let (file, decoder) = inputs.remove(0);
        Box::new(Spin {
            file,
            decoder,
            pending: VecDeque::new(),
        })
    }
}

static SPINS: SpinsForBatch = SpinsForBatch;

#[test]
fn a_verdict_that_is_the_labs_virtual_time_is_a_disagreement_on_every_real_runtime() {
    let quick = Options {
        quick: true,
        ..Options::default()
    };
    let f = iterator::check(&SPINS, &quick, &|| {});
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.summary);
    assert_eq!(f.value(DISAGREEMENTS, &[]), Some(4.0), "{}", f.summary);
    assert!(f.value(iterator::UNFINISHED, &at(Runtime::Lab)).unwrap() > 0.0);
    for rt in Runtime::ALL.into_iter().filter(|r| r.is_real()) {
        assert_eq!(
            f.value(iterator::UNFINISHED, &at(rt)),
            Some(0.0),
            "{rt}: {}",
            f.summary
        );
        assert_eq!(f.value(iterator::LOSSY, &at(rt)), Some(0.0), "{rt}");
        assert!(f.summary.contains(rt.id()), "{}", f.summary);
    }
}

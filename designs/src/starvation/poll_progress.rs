//! boats' `poll_progress`, as the lab's reference (`lab_reference::poll_progress`):
//! `buffered(n)` that can drive its in-flight fetches between items, consumed by the
//! `for await` lowering that asks it to whenever the body is pending.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_reference::poll_progress::{BufferedProgress, for_await};
use lab_workloads::Fetches;

use super::{AwaitingDesign, Declares, Design, DesignInfo, fetch_stream};

pub struct PollProgressLoop;

impl Design for PollProgressLoop {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "reference-poll-progress",
            krate: "lab",
            construct: "PollProgress::poll_progress + for await lowering",
            summary: "fetches buffered(8) with poll_progress, polled by the for-await lowering while the body is pending",
        }
    }
}

impl AwaitingDesign for PollProgressLoop {
    fn declares(&self) -> Declares {
        Declares {
            drives_while_body_awaits: true,
            spawns: false,
        }
    }

    fn run(&self, f: Fetches) -> LocalBoxFuture<'static, ()> {
        let s = BufferedProgress::new(fetch_stream(&f), f.limit);
        for_await(s, move |x| (f.body)(x)).boxed_local()
    }
}

//! The lab's fair reference merge (`lab-reference`, checked by loom in `loom-tests/`): each
//! source polled with its own waker and only once woken, ready sources served in rotation
//! from one past the last served. No crate ships it in this form; it is here so the
//! interleavings loom explores belong to a design the other checks judge too.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_reference::Flaw;
use lab_reference::fair_merge::FairMerge;
use lab_workloads::{ReadSend, Source};

use super::read_send_merge::{boxed, consume};
use super::{Arity, ConcurrentDesign, Declares, Design, DesignInfo, Pick, Sink};

pub struct ReferenceFairMerge;

impl Design for ReferenceFairMerge {
    fn info(&self) -> DesignInfo {
        let r = lab_reference::FAIR_MERGE;
        DesignInfo {
            id: r.id,
            krate: "lab",
            construct: r.construct,
            summary: r.summary,
        }
    }
}

impl ConcurrentDesign for ReferenceFairMerge {
    fn declares(&self) -> Declares {
        Declares {
            expects_loss: false,
            loses_at_stream_end: false,
            // the reference merge drops a source's slot once it yields `None`.
            polls_after_end: false,
            never_ends: false,
            // `FairMerge::poll_next` starts one past the source it served last and serves the
            // first woken one; a finished source is skipped. Always-ready sources take turns;
            // sources that all turn ready at one tick are served from source 0 every tick,
            // since a pending poll does not move the start.
            pick: Pick::WokenRotation,
        }
    }

    fn arity(&self) -> Arity {
        Arity::Any
    }

    fn race_read_send(&self, w: ReadSend) -> LocalBoxFuture<'static, ()> {
        let (io, streams) = boxed(w);
        consume(io, FairMerge::new(Vec::from(streams), Flaw::None)).boxed_local()
    }

    fn drain(&self, sources: Vec<Source>, sink: Sink) -> LocalBoxFuture<'static, ()> {
        super::drain_merged(FairMerge::new(sources, Flaw::None), sink)
    }
}

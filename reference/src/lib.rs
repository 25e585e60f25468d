//! Reference designs for proposals no crate ships, written by the lab and checked by loom:
//! an async channel that producer threads push into, and a merge that polls only the
//! sources whose wakers fired. Every atomic, lock and waker slot comes from [`sync`], which
//! is std normally and loom under `--cfg lab_loom`, so `loom-tests/` explores the
//! interleavings of this code (not the crates' internals). The waker slot is the one part
//! loom does not see as written: the std build uses the `atomic-waker` crate, the loom
//! build loom's own `AtomicWaker` model (a lock), so the std build's slot rests on
//! `atomic-waker`'s contract, not on loom.
//!
//! Each design also carries its known-bad variants ([`Flaw`]), the mistakes people make in
//! such code, so the models show that loom catches them.

pub mod channel;
pub mod fair_merge;
pub mod sync;

/// A deliberate mistake a design can be built with, for the checks to catch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flaw {
    /// The correct design.
    #[default]
    None,
    /// The channel's receiver looks at the queue before registering its waker, so a push
    /// between the two wakes nobody.
    CheckThenRegister,
    /// The merge clears a source's readiness after polling it instead of before, so a wake
    /// that arrives during the poll is erased.
    ClearAfterPoll,
}

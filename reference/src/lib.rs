//! Reference designs for proposals no crate ships, written by the lab and checked by loom:
//! an async channel that producer threads push into, and a merge that polls only the
//! sources whose wakers fired. Every atomic, lock and waker slot comes from [`sync`], which
//! is std normally and loom under `--cfg lab_loom`, so `loom-tests/` explores the
//! interleavings of this code (not the crates' internals). Two parts loom does not see as
//! written: the waker slot (the std build uses the `atomic-waker` crate, the loom build
//! loom's lock-based model of the same contract, so the std build's slot rests on
//! `atomic-waker`'s contract) and the std `Arc`s that `Waker::from` needs for the merge's
//! per-source wakers (their counts are not loom's; what they hold is).
//!
//! Each design also carries its known-bad variants ([`Flaw`]), the mistakes people make in
//! such code, so the models show that loom catches them. [`poll_progress`] (boats'
//! proposal), [`must_complete`] (a poll-to-completion future and its race) and [`scope`] (a
//! structured-concurrency task group) are single-threaded poll
//! logic with no waker or lock of their own, so they have no loom model: the starvation and
//! structured-concurrency checks run them.

pub mod channel;
pub mod fair_merge;
pub mod must_complete;
pub mod poll_progress;
pub mod scope;
pub mod sync;

/// A reference design as findings name it, with the known-bad variants its loom model
/// must catch: the one list `loom-tests/` models and `lab import-loom` expects results for.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    pub id: &'static str,
    pub construct: &'static str,
    pub summary: &'static str,
    pub flaws: &'static [Flaw],
}

impl Reference {
    /// The id of the design built with `flaw`: its own id for the correct design,
    /// `{id}-{flaw}` for a known-bad variant.
    pub fn variant(&self, flaw: Flaw) -> String {
        match flaw {
            Flaw::None => self.id.to_string(),
            f => format!("{}-{}", self.id, f.id()),
        }
    }

    /// Every variant loom checks: the correct design first, then each flaw.
    pub fn variants(&self) -> impl Iterator<Item = Flaw> + '_ {
        std::iter::once(Flaw::None).chain(self.flaws.iter().copied())
    }
}

pub const CHANNEL: Reference = Reference {
    id: "reference-channel",
    construct: "channel (reference)",
    summary: "reference: an unbounded MPSC channel, queue and sender count under one lock, the receiver's waker in an AtomicWaker slot",
    flaws: &[Flaw::CheckThenRegister],
};

pub const FAIR_MERGE: Reference = Reference {
    id: "reference-fair-merge",
    construct: "FairMerge (reference)",
    summary: "reference: a merge with a waker per source that polls only woken sources, from one past the last served",
    flaws: &[Flaw::ClearAfterPoll],
};

/// Every reference design with a loom model.
pub const DESIGNS: &[Reference] = &[CHANNEL, FAIR_MERGE];

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

impl Flaw {
    /// Its id in design ids, e.g. `check-then-register`.
    pub fn id(self) -> &'static str {
        match self {
            Flaw::None => "correct",
            Flaw::CheckThenRegister => "check-then-register",
            Flaw::ClearAfterPoll => "clear-after-poll",
        }
    }

    /// What goes wrong, for a reader.
    pub fn about(self) -> &'static str {
        match self {
            Flaw::None => "the correct design",
            Flaw::CheckThenRegister => {
                "the receiver looks at the queue before registering its waker: a send between the two wakes nobody"
            }
            Flaw::ClearAfterPoll => {
                "the merge clears a source's readiness after polling it: a wake during the poll is erased"
            }
        }
    }
}

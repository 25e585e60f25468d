//! Question 4 (seed 002): the concurrency modes of seed 002's two tables — wait for all /
//! the first / each one as it comes, continuing or returning early on an error; responding
//! on the first or the last output — as the crates ship them: futures-concurrency's `join`,
//! `try_join`, `race`, `race_ok` and `merge`, futures' `join!`, `try_join!`, `select_all`,
//! `select_ok` and `FuturesUnordered`, tokio's `join!`, `try_join!`, `select!` and `JoinSet`. Every
//! design combines the same three operations, each finishing at its own tick with `Ok(i)`
//! or `Err(i)`.

use futures::future::LocalBoxFuture;
use lab_executor::{Clock, Tick};

pub use crate::{Design, DesignInfo};

/// One design: its info, its declared mode and its body, `|[a, b, c], clock| async { .. }`.
macro_rules! mode_design {
    ($name:ident, $id:literal, $krate:literal, $construct:literal, $summary:literal, $mode:expr,
     $pick:expr, |$ops:pat_param, $clock:pat_param| $body:expr) => {
        pub struct $name;

        impl $crate::Design for $name {
            fn info(&self) -> $crate::DesignInfo {
                $crate::DesignInfo {
                    id: $id,
                    krate: $krate,
                    construct: $construct,
                    summary: $summary,
                }
            }
        }

        impl super::ModeDesign for $name {
            fn mode(&self) -> super::Mode {
                $mode
            }

            fn ready_pick(&self) -> Option<super::ReadyPick> {
                $pick
            }

            fn run(
                &self,
                ops: [super::Op; 3],
                clock: lab_executor::Clock,
            ) -> futures::future::LocalBoxFuture<'static, super::ModeOutput> {
                use futures::FutureExt;
                let $ops = ops;
                let $clock = clock;
                $body.boxed_local()
            }
        }
    };
}

mod fc_join;
mod fc_merge;
mod fc_merge_last;
mod fc_race;
mod fc_race_ok;
mod fc_try_join;
mod futures_join;
mod futures_select_all;
mod futures_select_ok;
mod futures_try_join;
mod futures_unordered;
mod reference_merge_by_join;
mod reference_race_by_join;
mod reference_race_ok_as_race;
mod reference_try_join_by_join;
mod tokio_join;
mod tokio_join_set_merge;
mod tokio_join_set_race;
mod tokio_select;
mod tokio_try_join;

/// A cell of seed 002's tables, as a design declares it from its docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Wait for all outputs, continue on error (`join`).
    Join,
    /// Wait for all outputs, return early on error (`try_join`).
    TryJoin,
    /// The first output, whatever it is (`race`).
    Race,
    /// The first success; an error only if all fail (`race_ok`).
    RaceOk,
    /// Each output as it comes (`merge`).
    Merge,
    /// Only the last output (`merge` + `last`).
    MergeLast,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Join,
        Mode::TryJoin,
        Mode::Race,
        Mode::RaceOk,
        Mode::Merge,
        Mode::MergeLast,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Join => "join",
            Mode::TryJoin => "try_join",
            Mode::Race => "race",
            Mode::RaceOk => "race_ok",
            Mode::Merge => "merge",
            Mode::MergeLast => "merge + last",
        }
    }

    /// The operation seed 002's tables name for this cell.
    pub fn essay_name(self) -> &'static str {
        match self {
            Mode::Join => "Future::join",
            Mode::TryJoin => "Future::try_join",
            Mode::Race => "Future::race",
            Mode::RaceOk => "Future::try_race",
            Mode::Merge => "Stream::merge",
            Mode::MergeLast => "Stream::merge + Stream::last",
        }
    }

    /// Its cell in seed 002's first table (column, row), in the essay's words. Merge sits in
    /// both rows there; the lab's merges only continue on error, so only that row is tested.
    pub fn table_one(self) -> (&'static str, &'static str) {
        match self {
            Mode::Join => ("Wait for all outputs", "Continue on error"),
            Mode::TryJoin => ("Wait for all outputs", "Return early on error"),
            Mode::Race => ("Wait for first output", "Return early on error"),
            Mode::RaceOk => ("Wait for first output", "Continue on error"),
            Mode::Merge => ("Handle output one-by-one", "Continue on error"),
            Mode::MergeLast => ("—", "—"),
        }
    }

    /// Its cell in seed 002's second table (row, column), in the essay's words.
    pub fn table_two(self) -> (&'static str, &'static str) {
        match self {
            Mode::Merge => ("Response starts on first item", "Handle all items"),
            Mode::Race => ("Response starts on first item", "Discard some items"),
            Mode::Join => ("Response starts on last item", "Handle all items"),
            Mode::MergeLast => ("Response starts on last item", "Discard some items"),
            Mode::TryJoin | Mode::RaceOk => ("—", "—"),
        }
    }
}

/// One operation: `Ok(i)` or `Err(i)` for operation `i`.
pub type Op = LocalBoxFuture<'static, Result<u32, u32>>;

/// What a design returned, in its mode's shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModeOutput {
    /// Every result, in the operations' order.
    All(Vec<Result<u32, u32>>),
    /// Every value in order, or the error that ended it.
    TryAll(Result<Vec<u32>, u32>),
    /// The first result.
    First(Result<u32, u32>),
    /// The first success, or the errors it returned when all failed.
    FirstOk(Result<u32, Vec<u32>>),
    /// Each result with the tick it was handed over at.
    Each(Vec<(Tick, Result<u32, u32>)>),
    /// The last result.
    Last(Option<Result<u32, u32>>),
}

/// Which operation a race takes when several are ready at the same poll, read off each
/// design's source; the ready-race check confirms or refutes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadyPick {
    /// Polls in index order from 0 on every poll: the lowest-index ready operation wins.
    InOrder,
    /// Starts at an index that advances by one on every poll, from 0 for a new race: the
    /// first ready operation at or after `(earlier polls) mod 3` wins.
    Rotating,
    /// Starts at a random index on every poll (an RNG the lab cannot seed).
    Random,
}

pub trait ModeDesign: Design {
    fn mode(&self) -> Mode;

    /// For a race (`race`, `race_ok`): which ready operation it takes; `None` otherwise.
    fn ready_pick(&self) -> Option<ReadyPick>;

    /// Combines the three operations; `clock` stamps each output a merge hands over.
    fn run(&self, ops: [Op; 3], clock: Clock) -> LocalBoxFuture<'static, ModeOutput>;
}

/// Every design, in report order.
pub fn all() -> &'static [&'static dyn ModeDesign] {
    &[
        &fc_join::FcJoin,
        &futures_join::FuturesJoin,
        &tokio_join::TokioJoin,
        &fc_try_join::FcTryJoin,
        &futures_try_join::FuturesTryJoin,
        &tokio_try_join::TokioTryJoin,
        &reference_try_join_by_join::TryJoinByJoin,
        &fc_race::FcRace,
        &futures_select_all::FuturesSelectAll,
        &tokio_select::TokioSelect,
        &tokio_join_set_race::TokioJoinSetRace,
        &reference_race_by_join::RaceByJoin,
        &fc_race_ok::FcRaceOk,
        &futures_select_ok::FuturesSelectOk,
        &reference_race_ok_as_race::RaceOkAsRace,
        &fc_merge::FcMerge,
        &futures_unordered::FuturesUnordered,
        &tokio_join_set_merge::TokioJoinSetMerge,
        &reference_merge_by_join::MergeByJoin,
        &fc_merge_last::FcMergeLast,
    ]
}

pub fn by_id(id: &str) -> Result<&'static dyn ModeDesign, String> {
    crate::by_id(all(), id)
}

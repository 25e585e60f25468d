//! Question 7 (seed 003): detached vs structured concurrency. Each design opens a
//! single-instance resource, works with it and lets the handle go its own way: a `Drop`
//! that spawns the async close as a detached task (on the lab executor, and with tokio's
//! `spawn_local`), an explicit `close().await`, or a close spawned into a group the design
//! awaits before it returns: the lab's reference scope, tokio's `JoinSet`, a
//! `FuturesUnordered`. The check reopens the resource as soon as the design returns.

use futures::future::LocalBoxFuture;
use lab_executor::Handle;
use lab_workloads::{AlreadyOpen, CloseFailed, Resource};

pub use crate::{Design, DesignInfo};

mod detached_lab;
mod detached_tokio;
mod explicit_close;
mod futures_unordered_group;
mod reference_scope;
mod tokio_join_set;

/// What the caller of a design can see go wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    Open(AlreadyOpen),
    Close(CloseFailed),
}

/// What a design declares, read off its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declares {
    /// Its close may still be running when the design has returned.
    pub outlives_scope: bool,
}

pub trait StructuredDesign: Design {
    fn declares(&self) -> Declares;

    /// Opens `r`, works with it, lets the handle go; resolves when the design is done,
    /// with any failure it lets its caller see. `spawner` is the lab executor, for the
    /// design that detaches onto it; the rest run inside a tokio `LocalSet` the check
    /// provides (a long-lived runtime context, as a program has).
    fn use_once(
        &self,
        r: Resource,
        spawner: Handle,
    ) -> LocalBoxFuture<'static, Result<(), Failure>>;
}

/// Every design of the question, in report order.
pub fn all() -> &'static [&'static dyn StructuredDesign] {
    &[
        &detached_lab::DetachedLab,
        &detached_tokio::DetachedTokio,
        &explicit_close::ExplicitClose,
        &reference_scope::ReferenceScope,
        &tokio_join_set::JoinSetGroup,
        &futures_unordered_group::FuturesUnorderedGroup,
    ]
}

/// Looks a design up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static dyn StructuredDesign, String> {
    crate::by_id(all(), id)
}

const DETACHED: Declares = Declares {
    outlives_scope: true,
};
const STRUCTURED: Declares = Declares {
    outlives_scope: false,
};

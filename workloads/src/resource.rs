//! Seed 003's detached-execution story as a workload: a resource only one handle may hold
//! open at a time (sqlite's database file). Opening takes a tick and fails if a handle is
//! still open; closing is async, takes a tick, and may fail (an injected error, as an
//! fsync might). A ledger counts opens, reopen failures, closes started and finished, and
//! the close errors raised, so a check can tell what a design left running or lost.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lab_executor::{Clock, Tick};

pub const OPEN_TICKS: Tick = 1;
pub const CLOSE_TICKS: Tick = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlreadyOpen;

/// The error a close may end with (injected by the workload).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloseFailed;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResourceLedger {
    pub opens: u32,
    pub open_failures: u32,
    pub closes_started: u32,
    pub closes_finished: u32,
    pub close_errors: u32,
}

impl ResourceLedger {
    pub fn closes_running(&self) -> u32 {
        self.closes_started - self.closes_finished
    }
}

/// The single-instance resource.
#[derive(Clone)]
pub struct Resource {
    clock: Clock,
    open: Rc<Cell<bool>>,
    ledger: Rc<RefCell<ResourceLedger>>,
    fail_close: bool,
}

impl Resource {
    /// A resource whose closes fail if `fail_close`.
    pub fn new(clock: &Clock, fail_close: bool) -> Self {
        Self {
            clock: clock.clone(),
            open: Rc::default(),
            ledger: Rc::default(),
            fail_close,
        }
    }

    pub fn ledger(&self) -> ResourceLedger {
        *self.ledger.borrow()
    }

    /// Opens a handle after [`OPEN_TICKS`]; fails if one is still open then.
    pub async fn open(&self) -> Result<Db, AlreadyOpen> {
        self.clock.sleep(OPEN_TICKS).await;
        let mut l = self.ledger.borrow_mut();
        l.opens += 1;
        if self.open.replace(true) {
            l.open_failures += 1;
            return Err(AlreadyOpen);
        }
        Ok(Db {
            resource: self.clone(),
        })
    }
}

/// An open handle. Dropping it without closing leaves the resource open: each design
/// decides how it closes (its wrapper's `Drop`, or an explicit call).
pub struct Db {
    resource: Resource,
}

impl Db {
    /// Does a tick of work with the handle.
    pub async fn work(&self) {
        self.resource.clock.sleep(1).await;
    }

    /// Closes after [`CLOSE_TICKS`]; the resource is free once this finishes, error or
    /// not. The close counts as started when it is made, polled or not.
    pub fn close(self) -> impl std::future::Future<Output = Result<(), CloseFailed>> + 'static {
        let r = self.resource;
        r.ledger.borrow_mut().closes_started += 1;
        async move { r.finish_close().await }
    }
}

impl Resource {
    async fn finish_close(self) -> Result<(), CloseFailed> {
        let r = self;
        r.clock.sleep(CLOSE_TICKS).await;
        r.open.set(false);
        let mut l = r.ledger.borrow_mut();
        l.closes_finished += 1;
        if r.fail_close {
            l.close_errors += 1;
            Err(CloseFailed)
        } else {
            Ok(())
        }
    }
}

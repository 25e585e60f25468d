//! The nearest tokio form: the handle's `Drop` spawns its close into a `JoinSet` the design
//! owns (with `spawn_local`), and the design joins the set before it returns, returning the
//! first close error.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture};
use lab_executor::Handle;
use lab_workloads::{CloseFailed, Db, Resource};
use tokio::task::JoinSet;

use super::{Declares, Design, DesignInfo, Failure, STRUCTURED, StructuredDesign};

pub struct JoinSetGroup;

impl Design for JoinSetGroup {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "tokio-join-set-group",
            krate: "tokio",
            construct: "impl Drop { set.spawn_local(close) }, then join_next until empty",
            summary: "the handle's Drop spawns its close into a JoinSet the design joins before returning",
        }
    }
}

type Set = Rc<RefCell<JoinSet<Result<(), CloseFailed>>>>;

struct Grouped {
    db: Option<Db>,
    set: Set,
}

impl Drop for Grouped {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            self.set.borrow_mut().spawn_local(db.close());
        }
    }
}

impl StructuredDesign for JoinSetGroup {
    fn declares(&self) -> Declares {
        STRUCTURED
    }

    fn use_once(&self, r: Resource, _: Handle) -> LocalBoxFuture<'static, Result<(), Failure>> {
        async move {
            let set = Set::default();
            {
                let db = Grouped {
                    db: Some(r.open().await.map_err(Failure::Open)?),
                    set: set.clone(),
                };
                db.db.as_ref().expect("open").work().await;
            }
            let mut set = set.take();
            while let Some(joined) = set.join_next().await {
                joined
                    .expect("a close neither panics nor is aborted")
                    .map_err(Failure::Close)?;
            }
            Ok(())
        }
        .boxed_local()
    }
}

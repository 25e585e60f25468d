//! A task group of the futures crate's parts: the handle's `Drop` pushes its close into a
//! `FuturesUnordered` the design drains before it returns, returning the first close error.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};
use lab_executor::Handle;
use lab_workloads::{CloseFailed, Db, Resource};

use super::{Declares, Design, DesignInfo, Failure, STRUCTURED, StructuredDesign};

pub struct FuturesUnorderedGroup;

impl Design for FuturesUnorderedGroup {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "futures-unordered-group",
            krate: "futures",
            construct: "impl Drop { group.push(close) }, then drain the FuturesUnordered",
            summary: "the handle's Drop pushes its close into a FuturesUnordered the design drains before returning",
        }
    }
}

type Group = Rc<RefCell<FuturesUnordered<LocalBoxFuture<'static, Result<(), CloseFailed>>>>>;

struct Grouped {
    db: Option<Db>,
    group: Group,
}

impl Drop for Grouped {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            self.group.borrow_mut().push(db.close().boxed_local());
        }
    }
}

impl StructuredDesign for FuturesUnorderedGroup {
    fn declares(&self) -> Declares {
        STRUCTURED
    }

    fn use_once(&self, r: Resource, _: Handle) -> LocalBoxFuture<'static, Result<(), Failure>> {
        async move {
            let group = Group::default();
            {
                let db = Grouped {
                    db: Some(r.open().await.map_err(Failure::Open)?),
                    group: group.clone(),
                };
                db.db.as_ref().expect("open").work().await;
            }
            let mut group = group.take();
            while let Some(closed) = group.next().await {
                closed.map_err(Failure::Close)?;
            }
            Ok(())
        }
        .boxed_local()
    }
}

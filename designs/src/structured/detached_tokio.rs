//! The same `Drop` with tokio's `spawn_local` (inside the `LocalSet` the program runs in):
//! a detached tokio task whose result goes nowhere.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_executor::Handle;
use lab_workloads::{Db, Resource};

use super::{DETACHED, Declares, Design, DesignInfo, Failure, StructuredDesign};

pub struct DetachedTokio;

impl Design for DetachedTokio {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "detached-drop-tokio",
            krate: "tokio",
            construct: "impl Drop { tokio::task::spawn_local(close) }",
            summary: "the handle's Drop spawns its close as a detached tokio task; the result is dropped",
        }
    }
}

struct Detached(Option<Db>);

impl Drop for Detached {
    fn drop(&mut self) {
        if let Some(db) = self.0.take() {
            let close = db.close();
            tokio::task::spawn_local(async move {
                let _ = close.await;
            });
        }
    }
}

impl StructuredDesign for DetachedTokio {
    fn declares(&self) -> Declares {
        DETACHED
    }

    fn use_once(&self, r: Resource, _: Handle) -> LocalBoxFuture<'static, Result<(), Failure>> {
        async move {
            let db = Detached(Some(r.open().await.map_err(Failure::Open)?));
            db.0.as_ref().expect("open").work().await;
            Ok(())
        }
        .boxed_local()
    }
}

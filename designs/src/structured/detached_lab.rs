//! The sqlite story of seed 003: the handle's `Drop` spawns its async close as a detached
//! task on the executor (the lab's, detached like `tokio::spawn`); the close's result goes
//! nowhere.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_executor::Handle;
use lab_workloads::{Db, Resource};

use super::{DETACHED, Declares, Design, DesignInfo, Failure, StructuredDesign};

pub struct DetachedLab;

impl Design for DetachedLab {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "detached-drop-spawn",
            krate: "lab",
            construct: "impl Drop { spawn(close) } on the lab executor",
            summary: "the handle's Drop spawns its close as a detached task; the result is dropped",
        }
    }
}

struct Detached {
    db: Option<Db>,
    spawner: Handle,
}

impl Drop for Detached {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            let close = db.close();
            self.spawner.spawn(async move {
                let _ = close.await;
            });
        }
    }
}

impl StructuredDesign for DetachedLab {
    fn declares(&self) -> Declares {
        DETACHED
    }

    fn use_once(
        &self,
        r: Resource,
        spawner: Handle,
    ) -> LocalBoxFuture<'static, Result<(), Failure>> {
        async move {
            let db = Detached {
                db: Some(r.open().await.map_err(Failure::Open)?),
                spawner,
            };
            db.db.as_ref().expect("open").work().await;
            Ok(())
        }
        .boxed_local()
    }
}

//! The lab's structured-concurrency scope (`lab_reference::scope`): the handle's `Drop`
//! spawns its close onto the scope it was opened in, and the scope does not return before
//! the close has finished; the close's error is the scope's.

use futures::future::{FutureExt, LocalBoxFuture, TryFutureExt};
use lab_executor::Handle;
use lab_reference::scope::{Scope, scope};
use lab_workloads::{Db, Resource};

use super::{Declares, Design, DesignInfo, Failure, STRUCTURED, StructuredDesign};

pub struct ReferenceScope;

impl Design for ReferenceScope {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "reference-scope",
            krate: "lab",
            construct: "scope(|s| ..) with impl Drop { s.spawn(close) }",
            summary: "the handle's Drop spawns its close onto the scope, which awaits it and returns its error",
        }
    }
}

struct Scoped {
    db: Option<Db>,
    scope: Scope<Failure>,
}

impl Drop for Scoped {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            // Refused only when the scope itself is being dropped (cancelled mid-use): the
            // close is then lost, the async-drop gap that the reopen check does not reach.
            let _ = self.scope.spawn(db.close().map_err(Failure::Close));
        }
    }
}

impl StructuredDesign for ReferenceScope {
    fn declares(&self) -> Declares {
        STRUCTURED
    }

    fn use_once(&self, r: Resource, _: Handle) -> LocalBoxFuture<'static, Result<(), Failure>> {
        scope(move |s| async move {
            let db = Scoped {
                db: Some(r.open().await.map_err(Failure::Open)?),
                scope: s,
            };
            db.db.as_ref().expect("open").work().await;
            Ok(())
        })
        .boxed_local()
    }
}

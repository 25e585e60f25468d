//! An explicit async close awaited before the design returns: the async-drop workaround,
//! with the close's error returned to the caller.

use futures::future::{FutureExt, LocalBoxFuture};
use lab_executor::Handle;
use lab_workloads::Resource;

use super::{Declares, Design, DesignInfo, Failure, STRUCTURED, StructuredDesign};

pub struct ExplicitClose;

impl Design for ExplicitClose {
    fn info(&self) -> DesignInfo {
        DesignInfo {
            id: "explicit-close",
            krate: "lab",
            construct: "db.close().await?",
            summary: "the handle closed by an explicit async close, awaited, its error returned",
        }
    }
}

impl StructuredDesign for ExplicitClose {
    fn declares(&self) -> Declares {
        STRUCTURED
    }

    fn use_once(&self, r: Resource, _: Handle) -> LocalBoxFuture<'static, Result<(), Failure>> {
        async move {
            let db = r.open().await.map_err(Failure::Open)?;
            db.work().await;
            db.close().await.map_err(Failure::Close)
        }
        .boxed_local()
    }
}

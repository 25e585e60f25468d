//! The reference scope's guarantees, each shown both ways: it waits for its children, the
//! first error ends it, and dropping it drops the children still running.

use std::cell::Cell;
use std::rc::Rc;

use futures::FutureExt;
use futures::channel::oneshot;
use lab_reference::scope::scope;

#[test]
fn the_scope_returns_only_after_its_children() {
    let (tx, rx) = oneshot::channel::<()>();
    let done = Rc::new(Cell::new(false));
    let d = done.clone();
    let mut s = Box::pin(scope(move |s| async move {
        s.spawn(async move {
            rx.await.expect("sent");
            d.set(true);
            Ok::<(), ()>(())
        })
        .unwrap();
        Ok(())
    }));
    // The body is done; the child waits for the channel, so the scope does too.
    assert!((&mut s).now_or_never().is_none());
    tx.send(()).unwrap();
    assert_eq!(s.now_or_never(), Some(Ok(())));
    assert!(done.get());
}

#[test]
fn a_childs_error_ends_the_scope_and_drops_the_rest() {
    let dropped = Rc::new(Cell::new(false));
    struct Flag(Rc<Cell<bool>>);
    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let f = Flag(dropped.clone());
    let out = scope(move |s| async move {
        s.spawn(async move {
            let _f = f;
            std::future::pending::<()>().await;
            Ok(())
        })
        .unwrap();
        s.spawn(async { Err("close failed") }).unwrap();
        Ok(())
    })
    .now_or_never();
    assert_eq!(out, Some(Err("close failed")));
    assert!(dropped.get());
}

#[test]
fn dropping_the_scope_drops_its_children() {
    let ran_to_end = Rc::new(Cell::new(false));
    let r = ran_to_end.clone();
    let (tx, rx) = oneshot::channel::<()>();
    let mut s = Box::pin(scope(move |s| async move {
        s.spawn(async move {
            rx.await.ok();
            r.set(true);
            Ok::<(), ()>(())
        })
        .unwrap();
        Ok(())
    }));
    assert!((&mut s).now_or_never().is_none());
    drop(s);
    // The child was dropped with the scope: the channel's receiver is gone.
    assert!(tx.send(()).is_err());
    assert!(!ran_to_end.get());
}

#[test]
fn a_spawn_while_the_scope_is_dropped_is_refused() {
    let refused = Rc::new(Cell::new(None));
    struct SpawnOnDrop(lab_reference::scope::Scope<()>, Rc<Cell<Option<bool>>>);
    impl Drop for SpawnOnDrop {
        fn drop(&mut self) {
            self.1.set(Some(self.0.spawn(async { Ok(()) }).is_err()));
        }
    }
    let r = refused.clone();
    let mut s = Box::pin(scope(move |s| async move {
        let _guard = SpawnOnDrop(s, r);
        std::future::pending::<()>().await;
        Ok(())
    }));
    assert!((&mut s).now_or_never().is_none());
    drop(s);
    assert_eq!(refused.get(), Some(true));
}

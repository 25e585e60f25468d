//! A tokio `Semaphore` whose holders and waiters are named: who holds a permit and since
//! which tick, who queues for one and since when. A check reads it at a deadlock (frozen
//! when the run ends, before the pending futures' drops release what they hold) to say
//! what each stuck future waits for.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use lab_executor::{Clock, Handle, Tick};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Who holds or waits for the permits at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermitPicture {
    /// (holder, tick it got the permit).
    pub holders: Vec<(String, Tick)>,
    /// (waiter, tick it started waiting), in the order they queued; a waiter stays here
    /// until it is polled and takes the permit, even after the semaphore handed it one.
    pub queued: Vec<(String, Tick)>,
    /// Permits the semaphore has not handed to anyone: a permit that is neither here nor
    /// with a named holder was handed to a waiter not yet polled since.
    pub available: usize,
}

#[derive(Clone)]
pub struct Permits {
    sem: Arc<Semaphore>,
    clock: Clock,
    state: Rc<RefCell<PermitPicture>>,
    frozen: Rc<RefCell<Option<PermitPicture>>>,
}

impl Permits {
    pub fn new(permits: usize, clock: &Clock) -> Self {
        Self {
            sem: Arc::new(Semaphore::new(permits)),
            clock: clock.clone(),
            state: Rc::default(),
            frozen: Rc::default(),
        }
    }

    /// Takes the picture when `handle`'s run ends, before pending futures are dropped.
    pub fn freeze_at_teardown(&self, handle: &Handle) {
        let me = self.clone();
        handle.at_teardown(move || {
            let picture = me.live();
            *me.frozen.borrow_mut() = Some(picture);
        });
    }

    /// As frozen at teardown if it was, else now.
    pub fn picture(&self) -> PermitPicture {
        self.frozen.borrow().clone().unwrap_or_else(|| self.live())
    }

    fn live(&self) -> PermitPicture {
        PermitPicture {
            available: self.sem.available_permits(),
            ..self.state.borrow().clone()
        }
    }

    /// Waits for a permit (tokio's semaphore is fair: first queued, first served), naming
    /// `who` in the picture while it waits and while it holds the permit.
    pub async fn acquire(&self, who: String) -> Held {
        let waiting = Waiting {
            state: self.state.clone(),
            who: who.clone(),
        };
        self.state
            .borrow_mut()
            .queued
            .push((who.clone(), self.clock.now()));
        let permit = self
            .sem
            .clone()
            .acquire_owned()
            .await
            .expect("the lab never closes the semaphore");
        drop(waiting);
        self.state
            .borrow_mut()
            .holders
            .push((who.clone(), self.clock.now()));
        Held {
            _permit: permit,
            state: self.state.clone(),
            who,
        }
    }
}

/// Removes its waiter from the queue when the acquire ends (got the permit, or dropped).
struct Waiting {
    state: Rc<RefCell<PermitPicture>>,
    who: String,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.state
            .borrow_mut()
            .queued
            .retain(|(w, _)| *w != self.who);
    }
}

/// A held permit; dropping it releases the permit and the name.
pub struct Held {
    _permit: OwnedSemaphorePermit,
    state: Rc<RefCell<PermitPicture>>,
    who: String,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.state
            .borrow_mut()
            .holders
            .retain(|(w, _)| *w != self.who);
    }
}

//! One concurrent design's drains on one runtime: two always-ready sources, pre-filled
//! tokio channels of more items than tokio's cooperative budget of 128 lets a task poll
//! receive, so inside tokio the budget runs out mid-drain. Each drain gives source 0's
//! share of the first items and what source 1 got before source 0 ran out, and counts its
//! polls: a drain that finished in its first poll never handed control to the runtime.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures::FutureExt;
use futures::future::poll_fn;

use lab_designs::concurrent::ConcurrentDesign;
use lab_executor::Handle;
use lab_runtimes::{Limits, Runtime, run};
use lab_workloads::{Audit, Item, Source};

use super::answer::Answer;
use super::tally::{Names, Ran, Tally};
use super::{MAX_POLLS, TICK};
use crate::starvation::others_before_first_ran_out;

/// Items per source: a drain's 512 items, received in one task, are four times tokio's
/// budget of 128 per task poll, which both sources share.
pub const DRAIN_ITEMS: u32 = 256;
/// The first items, whose share source 0 takes is compared.
pub const WINDOW: usize = 16;
/// A mean share of source 0 further than this from one half counts as uneven.
pub const UNEVEN: f64 = 0.1;

pub const SHARE_KIND: &str = "gave source 0 an uneven share";
pub const STARVED_KIND: &str = "starved source 1";
/// Every question the drains answer.
const QUESTIONS: [&str; 5] = [
    NAMES.questions[0],
    NAMES.questions[1],
    NAMES.questions[2],
    SHARE_KIND,
    STARVED_KIND,
];

pub const DRAINS_RUN: &str = "drains run";
/// Why a real runtime's drain answers are not compared when it never touched a drain.
pub const UNTOUCHED: &str = "no drain was polled a second time, and tokio's budget was never \
     seen spent at an item's delivery";
pub const NAMES: Names = Names {
    noun: "drains",
    runs: DRAINS_RUN,
    lossy: "drains that lost an item",
    unfinished: "drains left unfinished",
    panicked: "drains that panicked",
    questions: [
        "lost an item in a drain",
        "left a drain unfinished",
        "panicked in a drain",
    ],
};

/// What the drains on one runtime gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drains {
    /// How each drain ended: failures are counted like a race's.
    pub tally: Tally,
    /// Source 0's mean share of the first [`WINDOW`] items, and the median of source 1's
    /// items before source 0 ran out, when every drain completed cleanly.
    pub shares: Option<(f64, u64)>,
    /// Drains, failed ones too, in which tokio's cooperative budget was spent (none left
    /// when an item was delivered). Outside tokio the call always answers that budget
    /// remains.
    pub budget_ran_out: u32,
    /// Drains, failed ones too, whose future returned `Pending` at least once, so that the
    /// runtime had to wake and poll it again.
    pub yielded: u32,
    /// The drain future's polls, per drain, sorted.
    pub polls: Vec<u32>,
}

impl Drains {
    /// Whether no drain yielded to the runtime and none ran out of tokio's budget.
    pub fn untouched(&self) -> bool {
        self.yielded == 0 && self.budget_ran_out == 0
    }

    /// The median of the drains' polls.
    pub fn median_polls(&self) -> Option<u32> {
        (!self.polls.is_empty()).then(|| self.polls[self.polls.len() / 2])
    }

    /// How the drains on `runtime` ended, and (when every one completed cleanly) whether
    /// source 0's share was uneven and whether source 1 starved: got nothing before source
    /// 0 ran out in the median drain, the pick-bias check's rule. On a real runtime that
    /// never polled a drain twice and whose budget never ran out, each drain ran as one
    /// synchronous computation, the lab's, that the runtime did not touch: nothing is
    /// answered there.
    pub fn answers(&self, runtime: Runtime) -> Vec<Answer> {
        if runtime.is_real() && self.tally.runs > 0 && self.untouched() {
            return QUESTIONS
                .iter()
                .map(|q| Answer::unanswered(q, UNTOUCHED.into()))
                .collect();
        }
        let mut out = self.tally.answers(&NAMES);
        match self.shares {
            Some((share, median)) => {
                out.push(Answer::new(
                    SHARE_KIND,
                    (share - 0.5).abs() > UNEVEN,
                    format!(
                        "source 0 took {}% of the first {WINDOW} items",
                        lab_findings::format::value(share * 100.0)
                    ),
                ));
                out.push(Answer::new(
                    STARVED_KIND,
                    median == 0,
                    format!(
                        "source 1 got a median {median} of {DRAIN_ITEMS} items before source 0 ran out"
                    ),
                ));
            }
            None => {
                let why = if self.tally.runs == 0 {
                    "no drain ran".to_string()
                } else {
                    "not every drain completed with every item".to_string()
                };
                out.push(Answer::unanswered(SHARE_KIND, why.clone()));
                out.push(Answer::unanswered(STARVED_KIND, why));
            }
        }
        out
    }
}

/// `runs` drains on `runtime`.
pub fn drains(
    design: &'static dyn ConcurrentDesign,
    runtime: Runtime,
    runs: u32,
    progress: &dyn Fn(),
) -> Drains {
    let mut d = Drains::default();
    let mut shares = 0.0;
    let mut others = Vec::new();
    for i in 0..runs {
        progress();
        let Drained {
            polls,
            ran_out,
            delivered,
        } = drain(design, runtime);
        // Counted for every drain, failed ones too: a failure is compared only where the
        // runtime touched the drain.
        d.yielded += u32::from(polls > 1);
        d.budget_ran_out += u32::from(ran_out);
        d.polls.push(polls);
        match delivered {
            Ok(sources) => {
                d.tally.record(i as usize, Ran::Clean);
                let first = sources[..WINDOW].iter().filter(|s| **s == 0).count();
                shares += first as f64 / WINDOW as f64;
                others.push(others_before_first_ran_out(&sources));
            }
            Err(ran) => d.tally.record(i as usize, ran),
        }
    }
    d.polls.sort_unstable();
    if d.tally.all_clean() {
        others.sort_unstable();
        d.shares = Some((shares / f64::from(runs), others[others.len() / 2]));
    }
    d
}

/// One drain.
struct Drained {
    /// How often the runtime polled the drain's future.
    polls: u32,
    /// Whether tokio's budget ran out during it.
    ran_out: bool,
    /// The source of each item in order, once every item arrived exactly once; or how it
    /// failed.
    delivered: Result<Vec<u16>, Ran>,
}

fn drain(design: &'static dyn ConcurrentDesign, runtime: Runtime) -> Drained {
    let (polls, ran_out) = (Rc::new(Cell::new(0u32)), Rc::new(Cell::new(false)));
    let delivered = deliver(design, runtime, polls.clone(), ran_out.clone());
    Drained {
        polls: polls.get(),
        ran_out: ran_out.get(),
        delivered,
    }
}

/// Runs one drain, counting its polls into `polls` and noting in `ran_out` whether tokio's
/// budget ran out.
fn deliver(
    design: &'static dyn ConcurrentDesign,
    runtime: Runtime,
    polls: Rc<Cell<u32>>,
    ran_out: Rc<Cell<bool>>,
) -> Result<Vec<u16>, Ran> {
    let seen: Rc<RefCell<Vec<Item>>> = Rc::default();
    let (sink, out, polled) = (seen.clone(), ran_out, polls);
    let limits = Limits {
        tick: TICK,
        deadline: Duration::from_secs(2),
        max_polls: MAX_POLLS,
    };
    let outcome = run(
        runtime,
        limits,
        Box::new(move |_: &Handle| {
            let sources = (0..2).map(|id| Source::channel(id, DRAIN_ITEMS)).collect();
            let deliver = move |i| {
                sink.borrow_mut().push(i);
                // The sink runs inside the drain's poll, where tokio keeps the task's budget.
                if !tokio::task::coop::has_budget_remaining() {
                    out.set(true);
                }
            };
            let mut drain = match design.try_drain(sources, Box::new(deliver)) {
                Ok(drain) => drain,
                Err(e) => panic!("{e}"),
            };
            poll_fn(move |cx| {
                polled.set(polled.get() + 1);
                drain.as_mut().poll(cx)
            })
            .boxed_local()
        }),
    );
    if let Some(ended) = Ran::unfinished(&outcome) {
        return Err(ended);
    }
    let seen = seen.take();
    let expected: Vec<Item> = (0..2)
        .flat_map(|id| Source::channel(id, DRAIN_ITEMS).items())
        .collect();
    let audit = Audit::new(&expected, &seen);
    if !audit.is_clean() {
        return Err(Ran::Lossy(format!(
            "lost {}, duplicated {}, reordered {} and invented {} of {} items",
            audit.lost.len(),
            audit.duplicated.len(),
            audit.out_of_order.len(),
            audit.unexpected.len(),
            audit.expected
        )));
    }
    Ok(seen.iter().map(|i| i.source).collect())
}

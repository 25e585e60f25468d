//! One concurrent design's drains on one runtime: two always-ready sources, pre-filled
//! tokio channels of more items than tokio's cooperative budget of 128 lets a task poll
//! receive, so inside tokio the budget runs out mid-drain. Each drain gives source 0's
//! share of the first items and what source 1 got before source 0 ran out.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use lab_designs::concurrent::ConcurrentDesign;
use lab_executor::{Handle, Outcome};
use lab_runtimes::{Limits, Runtime, run};
use lab_workloads::{Audit, Item, Source};

use super::answer::Answer;
use super::{MAX_POLLS, TICK};
use crate::starvation::others_before_first_ran_out;

/// Items per source: twice tokio's budget per task poll.
pub const DRAIN_ITEMS: u32 = 256;
/// The first items, whose share source 0 takes is compared.
pub const WINDOW: usize = 16;
/// A mean share of source 0 further than this from one half counts as uneven.
pub const UNEVEN: f64 = 0.1;

pub const SHARE_KIND: &str = "gave source 0 an uneven share";
pub const STARVED_KIND: &str = "starved source 1";
pub const FAILED_KIND: &str = "had a drain fail";

/// What the drains on one runtime gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Drains {
    pub runs: u32,
    /// Source 0's mean share of the first [`WINDOW`] items.
    pub share: f64,
    /// The median, over drains, of source 1's items before source 0 ran out.
    pub median_others: u64,
    /// Drains in which tokio's cooperative budget ran out (seen as none left when an item
    /// was delivered); 0 outside tokio, which has no such budget.
    pub budget_ran_out: u32,
}

impl Drains {
    /// Whether a drain failed, and (when none did) whether source 0's share was uneven and
    /// whether source 1 starved: got nothing before source 0 ran out in the median drain,
    /// the pick-bias check's rule.
    pub fn answers(drains: &Result<Drains, String>) -> Vec<Answer> {
        match drains {
            Err(e) => vec![Answer::new(FAILED_KIND, true, e.clone())],
            Ok(d) => vec![
                Answer::new(FAILED_KIND, false, format!("all {} completed", d.runs)),
                Answer::new(
                    SHARE_KIND,
                    (d.share - 0.5).abs() > UNEVEN,
                    format!(
                        "source 0 took {}% of the first {WINDOW} items",
                        lab_findings::format::value(d.share * 100.0)
                    ),
                ),
                Answer::new(
                    STARVED_KIND,
                    d.median_others == 0,
                    format!(
                        "source 1 got a median {} of {DRAIN_ITEMS} items before source 0 ran out",
                        d.median_others
                    ),
                ),
            ],
        }
    }
}

/// `runs` drains on `runtime`, or what stopped one.
pub fn drains(
    design: &'static dyn ConcurrentDesign,
    runtime: Runtime,
    runs: u32,
    progress: &dyn Fn(),
) -> Result<Drains, String> {
    let mut shares = 0.0;
    let mut others = Vec::new();
    let mut budget_ran_out = 0;
    for _ in 0..runs {
        progress();
        let (sources, ran_out) = drain(design, runtime)?;
        budget_ran_out += u32::from(ran_out);
        let first = sources[..WINDOW].iter().filter(|s| **s == 0).count();
        shares += first as f64 / WINDOW as f64;
        others.push(others_before_first_ran_out(&sources));
    }
    others.sort_unstable();
    Ok(Drains {
        runs,
        share: shares / f64::from(runs.max(1)),
        median_others: others.get(others.len() / 2).copied().unwrap_or(0),
        budget_ran_out,
    })
}

/// One drain: the source of each item in order, once every item arrived exactly once, and
/// whether tokio's budget ran out during it.
fn drain(
    design: &'static dyn ConcurrentDesign,
    runtime: Runtime,
) -> Result<(Vec<u16>, bool), String> {
    let seen: Rc<RefCell<Vec<Item>>> = Rc::default();
    let ran_out = Rc::new(Cell::new(false));
    let (sink, out) = (seen.clone(), ran_out.clone());
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
            match design.try_drain(sources, Box::new(deliver)) {
                Ok(drain) => drain,
                Err(e) => panic!("{e}"),
            }
        }),
    );
    if !matches!(outcome, Outcome::Completed(())) {
        return Err(format!("a drain ended: {outcome}"));
    }
    let seen = seen.take();
    let expected: Vec<Item> = (0..2)
        .flat_map(|id| Source::channel(id, DRAIN_ITEMS).items())
        .collect();
    let audit = Audit::new(&expected, &seen);
    if !audit.is_clean() {
        return Err(format!(
            "a drain lost {}, duplicated {}, reordered {} and invented {} of {} items",
            audit.lost.len(),
            audit.duplicated.len(),
            audit.out_of_order.len(),
            audit.unexpected.len(),
            audit.expected
        ));
    }
    Ok((seen.iter().map(|i| i.source).collect(), ran_out.get()))
}

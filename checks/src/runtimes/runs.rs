//! One design's runs on one runtime: the data-loss race over seeded scripts, and drains of
//! two always-ready channel sources for the share the first source takes.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use lab_designs::concurrent::ConcurrentDesign;
use lab_executor::{Handle, Outcome};
use lab_runtimes::{Limits, Runtime, run};
use lab_workloads::{Item, ReadSend, ReadSendRecord, ReadSendScript, Source};

use crate::data_loss::problems;

/// The real duration of one scripted tick.
pub const TICK: Duration = Duration::from_millis(1);
/// Items per source in a fairness drain, and the window whose shares are compared.
pub const DRAIN_ITEMS: u32 = 32;
pub const WINDOW: usize = 16;
const MAX_POLLS: u64 = 100_000;

/// How the race went over the scripts on one runtime.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RaceTally {
    pub runs: u32,
    /// Runs that lost, duplicated, reordered or invented an item.
    pub lossy: u32,
    /// Runs that did not finish: the lab's deadlock or step budget, a real runtime's
    /// deadline (a real runtime cannot tell a deadlock from a slow run).
    pub unfinished: u32,
    pub panicked: u32,
    /// The first run of each kind (lossy, unfinished, panicked): its script's index and
    /// what happened.
    pub first: [Option<(usize, String)>; 3],
}

impl RaceTally {
    /// What the comparison between runtimes looks at: whether any run lost, any was left
    /// unfinished, any panicked.
    pub fn kinds(&self) -> (bool, bool, bool) {
        (self.lossy > 0, self.unfinished > 0, self.panicked > 0)
    }
}

/// A run's time limit on a real runtime: three times the script's own length plus 100 ms,
/// a margin meant to keep scheduling noise from making a finishing run look unfinished.
fn limits(script: &ReadSendScript) -> Limits {
    let items = script.expected().len() as u64;
    let last = script
        .batches
        .iter()
        .map(|b| b.at)
        .chain(script.packets.iter().copied())
        .chain([script.packets_end])
        .max()
        .unwrap_or(0);
    let horizon = last + items * (script.send_ticks + 1) + 4;
    Limits {
        tick: TICK,
        deadline: TICK * u32::try_from(3 * horizon).unwrap_or(u32::MAX)
            + Duration::from_millis(100),
        max_polls: MAX_POLLS,
    }
}

/// The race over `scripts` on `runtime`.
pub fn race(
    design: &'static dyn ConcurrentDesign,
    runtime: Runtime,
    scripts: &[ReadSendScript],
    progress: &dyn Fn(),
) -> RaceTally {
    let mut t = RaceTally::default();
    for (i, script) in scripts.iter().enumerate() {
        progress();
        let record: Rc<RefCell<Option<ReadSendRecord>>> = Rc::default();
        let slot = record.clone();
        let s = script.clone();
        let outcome = run(
            runtime,
            limits(script),
            Box::new(move |h: &Handle| {
                let (w, r) = ReadSend::new(&s, h);
                *slot.borrow_mut() = Some(r);
                design.race_read_send(w)
            }),
        );
        let audit = record
            .borrow()
            .as_ref()
            .map(|r| r.ledger().audit(&script.expected()));
        t.runs += 1;
        let (kind, what) = match (&outcome, &audit) {
            (Outcome::Completed(()), Some(a)) if a.is_clean() => continue,
            (Outcome::Completed(()), Some(a)) => {
                t.lossy += 1;
                (0, problems(&outcome, a).join("; "))
            }
            (Outcome::Panicked { message }, _) => {
                t.panicked += 1;
                (2, format!("panicked: {message}"))
            }
            // An unfinished run has not delivered everything yet: not counted as a loss.
            (other, _) => {
                t.unfinished += 1;
                (1, other.to_string())
            }
        };
        t.first[kind].get_or_insert((i, what));
    }
    t
}

/// The share of source 0 in the first [`WINDOW`] items of `runs` drains of two
/// always-ready sources (pre-filled tokio channels: inside tokio each receive spends the
/// cooperative budget), or what stopped a drain.
pub fn share(
    design: &'static dyn ConcurrentDesign,
    runtime: Runtime,
    runs: u32,
    progress: &dyn Fn(),
) -> Result<f64, String> {
    let mut total = 0.0;
    for _ in 0..runs {
        progress();
        let seen: Rc<RefCell<Vec<Item>>> = Rc::default();
        let sink = seen.clone();
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
                match design.try_drain(sources, Box::new(move |i| sink.borrow_mut().push(i))) {
                    Ok(drain) => drain,
                    Err(e) => panic!("{e}"),
                }
            }),
        );
        if !matches!(outcome, Outcome::Completed(())) {
            return Err(format!("a drain ended: {outcome}"));
        }
        let seen = seen.borrow();
        if seen.len() < 2 * DRAIN_ITEMS as usize {
            return Err(format!(
                "a drain delivered {} of {} items",
                seen.len(),
                2 * DRAIN_ITEMS
            ));
        }
        let first = seen[..WINDOW].iter().filter(|i| i.source == 0).count();
        total += first as f64 / WINDOW as f64;
    }
    Ok(total / f64::from(runs.max(1)))
}

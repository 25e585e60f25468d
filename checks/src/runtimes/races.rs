//! One concurrent design's data-loss race on one runtime: `read_send` over seeded scripts.

use std::cell::RefCell;
use std::rc::Rc;

use lab_designs::concurrent::ConcurrentDesign;
use lab_executor::Handle;
use lab_runtimes::{Limits, Runtime, run};
use lab_workloads::{ReadSend, ReadSendRecord, ReadSendScript};

use super::tally::{Ran, Tally};
use super::{MAX_POLLS, TICK, deadline};
use crate::data_loss::problems;

/// A race's time limit on a real runtime: three times a generous length of its script.
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
    Limits {
        tick: TICK,
        deadline: deadline(last + items * (script.send_ticks + 1) + 4),
        max_polls: MAX_POLLS,
    }
}

/// The race over `scripts` on `runtime`.
pub fn race(
    design: &'static dyn ConcurrentDesign,
    runtime: Runtime,
    scripts: &[ReadSendScript],
    progress: &dyn Fn(),
) -> Tally {
    let mut t = Tally::default();
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
        // An unfinished run has not delivered everything yet: not counted as a loss.
        let ran = Ran::unfinished(&outcome).unwrap_or_else(|| match &audit {
            Some(a) if a.is_clean() => Ran::Clean,
            Some(a) => Ran::Lossy(problems(&outcome, a).join("; ")),
            None => Ran::Unfinished("the workload was never built".into()),
        });
        t.record(i, ran);
    }
    t
}

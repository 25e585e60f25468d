//! Every design drains every item of N sources at each arity it claims, in per-source
//! order, both when all items are ready at once and when they arrive at scripted ticks.

use std::cell::RefCell;
use std::rc::Rc;

use lab_designs::concurrent::{self, Arity};
use lab_executor::{Config, Executor, Outcome};
use lab_workloads::{Audit, Item, Source};

const ARITIES: &[usize] = &[1, 2, 3, 4, 5, 8, 32];

fn drain(design: &dyn concurrent::ConcurrentDesign, n: usize, scripted: bool) -> Option<Audit> {
    let ex = Executor::new(Config::default());
    let clock = ex.handle().clock().clone();
    let sources: Vec<Source> = (0..n as u16)
        .map(|id| match scripted {
            // Source k's items arrive every k+1 ticks, so arrivals interleave and collide.
            true => Source::scripted(
                id,
                clock.clone(),
                (1..=5).map(|t| t * (u64::from(id) + 1)).collect(),
            ),
            false => Source::always_ready(id, 5),
        })
        .collect();
    let expected: Vec<Item> = sources.iter().flat_map(Source::items).collect();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let fut = design
        .try_drain(sources, Box::new(move |i| sink.borrow_mut().push(i)))
        .ok()?;
    let run = ex.run(fut);
    assert!(
        matches!(run.outcome, Outcome::Completed(())),
        "{}: {}",
        design.info().id,
        run.outcome
    );
    Some(Audit::new(&expected, &seen.borrow()))
}

#[test]
fn every_design_drains_every_item_at_each_arity_it_supports() {
    for design in concurrent::all() {
        for &n in ARITIES {
            for scripted in [false, true] {
                let audit = drain(*design, n, scripted);
                assert_eq!(
                    audit.is_some(),
                    design.arity().supports(n),
                    "{} at {n}",
                    design.info().id
                );
                if let Some(audit) = audit {
                    assert!(audit.is_clean(), "{} at {n}: {audit:?}", design.info().id);
                    assert_eq!(audit.delivered, 5 * n);
                }
            }
        }
    }
}

#[test]
fn unsupported_arities_are_refused_with_the_design_named() {
    let tuple = concurrent::by_id("fc-merge-tuple").unwrap();
    assert!(matches!(tuple.arity(), Arity::OneOf(_)));
    let err = tuple.try_drain(
        (0..32).map(|i| Source::always_ready(i, 1)).collect(),
        Box::new(|_| {}),
    );
    assert_eq!(
        err.err().unwrap().to_string(),
        "fc-merge-tuple cannot be written for 32 sources"
    );
}

#[test]
fn unknown_design_ids_list_the_valid_ones() {
    let err = concurrent::by_id("nope").err().unwrap();
    assert!(
        err.starts_with("unknown design \"nope\"; valid designs: futures-select-recreate, "),
        "{err}"
    );
    for d in concurrent::all() {
        assert!(err.contains(d.info().id));
    }
}

#[test]
fn ids_are_unique_and_versions_resolved() {
    let mut ids: Vec<_> = concurrent::all().iter().map(|d| d.info().id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), concurrent::all().len());
    for d in concurrent::all() {
        let v = lab_designs::versions::of(d.info().krate);
        // The lab's own reference designs come from the lab, not a released crate.
        let reference = d.info().id.starts_with("reference-");
        assert_eq!(d.info().krate == "lab", reference, "{}", d.info().id);
        assert!(
            v.starts_with(|c: char| c.is_ascii_digit()),
            "{}: {v}",
            d.info().id
        );
    }
}

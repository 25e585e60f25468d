//! Ground truth: what each source produced, in order, against what was delivered.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

use crate::Item;

/// Records deliveries; shared by the workload's sinks. Cloning shares the record.
#[derive(Clone, Default)]
pub struct Ledger {
    delivered: Rc<RefCell<Vec<Item>>>,
}

impl Ledger {
    pub fn deliver(&self, item: Item) {
        self.delivered.borrow_mut().push(item);
    }

    /// Compares deliveries with `expected` (every produced item, per source in order).
    pub fn audit(&self, expected: &[Item]) -> Audit {
        Audit::new(expected, &self.delivered.borrow())
    }
}

/// Exact differences between produced and delivered items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Audit {
    pub expected: usize,
    pub delivered: usize,
    /// Produced but never delivered.
    pub lost: Vec<Item>,
    /// Delivered more than once (listed once per extra delivery).
    pub duplicated: Vec<Item>,
    /// Delivered, but after a later item of the same source.
    pub out_of_order: Vec<Item>,
    /// Delivered but never produced.
    pub unexpected: Vec<Item>,
}

impl Audit {
    pub fn new(expected: &[Item], delivered: &[Item]) -> Self {
        let mut counts: BTreeMap<Item, usize> = expected.iter().map(|&i| (i, 0)).collect();
        let mut audit = Audit {
            expected: expected.len(),
            delivered: delivered.len(),
            ..Audit::default()
        };
        let mut last_seq: BTreeMap<u16, u32> = BTreeMap::new();
        for &item in delivered {
            match counts.get_mut(&item) {
                None => audit.unexpected.push(item),
                Some(n) => {
                    *n += 1;
                    if *n > 1 {
                        audit.duplicated.push(item);
                        continue;
                    }
                    match last_seq.get(&item.source) {
                        Some(&prev) if prev > item.seq => audit.out_of_order.push(item),
                        _ => {
                            last_seq.insert(item.source, item.seq);
                        }
                    }
                }
            }
        }
        audit.lost = counts
            .into_iter()
            .filter(|&(_, n)| n == 0)
            .map(|(i, _)| i)
            .collect();
        audit
    }

    pub fn is_clean(&self) -> bool {
        self.lost.is_empty()
            && self.duplicated.is_empty()
            && self.out_of_order.is_empty()
            && self.unexpected.is_empty()
    }
}

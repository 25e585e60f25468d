use std::fmt;

use serde::{Deserialize, Serialize};

/// One produced item: which source made it and its position in that source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Item {
    pub source: u16,
    pub seq: u32,
}

impl Item {
    pub const fn new(source: u16, seq: u32) -> Self {
        Self { source, seq }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}#{}", self.source, self.seq)
    }
}

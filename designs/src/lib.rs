//! The design alternatives under test: one folder per question, one file per design,
//! each registered in its folder's `all()` list so every check of that question runs on
//! it automatically.

#![cfg_attr(feature = "nightly", feature(gen_blocks, async_iterator))]

pub mod concurrent;
pub mod iteration;
pub mod iterator;
pub mod modes;
pub mod starvation;
pub mod structured;
pub mod unpolled;

/// What every design says about itself, whatever its question.
#[derive(Clone, Copy, Debug)]
pub struct DesignInfo {
    /// Stable id used in finding ids, CLI arguments and anchors.
    pub id: &'static str,
    /// The crate whose primitive this is (its resolved version is in [`versions`]); "lab"
    /// for the lab's own reference designs and adapters.
    pub krate: &'static str,
    /// The primitive or interface, as written in code.
    pub construct: &'static str,
    /// One sentence on how the design is written.
    pub summary: &'static str,
}

/// A design of any question: it can say what it is.
pub trait Design: Sync {
    fn info(&self) -> DesignInfo;
}

/// Looks a design up by id in a question's registry; the error lists the valid ids.
pub fn by_id<D: Design + ?Sized>(all: &[&'static D], id: &str) -> Result<&'static D, String> {
    all.iter()
        .copied()
        .find(|d| d.info().id == id)
        .ok_or_else(|| {
            let ids: Vec<_> = all.iter().map(|d| d.info().id).collect();
            format!("unknown design {id:?}; valid designs: {}", ids.join(", "))
        })
}

/// Resolved versions of the real crates the designs use (from Cargo.lock at build time).
pub mod versions {
    include!(concat!(env!("OUT_DIR"), "/versions.rs"));

    /// The resolved version of `krate`; "lab" is the lab's own reference designs and
    /// adapters, at this crate's version; anything else unknown is "-".
    pub fn of(krate: &str) -> &'static str {
        match krate {
            "lab" => env!("CARGO_PKG_VERSION"),
            _ => VERSIONS
                .iter()
                .find(|(name, _)| *name == krate)
                .map_or("-", |(_, v)| v),
        }
    }
}

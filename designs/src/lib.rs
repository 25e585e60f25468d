//! The design alternatives under test: one folder per question, one file per design,
//! each registered in its folder's `all()` list so every check of that question runs on
//! it automatically.

#![cfg_attr(feature = "nightly", feature(gen_blocks, async_iterator))]

pub mod concurrent;
pub mod iterator;

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

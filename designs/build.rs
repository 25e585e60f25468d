//! Records the resolved versions of the crates the designs use, read from the workspace's
//! Cargo.lock, so every finding can say exactly what it ran on.

use std::{env, fs, path::PathBuf};

const CRATES: &[&str] = &[
    "futures",
    "futures-util",
    "tokio",
    "tokio-stream",
    "async-std",
    "futures-concurrency",
    "async-stream",
    "futures-lite",
    "futures-buffered",
    "async-channel",
    "smol",
];

/// The lab's crates whose dependency lists say which version they use where the lock holds
/// several of one crate (`async-channel` 1 comes in through async-std).
const OURS: &[&str] = &["lab-designs", "lab-runtimes"];

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let lock_path = manifest.join("../Cargo.lock");
    println!("cargo::rerun-if-changed={}", lock_path.display());
    let lock: toml::Table = fs::read_to_string(&lock_path)
        .expect("Cargo.lock next to the workspace manifest")
        .parse()
        .expect("Cargo.lock is TOML");
    let packages = lock["package"].as_array().expect("[[package]] entries");
    let mut out = String::from("pub const VERSIONS: &[(&str, &str)] = &[\n");
    for name in CRATES {
        // A dependency listed as "name version" is one of several versions in the lock.
        let pinned = packages
            .iter()
            .filter(|p| OURS.contains(&p["name"].as_str().unwrap_or("")))
            .filter_map(|p| p.get("dependencies").and_then(|d| d.as_array()))
            .flatten()
            .filter_map(|d| d.as_str())
            .find_map(|d| d.strip_prefix(&format!("{name} ")).map(str::to_string));
        let version = pinned
            .or_else(|| {
                packages
                    .iter()
                    .find(|p| p["name"].as_str() == Some(name))
                    .and_then(|p| p["version"].as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| panic!("{name} is not in Cargo.lock"));
        out += &format!("    ({name:?}, {version:?}),\n");
    }
    out += "];\n";
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("versions.rs");
    fs::write(dest, out).unwrap();
}

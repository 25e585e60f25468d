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
];

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
        let version = packages
            .iter()
            .find(|p| p["name"].as_str() == Some(name))
            .and_then(|p| p["version"].as_str())
            .unwrap_or_else(|| panic!("{name} is not in Cargo.lock"));
        out += &format!("    ({name:?}, {version:?}),\n");
    }
    out += "];\n";
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("versions.rs");
    fs::write(dest, out).unwrap();
}

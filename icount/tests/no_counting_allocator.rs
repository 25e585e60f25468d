//! The counted binary must not link the lab's counting global allocator (it comes with
//! lab-checks' `count-allocations` feature, through allocation-counter): a design that
//! allocates per item would be charged the counter's bookkeeping, not malloc's cost.

use std::process::Command;

#[test]
fn lab_icount_target_links_neither_lab_checks_nor_allocation_counter() {
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "lab-icount",
            "--edges",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(workspace)
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8(out.stdout).expect("utf-8");
    assert!(tree.lines().any(|l| l.starts_with("lab-designs")), "{tree}");
    for banned in ["lab-checks", "allocation-counter"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(banned)),
            "lab-icount links {banned}:\n{tree}"
        );
    }
}

//! Run folders: each run its own, `latest` following the newest; records saved and loaded
//! by the one writer and reader.

use lab_findings::{Env, RunRecord};

#[test]
fn runs_get_their_own_folder_and_latest_follows_the_newest() {
    let root = tempfile::tempdir().unwrap();
    let runs = lab_findings::Runs::new(root.path());
    let a = runs.create("2026-11-22T01:00:00Z").unwrap();
    let b = runs.create("2026-11-22T01:00:00Z").unwrap();
    assert_ne!(a, b, "a second run in the same second gets its own folder");
    assert!(a.ends_with("2026-11-22T01-00-00Z"));
    assert_eq!(
        lab_findings::latest(root.path()).unwrap(),
        b.canonicalize().unwrap()
    );
    let err = format!(
        "{:#}",
        lab_findings::latest(&root.path().join("nope"))
            .err()
            .unwrap()
    );
    assert!(err.contains("no run found"), "{err}");
}

#[test]
fn a_saved_record_loads_back() {
    let root = tempfile::tempdir().unwrap();
    let mut r = RunRecord::new(Env::default());
    r.scope.push("quick".into());
    let path = r.save(root.path()).unwrap();
    assert!(path.ends_with("findings.json"));
    let back = RunRecord::load(root.path()).unwrap();
    assert_eq!(back.scope, ["quick"]);
}

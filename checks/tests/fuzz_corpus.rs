//! The fuzz targets' corpus and minimized crashes, replayed on stable through the same
//! property code libFuzzer runs: every checked-in corpus input passes on every design
//! declared safe, and every kept crash still breaks its design while the safe designs pass
//! it. Some designs pick with an RNG the lab cannot seed, so each crash gets 200 tries and
//! must break its design at least once: a crash that breaks it in a share p of runs is
//! missed with probability (1 − p)^200, below 1e-9 for any p above 0.1 (the shares are
//! printed).

use std::fs;
use std::path::{Path, PathBuf};

use lab_checks::fuzzing::{TARGETS, run};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

#[test]
fn the_corpus_passes_on_every_safe_design() {
    let mut inputs = 0;
    for t in TARGETS {
        let safe = t.safe_designs();
        for f in files(&fuzz_dir().join("corpus").join(t.id())) {
            let bytes = fs::read(&f).unwrap();
            if let Err(crash) = run(*t, &bytes, &safe) {
                panic!("{}: {crash}", f.display());
            }
            inputs += 1;
        }
    }
    assert!(inputs >= TARGETS.len(), "the corpus has {inputs} inputs");
}

#[test]
fn every_kept_crash_still_breaks_its_design_and_no_safe_one() {
    let mut kept = 0;
    for t in TARGETS {
        for f in files(&fuzz_dir().join("regressions").join(t.id())) {
            let design = f.file_stem().unwrap().to_str().unwrap().to_string();
            assert!(
                t.known_bad().contains(&design.as_str()),
                "{}: not a known-bad design",
                f.display()
            );
            let bytes = fs::read(&f).unwrap();
            let tries = 200;
            let broke = (0..tries)
                .filter(|_| run(*t, &bytes, &[&design]).is_err())
                .count();
            assert!(
                broke > 0,
                "{} no longer breaks {design} ({tries} tries)",
                f.display()
            );
            eprintln!("{}: {design} broke in {broke} of {tries} tries", t.id());
            assert!(
                run(*t, &bytes, &t.safe_designs()).is_ok(),
                "{} breaks a safe design",
                f.display()
            );
            kept += 1;
        }
    }
    // One per known-bad design and target.
    let expected: usize = TARGETS.iter().map(|t| t.known_bad().len()).sum();
    assert_eq!(kept, expected);
}

#[test]
fn every_input_decodes_even_when_short() {
    for t in TARGETS {
        for bytes in [&b""[..], b"\x00", b"\xff\xff\xff\xff\xff\xff\xff\xff"] {
            // Whatever the bytes, a case runs, and the safe designs pass it.
            assert!(
                run(*t, bytes, &t.safe_designs()).is_ok(),
                "{}: {bytes:?}",
                t.id()
            );
        }
    }
}

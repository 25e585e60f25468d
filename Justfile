# Async design lab. `just` lists the recipes.

set shell := ["bash", "-euo", "pipefail", "-c"]

lab := "cargo run --quiet --release -p lab --"

default:
    @just --list

# All tests: executor, workloads, designs, checks (10,000 data-loss and cancellation cases per design), report.
test:
    cargo test --workspace

# The nightly-only designs (`async gen` blocks) through the iterator checks.
test-nightly:
    cargo +nightly test -p lab-checks --features lab-designs/nightly,count-allocations --test cancellation --test size_allocations
    cargo +nightly test -p lab-benches --features lab-designs/nightly --lib

# Checks + benchmarks + report. `just bench quick` is a short run that exercises every part.
bench mode="full":
    #!/usr/bin/env bash
    set -euo pipefail
    case "{{ mode }}" in
        full) quick="" bound=3 ;;
        # Criterion's plots take most of a quick run's time, and quick figures are not compared.
        quick) quick="--quick --noplot" bound=2 ;;
        *) echo "unknown mode '{{ mode }}': use 'just bench' or 'just bench quick'" >&2; exit 2 ;;
    esac
    start=$SECONDS
    {{ lab }} check ${quick%% *}
    # A full run's plots replace the last; an unplotted benchmark's old page would be stale.
    if [ -z "$quick" ]; then
        find "${CARGO_TARGET_DIR:-target}/criterion" -type d -name report -prune -exec rm -rf {} + 2>/dev/null || true
    fi
    cargo bench -p lab-benches -- $quick
    {{ lab }} import-bench
    cargo build --quiet --release -p lab-icount
    {{ lab }} icount ${quick%% *}
    # A model that does not do what it must is a finding of the report, not a stopped run.
    just loom $bound || echo "just loom $bound failed: the report's loom section says which model"
    {{ lab }} import-loom
    # A case that does not compile, or is not rejected, as it declares is a contradiction in the report.
    just compile-cases || echo "just compile-cases failed: the report's compile sections say which case"
    {{ lab }} import-compile
    {{ lab }} report
    echo "just bench {{ mode }}: $((SECONDS - start))s"

# Run property checks only (e.g. `just check --design tokio-select --cases 50000`).
check *args:
    {{ lab }} check {{ args }}

# Rerun the check behind one finding of the latest run and compare (e.g. `just repro concurrent/data-loss/tokio-select`).
repro id *args:
    {{ lab }} repro {{ id }} {{ args }}

# What changed between two runs (folders, or names under reports/out), e.g. `just compare 2026-12-01T09-35-47Z latest`.
compare a b *args:
    {{ lab }} compare {{ a }} {{ b }} {{ args }}

# Re-render the latest run (or `just report --run reports/out/<run>`) from its findings.json.
report *args:
    {{ lab }} report {{ args }}

# The checks against each version of one crate, compared version to version (fetches the
# versions from crates.io), e.g. `just versions futures-lite 2.6.1 2.7.0 --check data-loss`.
versions crate +versions:
    {{ lab }} versions {{ crate }} {{ versions }}

# The designs and checks this build knows.
list:
    {{ lab }} list

# Formatting and lints, as CI runs them.
lint:
    cargo fmt --all -- --check
    cargo fmt --manifest-path loom-tests/Cargo.toml -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Every fuzz target (`fuzz/`, nightly + cargo-fuzz) for SECONDS each: over the designs declared
# safe, then each known-bad design alone until it is found; findings into the latest run.
fuzz seconds="60":
    {{ lab }} fuzz --seconds {{ seconds }}
    {{ lab }} report

# The trybuild cases of `expressible/` (lending and !Send items per iteration strategy, unfused
# streams per select!): results go to target/compile for `lab import-compile`.
compile-cases:
    cargo test --quiet -p lab-expressible --test cases

# Every loom model of the reference designs (`reference/`), at a preemption bound (2 or 3):
# each correct design passes, each known-bad variant is caught; results go to
# target/loom/results for `lab import-loom` (`just bench` runs both).
loom bound="2":
    #!/usr/bin/env bash
    set -euo pipefail
    case "{{ bound }}" in
        ''|*[!0-9]*) echo "the preemption bound must be a number (2 or 3 fit in minutes), not '{{ bound }}'" >&2; exit 2 ;;
    esac
    cd loom-tests
    export RUSTFLAGS="--cfg lab_loom" CARGO_TARGET_DIR=../target/loom LOOM_MAX_PREEMPTIONS={{ bound }}
    export LAB_LOOM_RESULTS="$PWD/../target/loom/results"
    export LAB_LOOM_COMMIT="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
    cargo clippy --quiet --all-targets -- -D warnings
    rm -rf "$LAB_LOOM_RESULTS"
    start=$SECONDS
    # One search at a time, so each model's wall time is its own.
    timeout 1200 cargo test --release -- --nocapture --test-threads=1 2>&1 | grep -E "^loom:|^test |test result|panicked|error"
    echo "just loom {{ bound }}: $((SECONDS - start))s"

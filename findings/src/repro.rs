//! How to reproduce a finding, as data: the check, design and settings it ran with. One
//! function ([`Repro::command`]) turns it into the command a reader pastes, so no check
//! formats its own command line.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Repro {
    /// `lab check` of one check, narrowed to one design where it runs per design.
    Check {
        check: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        design: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cases: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        runs: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
        /// The run used the quick values of the settings it did not state.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        quick: bool,
        /// The real runtimes it was narrowed to (`--runtime`); empty: all.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        runtimes: Vec<String>,
    },
    /// A criterion benchmark (optionally one bench target), filtered to one design's
    /// functions, then imported into the latest run.
    Criterion {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bench: Option<String>,
        filter: String,
    },
    /// Instruction counts under callgrind, into the latest run.
    Callgrind,
    /// One loom model binary of `loom-tests/` at a preemption bound, imported into the
    /// latest run.
    Loom {
        binary: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bound: Option<u32>,
    },
    /// A libFuzzer run of one target of `fuzz/`, on the given designs (else the safe ones).
    Fuzz {
        target: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        designs: Option<String>,
        seconds: u64,
    },
    /// The compile cases of `expressible/` (trybuild), imported into the latest run.
    Compile,
}

/// What `just loom` sets to build and run the loom models (from `loom-tests/`).
pub const LOOM_ENV: &str = "RUSTFLAGS=\"--cfg lab_loom\" CARGO_TARGET_DIR=../target/loom";
/// Where the loom models keep their results, from `loom-tests/`.
pub const LOOM_RESULTS: &str = "../target/loom/results";

/// The command that runs the lab's CLI from a checkout.
pub const LAB: &str = "cargo run --release -p lab --";

impl Repro {
    /// A `lab check` reproduction with no settings yet.
    pub fn check(check: &str, design: Option<&str>) -> Self {
        Repro::Check {
            check: check.into(),
            design: design.map(Into::into),
            cases: None,
            runs: None,
            seed: None,
            quick: false,
            runtimes: Vec::new(),
        }
    }

    /// The command a reader runs from a checkout to reproduce the finding.
    pub fn command(&self) -> String {
        match self {
            Repro::Check {
                check,
                design,
                cases,
                runs,
                seed,
                quick,
                runtimes,
            } => {
                let mut cmd = format!("{LAB} check --check {check}");
                let flags = [
                    ("--design", design.clone()),
                    ("--cases", cases.map(|v| v.to_string())),
                    ("--runs", runs.map(|v| v.to_string())),
                    ("--seed", seed.map(|v| v.to_string())),
                ];
                for (flag, value) in flags {
                    if let Some(v) = value {
                        cmd += &format!(" {flag} {v}");
                    }
                }
                for r in runtimes {
                    cmd += &format!(" --runtime {r}");
                }
                if *quick {
                    cmd += " --quick";
                }
                cmd
            }
            Repro::Criterion { bench, filter } => {
                let bench = bench
                    .as_ref()
                    .map_or(String::new(), |b| format!(" --bench {b}"));
                format!("cargo bench -p lab-benches{bench} -- '{filter}' && {LAB} import-bench")
            }
            Repro::Callgrind => {
                format!("cargo build --release -p lab-icount && {LAB} icount")
            }
            Repro::Fuzz {
                target,
                designs,
                seconds,
            } => {
                let only = designs
                    .as_ref()
                    .map_or(String::new(), |d| format!(" --design {d}"));
                format!("{LAB} fuzz --seconds {seconds} --target {target}{only}")
            }
            Repro::Compile => {
                format!("cargo test -p lab-expressible && {LAB} import-compile")
            }
            Repro::Loom { binary, bound } => {
                let bound = bound.map_or(String::new(), |b| format!(" LOOM_MAX_PREEMPTIONS={b}"));
                format!(
                    "(cd loom-tests && {LOOM_ENV}{bound} LAB_LOOM_RESULTS={LOOM_RESULTS} \
                     cargo test --release --test {binary}) && {LAB} import-loom"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Repro;

    #[test]
    fn commands_carry_every_setting() {
        let r = Repro::Check {
            check: "data-loss".into(),
            design: Some("tokio-select".into()),
            cases: Some(10_000),
            runs: None,
            seed: Some(7),
            quick: false,
            runtimes: Vec::new(),
        };
        assert_eq!(
            r.command(),
            "cargo run --release -p lab -- check --check data-loss --design tokio-select \
             --cases 10000 --seed 7"
        );
        let b = Repro::Criterion {
            bench: Some("iterator".into()),
            filter: "/poll-next$".into(),
        };
        assert_eq!(
            b.command(),
            "cargo bench -p lab-benches --bench iterator -- '/poll-next$' && \
             cargo run --release -p lab -- import-bench"
        );
        let l = Repro::Loom {
            binary: "channel".into(),
            bound: Some(3),
        };
        assert_eq!(
            l.command(),
            "(cd loom-tests && RUSTFLAGS=\"--cfg lab_loom\" CARGO_TARGET_DIR=../target/loom \
             LOOM_MAX_PREEMPTIONS=3 LAB_LOOM_RESULTS=../target/loom/results cargo test --release \
             --test channel) && cargo run --release -p lab -- import-loom"
        );
    }
}

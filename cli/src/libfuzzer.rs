//! Reading what libFuzzer prints: its final stats (`-print_final_stats=1`), its last status
//! line (coverage, features, corpus), whether it got past its initial corpus (`INITED`), and
//! the fuzz target's own panic message.

/// What one libFuzzer process reported on stderr.
#[derive(Debug, PartialEq)]
pub struct Stats {
    pub executions: u64,
    pub exec_per_sec: Option<f64>,
    pub coverage: Option<u64>,
    pub features: Option<u64>,
    pub corpus: Option<u64>,
    /// It ran its initial corpus and began mutating.
    pub inited: bool,
}

impl Stats {
    /// `None` if libFuzzer printed no final stats (it did not run to its end).
    pub fn parse(stderr: &str) -> Option<Self> {
        let stat = |name: &str| -> Option<f64> {
            stderr.lines().find_map(|l| {
                l.strip_prefix(&format!("stat::{name}:"))?
                    .trim()
                    .parse()
                    .ok()
            })
        };
        let status = stderr.lines().rev().find(|l| l.contains(" cov: "));
        let field = |key: &str| -> Option<u64> {
            let rest = status?.split(&format!(" {key}: ")).nth(1)?;
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        };
        Some(Stats {
            executions: stat("number_of_executed_units")? as u64,
            exec_per_sec: stat("average_exec_per_sec"),
            coverage: field("cov"),
            features: field("ft"),
            corpus: field("corp"),
            // "#2\tINITED cov: ..": the second word of the line.
            inited: stderr
                .lines()
                .any(|l| l.split_whitespace().nth(1) == Some("INITED")),
        })
    }
}

/// The target's panic message: the lines from "… broke …" to the replay command, else
/// libFuzzer's own error line.
pub fn panic_message(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    match lines.iter().position(|l| l.contains(" broke ")) {
        Some(i) => lines[i..]
            .iter()
            .take(4)
            .copied()
            .collect::<Vec<_>>()
            .join("\n"),
        None => lines
            .iter()
            .find(|l| l.contains("ERROR: libFuzzer"))
            .map_or("a crash without the target's message".into(), |l| {
                l.trim().to_string()
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::{Stats, panic_message};

    /// libFuzzer's stderr, cut down from a `lab fuzz` run of `data_loss` that crashed.
    const CRASHED: &str = "INFO: Seed: 1
#2\tINITED cov: 402 ft: 410 corp: 1/1b exec/s: 0 rss: 40Mb
#39\tNEW    cov: 536 ft: 700 corp: 20/90b lim: 4 exec/s: 0 rss: 41Mb L: 4/4 MS: 1 ChangeBit-
thread '<unnamed>' panicked at src/lib.rs:22:9:
tokio-select broke data_loss: lost 3 of 8 items: s0#0 s0#1 s0#2
  input: file batches: [t=0: s0#0 s0#1 s0#2]; packets: s1#0@t=0; each send yields once
  schedule: (FIFO)
  replay: lab replay --target data_loss --design tokio-select --script '{}' --schedule ''
==12== ERROR: libFuzzer: deadly signal
stat::number_of_executed_units: 77
stat::average_exec_per_sec:     0
stat::new_units_added:          19
";

    #[test]
    fn a_crashed_run_reads_its_stats_and_message() {
        let s = Stats::parse(CRASHED).unwrap();
        assert_eq!(
            s,
            Stats {
                executions: 77,
                exec_per_sec: Some(0.0),
                coverage: Some(536),
                features: Some(700),
                corpus: Some(20),
                inited: true,
            }
        );
        let m = panic_message(CRASHED);
        assert!(
            m.starts_with("tokio-select broke data_loss: lost 3 of 8"),
            "{m}"
        );
        assert_eq!(m.lines().count(), 4);
    }

    #[test]
    fn a_crash_at_init_and_a_run_cut_short_are_told() {
        let at_init = "INFO: A corpus is not provided, starting from an empty corpus\n\
                       x broke data_loss: lost 1 of 1 items\n\
                       stat::number_of_executed_units: 2\n";
        let s = Stats::parse(at_init).unwrap();
        assert!(!s.inited);
        assert_eq!((s.executions, s.coverage), (2, None));
        assert_eq!(Stats::parse("INFO: Seed: 1\n#2\tINITED cov: 4\n"), None);
        assert_eq!(
            panic_message("==1== ERROR: libFuzzer: timeout after 10 seconds\n"),
            "==1== ERROR: libFuzzer: timeout after 10 seconds"
        );
    }
}

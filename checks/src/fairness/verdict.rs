//! The fairness verdict of one design: what its workloads showed, gathered into a verdict
//! and a summary that says which workloads were compared with the pick model.

use lab_designs::concurrent::Pick;
use lab_findings::{Figure, Verdict};

use super::figures::{self, SHARE, SOURCE, WORKLOAD, figures_of};
use super::{Assessment, MAX_UNDETECTED_SKEW, POWER, WORKLOADS, Workload};
use crate::stats::ALPHA;

/// What the workloads of one design showed, gathered for its verdict and summary.
#[derive(Default)]
pub struct Tally {
    pub figures: Vec<Figure>,
    unfair_at: Vec<usize>,
    uneven_elsewhere: Vec<String>,
    model_compared: Vec<Workload>,
    pub model_rejected: Vec<String>,
    wake_order: Vec<String>,
    /// Workloads assessed to the end (a failed drain stops the rest).
    pub completed: usize,
    underpowered: Vec<String>,
    verdict_tests: usize,
    model_tests: usize,
}

impl Tally {
    pub fn add(&mut self, a: &Assessment) {
        let w = a.workload;
        self.completed += 1;
        if let Workload::AlwaysReady { k } = w {
            if a.detectable_shift.is_none_or(|d| d > MAX_UNDETECTED_SKEW) {
                self.underpowered.push(w.to_string());
            }
            if !a.fair() {
                self.unfair_at.push(k);
            }
            self.verdict_tests += a.fairness_tests();
        } else if !a.fair() {
            self.uneven_elsewhere.push(format!(
                "{w} ({}{}, p = {:.0e})",
                match w {
                    Workload::SameTicks { .. } => "served first within a tick: ",
                    _ => "",
                },
                percentages(&a.obs.window),
                a.window_uniform.p
            ));
        }
        self.model_tests += a.model_tests();
        if a.model_compared() {
            self.model_compared.push(w);
        }
        if a.model_judged() && !a.model_holds() {
            self.model_rejected.push(w.to_string());
        }
        if a.prediction.depends_on_wake_order {
            self.wake_order.push(w.to_string());
        }
        self.figures.extend(figures_of(a));
    }

    pub fn alarm_figures(&mut self) {
        let (v, m) = (self.verdict_tests, self.model_tests);
        self.figures.push(
            Figure::new(
                figures::VERDICT_ALARM,
                v as f64 * ALPHA,
                format!("about: tests × p < {ALPHA:.0e} each (Bonferroni; Student's t over runs)"),
            )
            .at("tests", v),
        );
        self.figures.push(
            Figure::new(
                figures::MODEL_ALARM,
                m as f64 * ALPHA,
                format!(
                    "about: tests × p < {ALPHA:.0e} each (Bonferroni); exact sequence comparisons add none"
                ),
            )
            .at("tests", m),
        );
    }

    /// What the comparison with the pick model showed, for the summary.
    fn model_sentence(&self, pick: Pick) -> String {
        let not_compared: Vec<String> = WORKLOADS
            .iter()
            .filter(|w| !self.model_compared.contains(w))
            .map(ToString::to_string)
            .collect();
        let compared = if not_compared.is_empty() {
            format!("all {} workloads", WORKLOADS.len())
        } else {
            join(&self.model_compared)
        };
        let mut model = if self.model_rejected.is_empty() {
            format!("consistent with its model ({pick:?}) on {compared}")
        } else {
            format!(
                "REJECTS its model ({pick:?}) on {} (compared on {compared})",
                self.model_rejected.join(", ")
            )
        };
        if !not_compared.is_empty() {
            model += &format!(
                "; not compared with the model on {}",
                not_compared.join(", ")
            );
        }
        if !self.wake_order.is_empty() {
            model += &format!(
                "; on {} the model predicts the source woken first is served first, so what it predicts is the executor's wake order (a seeded random permutation per tick), not the crate's code: that is not counted as a comparison",
                self.wake_order.join(", ")
            );
        }
        model
    }

    pub fn verdict(&self, pick: Pick, runs: u32) -> (Verdict, String) {
        let model = self.model_sentence(pick);
        let elsewhere = if self.uneven_elsewhere.is_empty() {
            String::new()
        } else {
            format!("; uneven in {}", self.uneven_elsewhere.join(", "))
        };
        if self.unfair_at.is_empty() && !self.underpowered.is_empty() {
            let summary = format!(
                "no uneven mean shares found, but {runs} runs per workload cannot detect a \
                 source {:.0} percentage points above its even share {:.0}% of the time on \
                 {}{elsewhere}; {model}",
                100.0 * MAX_UNDETECTED_SKEW,
                100.0 * POWER,
                self.underpowered.join(", ")
            );
            return (Verdict::Inconclusive, summary);
        }
        if self.unfair_at.is_empty() {
            let summary = format!(
                "even mean shares over runs with {} always-ready sources{elsewhere}; {model}",
                lab_findings::format::list(&always_ready_ks())
            );
            return (Verdict::Pass, summary);
        }
        // Shares at k = 4 where that is unfair (one line a reader can take in), else at the
        // largest unfair k, as the window's figures state them.
        let k = *self
            .unfair_at
            .iter()
            .find(|k| **k == 4)
            .or(self.unfair_at.last())
            .expect("some k is unfair");
        let w = Workload::AlwaysReady { k };
        let shares = (0..k)
            .filter_map(|i| {
                self.figures.iter().find(|f| {
                    f.is(
                        SHARE,
                        &[(WORKLOAD, w.to_string().into()), (SOURCE, i.into())],
                    )
                })
            })
            .map(|f| format!("{:.0}%", 100.0 * f.value))
            .collect::<Vec<_>>()
            .join(" / ");
        let ks: Vec<String> = self.unfair_at.iter().map(ToString::to_string).collect();
        let summary = format!(
            "uneven mean shares with k = {} always-ready sources (k={k}: {shares} of {}){elsewhere}; {model}",
            ks.join(", "),
            w.window_desc()
        );
        (Verdict::Fail, summary)
    }
}

/// The source counts of the always-ready workloads.
fn always_ready_ks() -> Vec<usize> {
    WORKLOADS
        .iter()
        .filter_map(|w| match w {
            Workload::AlwaysReady { k } => Some(*k),
            _ => None,
        })
        .collect()
}

fn join(workloads: &[Workload]) -> String {
    workloads
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn percentages(counts: &[u64]) -> String {
    let total: u64 = counts.iter().sum();
    counts
        .iter()
        .map(|&n| format!("{:.0}%", 100.0 * n as f64 / total.max(1) as f64))
        .collect::<Vec<_>>()
        .join(" / ")
}

//! Ranking designs by a cost without ranking noise: a design's rank is one plus the number
//! of designs cheaper than it beyond noise, so designs whose difference lies inside noise
//! can share a rank. Sharing is not transitive: A and B may tie, and B and C, while C still
//! ranks below A.

use lab_findings::{Finding, Param, format};

use crate::measure::{ci_high, ci_low};
use crate::section::{self, RATIO, Table};

/// What counts as noise around a figure.
#[derive(Clone, Copy, Debug)]
pub enum Noise {
    /// Criterion's confidence interval (figures `{metric}, CI low/high`): cheaper beyond
    /// noise when the whole interval lies below the other's. A design without an interval
    /// (a quick run takes too few samples) is not ranked.
    Interval,
    /// The figure `recount` (how far a second count of the same workload moved it):
    /// cheaper beyond noise by more than the larger of the two recount differences.
    Recount(&'static str),
    /// Counted once, exact for deterministic designs; designs for which `varies` holds (they
    /// pick with an RNG the lab cannot seed) are not ranked, since their spread between runs
    /// is not measured.
    Once { varies: fn(&str) -> bool },
}

impl Noise {
    pub fn describe(self) -> &'static str {
        match self {
            Noise::Interval => {
                "a design ranks below another only when its criterion interval lies wholly \
                 above the other's (the bootstrap interval of each benchmark's own samples); \
                 designs without an interval are not ranked"
            }
            Noise::Recount(_) => {
                "a design ranks below another only by more than the larger of their recount \
                 differences"
            }
            Noise::Once { .. } => {
                "counted once: deterministic designs rank exactly; designs that pick with an \
                 unseeded RNG are not ranked (their spread between runs is not measured)"
            }
        }
    }
}

/// One design's place.
#[derive(Clone, Debug)]
pub struct Ranked {
    pub design: String,
    pub anchor: String,
    pub value: f64,
    /// The noise interval around `value`; `None` if the finding lacks it.
    pub interval: Option<(f64, f64)>,
    /// `None` when noise could not be judged for every design.
    pub rank: Option<usize>,
    /// Whether another design shares the rank.
    pub tied: bool,
    /// `value` over the smallest value.
    pub to_best: f64,
}

impl Ranked {
    pub fn class(&self) -> &'static str {
        match self.rank {
            None => "unranked",
            Some(1) => "best",
            Some(_) if self.tied => "tied",
            Some(_) => "ranked",
        }
    }

    /// "1× (best)", "1.04× (#1, tied)", "1.52× (#3)", "1.52× (#3, tied)". The ratio is to
    /// the smallest value of all, ranked or not, so #1 can be above 1×.
    pub fn to_best_text(&self) -> String {
        let ratio = format!("{}×", format::value(self.to_best));
        match self.rank {
            None => format!("{ratio} (not ranked)"),
            Some(1) if self.to_best == 1.0 => format!("{ratio} (best)"),
            Some(r) if self.tied => format!("{ratio} (#{r}, tied)"),
            Some(r) => format!("{ratio} (#{r})"),
        }
    }

    pub fn note(&self) -> String {
        match (self.rank, self.interval) {
            (None, _) => "not ranked: its noise is not measured in this run".into(),
            (Some(_), Some((lo, hi))) if lo < hi => format!(
                "{} (noise {}–{}); ties with designs whose noise overlaps",
                format::value(self.value),
                format::value(lo),
                format::value(hi)
            ),
            (Some(_), _) => format!("{}, ranked exactly", format::value(self.value)),
        }
    }
}

/// Ranks the findings that have `metric` at `at`, cheapest first.
pub fn rank(
    findings: &[&Finding],
    metric: &str,
    at: &[(&str, Param)],
    noise: Noise,
) -> Vec<Ranked> {
    // The noise band around each value, or `None` where this design cannot be ranked.
    let band = |f: &Finding, v: f64| -> Option<(f64, f64)> {
        match noise {
            Noise::Interval => Some((
                f.value(&ci_low(metric), at)?,
                f.value(&ci_high(metric), at)?,
            )),
            Noise::Recount(recount) => {
                let r = f.value(recount, at)?;
                Some((v - r, v + r))
            }
            Noise::Once { varies } => (!varies(&f.design.id)).then_some((v, v)),
        }
    };
    let mut out: Vec<Ranked> = findings
        .iter()
        .filter_map(|f| {
            let value = f.value(metric, at)?;
            Some(Ranked {
                design: f.design.id.clone(),
                anchor: f.anchor(),
                value,
                interval: band(f, value),
                rank: None,
                tied: false,
                to_best: 1.0,
            })
        })
        .collect();
    // Whether `a` is cheaper than `b` beyond noise.
    let below = |a: &Ranked, b: &Ranked| -> bool {
        match (noise, a.interval, b.interval) {
            (Noise::Interval, Some((_, a_hi)), Some((b_lo, _))) => a_hi < b_lo,
            (Noise::Recount(_), Some((a_lo, _)), Some((b_lo, _))) => {
                let (ra, rb) = (a.value - a_lo, b.value - b_lo);
                a.value + ra.max(rb) < b.value
            }
            (Noise::Once { .. }, Some(_), Some(_)) => a.value < b.value,
            _ => false,
        }
    };
    let best = out.iter().map(|r| r.value).fold(f64::INFINITY, f64::min);
    let ranks: Vec<Option<usize>> = out
        .iter()
        .map(|r| {
            r.interval?;
            Some(1 + out.iter().filter(|o| below(o, r)).count())
        })
        .collect();
    for (r, rank) in out.iter_mut().zip(&ranks) {
        r.to_best = r.value / best;
        r.rank = *rank;
        r.tied = rank.is_some() && ranks.iter().filter(|x| *x == rank).count() > 1;
    }
    out.sort_by(|a, b| a.value.total_cmp(&b.value));
    out
}

/// A table ranked by `metric` at `key = headline` (or at no parameter when `key` is
/// `None`): one column per value of `key`, each cell "value unit [interval] · ratio× floor ·
/// ratio to the best (rank)". Findings without the metric follow, unranked.
pub fn table(
    findings: &[&Finding],
    metric: &'static str,
    unit: &str,
    key: Option<(&'static str, i64)>,
    noise: Noise,
) -> Table {
    let points: Vec<Vec<(&'static str, Param)>> = match key {
        Some((k, _)) => section::param_ints(findings, Some(metric), k)
            .into_iter()
            .map(|v| vec![(k, Param::Int(v))])
            .collect(),
        None => vec![Vec::new()],
    };
    let headline: Vec<(&str, Param)> = key
        .map(|(k, v)| vec![(k, Param::Int(v))])
        .unwrap_or_default();
    let ranked_at: Vec<Vec<Ranked>> = points
        .iter()
        .map(|at| rank(&costs_with_ratio(findings, at), metric, at, noise))
        .collect();
    let headline_ranks = rank(
        &costs_with_ratio(findings, &headline),
        metric,
        &headline,
        noise,
    );
    let mut order: Vec<&Finding> = headline_ranks
        .iter()
        .filter_map(|r| findings.iter().copied().find(|f| f.anchor() == r.anchor))
        .collect();
    let rest: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| !order.iter().any(|o| o.id == f.id))
        .collect();
    order.extend(rest);
    let columns = points
        .iter()
        .map(|at| match at.first() {
            Some((k, v)) => format!("{k}={v}: {metric} · × floor · × best"),
            None => format!("{metric} · × floor · × best"),
        })
        .collect();
    section::rows(&order, columns, |f| {
        points
            .iter()
            .zip(&ranked_at)
            .map(|(at, ranks)| cell(f, metric, unit, at, ranks))
            .collect()
    })
}

/// Those of `findings` that have a ratio to the floor at `at` (the floor itself has none and
/// is not ranked against the designs).
fn costs_with_ratio<'a>(findings: &[&'a Finding], at: &[(&str, Param)]) -> Vec<&'a Finding> {
    findings
        .iter()
        .copied()
        .filter(|f| f.value(RATIO, at).is_some())
        .collect()
}

fn cell(f: &Finding, metric: &str, unit: &str, at: &[(&str, Param)], ranks: &[Ranked]) -> String {
    let Some(v) = f.value(metric, at) else {
        return "—".into();
    };
    let mut text = format!("{}{unit}", format::value(v));
    if let (Some(lo), Some(hi)) = (f.value(&ci_low(metric), at), f.value(&ci_high(metric), at)) {
        text.push_str(&format!(" [{}–{}]", format::value(lo), format::value(hi)));
    }
    if let Some(r) = f.value(RATIO, at) {
        text.push_str(&format!(" · {}×", format::value(r)));
    }
    if let Some(r) = ranks.iter().find(|r| r.anchor == f.anchor()) {
        text.push_str(&format!(" · {}", r.to_best_text()));
    }
    text
}

#[cfg(test)]
mod tests {
    use lab_findings::{DesignRef, Figure, Finding, Repro};

    use super::{Noise, rank};
    use crate::measure::{ci_high, ci_low};

    fn timed(design: &str, mean: f64, lo: f64, hi: f64) -> Finding {
        let figures = vec![
            Figure::new("ns", mean, "ns"),
            Figure::new(ci_low("ns"), lo, "ns"),
            Figure::new(ci_high("ns"), hi, "ns"),
        ];
        Finding::measured(
            "q",
            "c",
            DesignRef {
                id: design.into(),
                krate: "k".into(),
                version: "0".into(),
                construct: String::new(),
                summary: String::new(),
            },
            String::new(),
            figures,
            Repro::Callgrind,
        )
    }

    fn places(findings: &[Finding], noise: Noise) -> Vec<(String, Option<usize>, bool)> {
        let refs: Vec<&Finding> = findings.iter().collect();
        rank(&refs, "ns", &[], noise)
            .into_iter()
            .map(|r| (r.design, r.rank, r.tied))
            .collect()
    }

    #[test]
    fn overlapping_intervals_tie_and_separate_ones_rank() {
        let f = [
            timed("slow", 30.0, 29.0, 31.0),
            timed("a", 10.0, 9.0, 11.0),
            timed("b", 10.5, 10.2, 12.0),
        ];
        assert_eq!(
            places(&f, Noise::Interval),
            [
                ("a".into(), Some(1), true),
                ("b".into(), Some(1), true),
                ("slow".into(), Some(3), false)
            ]
        );
        // Counted exactly, the same values rank without ties.
        assert_eq!(
            places(&f, Noise::Once { varies: |_| false }),
            [
                ("a".into(), Some(1), false),
                ("b".into(), Some(2), false),
                ("slow".into(), Some(3), false)
            ]
        );
    }

    #[test]
    fn a_design_without_an_interval_is_left_unranked_and_the_rest_rank() {
        let mut f = vec![timed("a", 10.0, 9.0, 11.0), timed("b", 20.0, 19.0, 21.0)];
        f[1].figures.truncate(1);
        assert_eq!(
            places(&f, Noise::Interval),
            [("a".into(), Some(1), false), ("b".into(), None, false)]
        );
        let refs: Vec<&Finding> = f.iter().collect();
        let r = rank(&refs, "ns", &[], Noise::Interval);
        assert_eq!(r[1].to_best, 2.0);
        assert_eq!(r[1].to_best_text(), "2× (not ranked)");
    }

    #[test]
    fn sharing_a_rank_is_not_transitive() {
        // a and b overlap, b and c overlap, a lies wholly below c.
        let f = [
            timed("a", 10.0, 9.0, 11.0),
            timed("b", 11.5, 10.5, 12.5),
            timed("c", 12.2, 11.5, 13.0),
        ];
        assert_eq!(
            places(&f, Noise::Interval),
            [
                ("a".into(), Some(1), true),
                ("b".into(), Some(1), true),
                ("c".into(), Some(2), false)
            ]
        );
    }

    #[test]
    fn recounts_tie_within_the_larger_difference_and_varying_designs_are_not_ranked() {
        let counted = |design: &str, v: f64, recount: f64| {
            let mut f = timed(design, v, 0.0, 0.0);
            f.figures = vec![
                Figure::new("ns", v, "instructions"),
                Figure::new("recount", recount, "instructions"),
            ];
            f
        };
        let f = [
            counted("a", 100.0, 3.0),
            counted("b", 102.0, 0.0),
            counted("c", 104.0, 0.0),
        ];
        assert_eq!(
            places(&f, Noise::Recount("recount")),
            [
                ("a".into(), Some(1), true),
                ("b".into(), Some(1), true),
                ("c".into(), Some(3), false)
            ]
        );
        let varies: fn(&str) -> bool = |id| id == "b";
        assert_eq!(
            places(&f, Noise::Once { varies }),
            [
                ("a".into(), Some(1), false),
                ("b".into(), None, false),
                ("c".into(), Some(2), false)
            ]
        );
    }
}

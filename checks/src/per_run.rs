//! Tests over runs: the runs of a workload are independent, the items within one run need
//! not be (a round-robin alternates, a biased merge repeats itself). So shares are tested as
//! one number per run — its share of the window — and the mean share over runs is compared
//! with the expected one by Student's t test, Bonferroni-corrected over the sources tested.
//! The power of such a test follows from the run-to-run spread the run measured.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::stats::{ALPHA, Fit};

/// Fewer runs than this and the spread between runs is too poorly estimated to state a
/// power: a check may still fail on them, but not pass.
pub const MIN_RUNS: usize = 30;

/// Per source, the mean and standard deviation of its share over runs.
fn moments(runs: &[Vec<u64>], source: usize) -> (f64, f64) {
    let shares: Vec<f64> = runs
        .iter()
        .map(|r| {
            let total: u64 = r.iter().sum();
            r[source] as f64 / total.max(1) as f64
        })
        .collect();
    let n = shares.len() as f64;
    let mean = shares.iter().sum::<f64>() / n;
    // Identical shares must give a spread of exactly zero, not rounding noise around it.
    if shares.iter().all(|&x| x == shares[0]) {
        return (shares[0], 0.0);
    }
    let var = shares.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

/// The sources a test covers: those with a positive expected share.
fn tested(expected: &[f64]) -> Vec<usize> {
    (0..expected.len()).filter(|&i| expected[i] > 0.0).collect()
}

/// Are the mean per-run shares (`runs`: per run, items per source in the window) the
/// `expected` ones? `statistic` is the largest |t|, `df` the number of sources tested (0:
/// nothing tested, with fewer than two runs). A source expected to get nothing that gets
/// something rejects outright; a source whose share is the same in every run is exact (p 1
/// if it is the expected share, else 0).
pub fn shares(runs: &[Vec<u64>], expected: &[f64]) -> Fit {
    let no_test = Fit {
        statistic: 0.0,
        df: 0,
        p: 1.0,
    };
    let sources = tested(expected);
    if runs.len() < 2 {
        return no_test;
    }
    // Checked first: even a single expected source rules every other one out.
    let impossible =
        (0..expected.len()).any(|i| expected[i] == 0.0 && runs.iter().any(|r| r[i] > 0));
    if impossible {
        return Fit {
            statistic: f64::INFINITY,
            df: expected.len() - 1,
            p: 0.0,
        };
    }
    if sources.len() == 1 {
        // Every item of every run went where the only expected source is: exact.
        return Fit {
            statistic: 0.0,
            df: expected.len() - 1,
            p: 1.0,
        };
    }
    if sources.is_empty() {
        return no_test;
    }
    let root_n = (runs.len() as f64).sqrt();
    let mut worst: f64 = 0.0;
    for &i in &sources {
        let (mean, sd) = moments(runs, i);
        let off = (mean - expected[i]).abs();
        let z = if sd == 0.0 {
            if off < 1e-12 { 0.0 } else { f64::INFINITY }
        } else {
            off / (sd / root_n)
        };
        worst = worst.max(z);
    }
    let t = StudentsT::new(0.0, 1.0, runs.len() as f64 - 1.0).expect("at least two runs");
    let one_sided = if worst.is_infinite() {
        0.0
    } else {
        t.sf(worst)
    };
    Fit {
        statistic: worst,
        df: sources.len(),
        p: (2.0 * one_sided * sources.len() as f64).min(1.0),
    }
}

/// The smallest rise of one source's mean share above its expected share that [`shares`]
/// detects with probability `power`, given the spread between runs measured in `runs`
/// (normal approximation); `None` below [`MIN_RUNS`] runs.
pub fn detectable_shift(runs: &[Vec<u64>], expected: &[f64], power: f64) -> Option<f64> {
    let sources = tested(expected);
    if runs.len() < MIN_RUNS || sources.len() < 2 {
        return None;
    }
    let normal = Normal::standard();
    let critical = normal.inverse_cdf(1.0 - ALPHA / (2.0 * sources.len() as f64));
    let spread = sources
        .iter()
        .map(|&i| moments(runs, i).1)
        .fold(0.0, f64::max);
    Some((critical + normal.inverse_cdf(power)) * spread / (runs.len() as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(n: usize, f: impl Fn(usize) -> Vec<u64>) -> Vec<Vec<u64>> {
        (0..n).map(f).collect()
    }

    #[test]
    fn identical_runs_are_exact() {
        let even = runs(100, |_| vec![4, 4]);
        assert_eq!(shares(&even, &[0.5, 0.5]).p, 1.0);
        let skewed = runs(100, |_| vec![5, 3]);
        assert_eq!(shares(&skewed, &[0.5, 0.5]).p, 0.0);
        // Identical runs: any skew would have shown.
        assert_eq!(detectable_shift(&even, &[0.5, 0.5], 0.9), Some(0.0));
    }

    #[test]
    fn items_within_a_run_are_not_counted_as_independent_draws() {
        // Each run gives all 8 items to one source; 560 of 1000 runs pick s0. Pooled as
        // 8000 independent items that is a wildly uneven 4480/3520; as 1000 independent
        // runs it is 3.8 standard errors from even, which a fair coin does about once in
        // 7000 tries: not a failure at 1e-6.
        let r = runs(1000, |i| if i < 560 { vec![8, 0] } else { vec![0, 8] });
        let pooled = crate::stats::chi_square(&[4480, 3520], &[0.5, 0.5]);
        assert!(pooled.rejected(), "{pooled:?}");
        let fit = shares(&r, &[0.5, 0.5]);
        assert!(!fit.rejected(), "{fit:?}");
        assert!((fit.statistic - 3.82).abs() < 0.01, "{fit:?}");
        // That spread leaves a skew of several points undetectable, and the power says so.
        let d = detectable_shift(&r, &[0.5, 0.5], 0.9).unwrap();
        assert!(d > 0.09, "{d}");
    }

    #[test]
    fn a_real_skew_is_rejected_and_too_few_runs_state_no_power() {
        // 60/40 per run, with some spread: rejected at 200 runs.
        let r = runs(200, |i| if i % 2 == 0 { vec![6, 4] } else { vec![7, 3] });
        assert!(shares(&r, &[0.5, 0.5]).rejected());
        // Ten identical skewed runs are a failure, but ten runs state no power for a pass.
        let few = runs(10, |_| vec![9, 1]);
        assert_eq!(shares(&few, &[0.5, 0.5]).p, 0.0);
        assert_eq!(detectable_shift(&few, &[0.5, 0.5], 0.9), None);
        // Ten runs with spread: Student's t, not the normal, so a small sample is not
        // over-read (t = 9 on 9 degrees of freedom is p ≈ 3e-5 over both sources; the
        // normal would say 1e-18).
        let spread = runs(10, |i| if i % 2 == 0 { vec![7, 3] } else { vec![6, 4] });
        let fit = shares(&spread, &[0.5, 0.5]);
        assert!((fit.statistic - 9.0).abs() < 1e-9, "{fit:?}");
        assert!(!fit.rejected(), "{fit:?}");
        assert!(4.0 * Normal::standard().sf(9.0) < ALPHA);
        assert_eq!(shares(&runs(1, |_| vec![9, 1]), &[0.5, 0.5]).df, 0);
        // An item from a source expected to yield nothing rejects outright.
        let r = runs(50, |_| vec![0, 4, 4]);
        let mut bad = r.clone();
        bad[7] = vec![1, 4, 3];
        assert_eq!(shares(&r, &[0.0, 0.5, 0.5]).p, 1.0);
        assert_eq!(shares(&bad, &[0.0, 0.5, 0.5]).p, 0.0);
        // One expected source (a biased pick): all items there is an exact match, tested.
        let biased = runs(50, |_| vec![4, 0, 0]);
        let fit = shares(&biased, &[1.0, 0.0, 0.0]);
        assert_eq!((fit.p, fit.df), (1.0, 2));
        assert_eq!(shares(&r, &[1.0, 0.0, 0.0]).p, 0.0);
    }
}

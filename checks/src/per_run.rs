//! Tests over runs: the runs of a workload are independent, the items within one run need
//! not be (a round-robin alternates, a biased merge repeats itself). So shares are tested as
//! one number per run — its share of the window — and the mean share over runs is compared
//! with the expected one by Student's t test, Bonferroni-corrected over the sources tested.
//! The power of such a test follows from the run-to-run spread the run measured.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::stats::{ALPHA, Fit};

/// Fewer runs than this test nothing: the spread between runs is too poorly estimated, and
/// a random design can give the same uneven share in every one of a few runs by chance
/// (two runs of a fair 8-item coin agree on an uneven count one time in eight), which a
/// zero spread would read as exact.
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
/// nothing tested, with fewer than [`MIN_RUNS`] runs). A source expected to get nothing that
/// gets something rejects outright; a source whose share is the same in every run is exact
/// (p 1 if it is the expected share, else 0). This tests the mean over runs: unevenness
/// within a run that evens out across runs is not seen.
pub fn shares(runs: &[Vec<u64>], expected: &[f64]) -> Fit {
    let no_test = Fit {
        statistic: 0.0,
        df: 0,
        p: 1.0,
    };
    let sources = tested(expected);
    if runs.len() < MIN_RUNS {
        return no_test;
    }
    // Before counting sources: even a single expected source rules every other one out.
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
/// detects with probability `power`, given the spread between runs measured in `runs`: the
/// t test's critical value plus the normal quantile of `power`, times the standard error;
/// `None` below [`MIN_RUNS`] runs.
pub fn detectable_shift(runs: &[Vec<u64>], expected: &[f64], power: f64) -> Option<f64> {
    let sources = tested(expected);
    if runs.len() < MIN_RUNS || sources.len() < 2 {
        return None;
    }
    let normal = Normal::standard();
    let t = StudentsT::new(0.0, 1.0, runs.len() as f64 - 1.0).expect("enough runs");
    let critical = t.inverse_cdf(1.0 - ALPHA / (2.0 * sources.len() as f64));
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
        // Below MIN_RUNS nothing is tested, not even identical skewed runs: a random design
        // can repeat itself by chance over a few runs.
        let few = runs(MIN_RUNS - 1, |_| vec![9, 1]);
        assert_eq!(shares(&few, &[0.5, 0.5]).df, 0);
        assert_eq!(detectable_shift(&few, &[0.5, 0.5], 0.9), None);
        let enough = runs(MIN_RUNS, |_| vec![9, 1]);
        assert_eq!(shares(&enough, &[0.5, 0.5]).p, 0.0);
        // Student's t, not the normal: 30 runs alternating 7/3 and 6/4 give t ≈ 16 on 29
        // degrees of freedom, a p-value dozens of orders of magnitude above the normal's.
        let spread = runs(
            MIN_RUNS,
            |i| if i % 2 == 0 { vec![7, 3] } else { vec![6, 4] },
        );
        let fit = shares(&spread, &[0.5, 0.5]);
        assert!(fit.rejected() && fit.p > 1e-20, "{fit:?}");
        assert!(
            4.0 * Normal::standard().sf(fit.statistic) < 1e-40,
            "{fit:?}"
        );
        // The power uses the t critical value too: at 30 runs about 6.4 standard errors
        // (the normal's would be 5.0), plus 1.28 for 90% power.
        let d = detectable_shift(&spread, &[0.5, 0.5], 0.9).unwrap();
        let se = moments(&spread, 0).1 / (MIN_RUNS as f64).sqrt();
        assert!((7.2..8.2).contains(&(d / se)), "{}", d / se);
        // An item from a source expected to yield nothing rejects outright.
        let r = runs(MIN_RUNS, |_| vec![0, 4, 4]);
        let mut bad = r.clone();
        bad[7] = vec![1, 4, 3];
        assert_eq!(shares(&r, &[0.0, 0.5, 0.5]).p, 1.0);
        assert_eq!(shares(&bad, &[0.0, 0.5, 0.5]).p, 0.0);
        // One expected source (a biased pick): all items there is an exact match, tested.
        let biased = runs(MIN_RUNS, |_| vec![4, 0, 0]);
        let fit = shares(&biased, &[1.0, 0.0, 0.0]);
        assert_eq!((fit.p, fit.df), (1.0, 2));
        assert_eq!(shares(&r, &[1.0, 0.0, 0.0]).p, 0.0);
    }
}

//! Goodness-of-fit tests for the distribution checks (statrs does the distribution).

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Checks fail when a test's p-value is below this: the false-alarm rate of one test.
pub const ALPHA: f64 = 1e-6;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub statistic: f64,
    pub df: usize,
    pub p: f64,
}

impl Fit {
    pub fn rejected(&self) -> bool {
        self.p < ALPHA
    }
}

/// Pearson's chi-square test of `observed` counts against cell probabilities `probs`.
/// A count in a cell of probability 0 rejects outright (p = 0); cells of probability 0
/// with no count are left out; one remaining cell leaves nothing to test (p = 1).
pub fn chi_square(observed: &[u64], probs: &[f64]) -> Fit {
    assert_eq!(observed.len(), probs.len(), "one probability per cell");
    let n: u64 = observed.iter().sum();
    if observed.iter().zip(probs).any(|(&o, &p)| p == 0.0 && o > 0) {
        return Fit {
            statistic: f64::INFINITY,
            df: 0,
            p: 0.0,
        };
    }
    let cells: Vec<(f64, f64)> = observed
        .iter()
        .zip(probs)
        .filter(|(_, p)| **p > 0.0)
        .map(|(&o, &p)| (o as f64, p * n as f64))
        .collect();
    let df = cells.len().saturating_sub(1);
    if df == 0 || n == 0 {
        return Fit {
            statistic: 0.0,
            df,
            p: 1.0,
        };
    }
    let statistic = cells.iter().map(|(o, e)| (o - e) * (o - e) / e).sum();
    let p = ChiSquared::new(df as f64).expect("df > 0").sf(statistic);
    Fit { statistic, df, p }
}

/// Equal probabilities over the cells marked `true`.
pub fn uniform_over(cells: &[bool]) -> Vec<f64> {
    let n = cells.iter().filter(|c| **c).count().max(1) as f64;
    cells
        .iter()
        .map(|&c| if c { 1.0 / n } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_matches_known_values() {
        // 2 cells, 60/40 against 50/50: statistic 4, df 1, p = 0.0455.
        let fit = chi_square(&[60, 40], &[0.5, 0.5]);
        assert_eq!((fit.statistic, fit.df), (4.0, 1));
        assert!((fit.p - 0.0455).abs() < 1e-4, "{}", fit.p);
        assert!(!fit.rejected());
        assert!(chi_square(&[900, 100], &[0.5, 0.5]).rejected());
    }

    #[test]
    fn impossible_and_degenerate_cells() {
        assert_eq!(chi_square(&[5, 1], &[1.0, 0.0]).p, 0.0);
        assert_eq!(chi_square(&[6, 0], &[1.0, 0.0]).p, 1.0);
        assert_eq!(chi_square(&[0, 3, 3], &[0.0, 0.5, 0.5]).p, 1.0);
        assert_eq!(uniform_over(&[false, true, true]), [0.0, 0.5, 0.5]);
    }
}

//! Goodness-of-fit tests over independent draws (statrs does the distributions): Pearson's
//! chi-square against expected cell probabilities, and of homogeneity between two samples.
//! Shares whose items are not independent draws are tested per run (`per_run.rs`).

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

/// Cells expected to hold fewer counts than this are pooled. This is the textbook rule for
/// conventional significance levels; at p-values as small as [`ALPHA`] Pearson's statistic
/// has a somewhat heavier tail than chi-square when cells expect 5–15 counts, so the real
/// false-alarm rate of a test can be a small multiple of ALPHA (not orders of magnitude).
pub const MIN_EXPECTED: f64 = 5.0;

/// Pearson's chi-square test of homogeneity: are the counts `a` and `b`, over the same cells,
/// draws from one distribution? Used where the expectation is itself a sample (the runs of a
/// simulated model), so the model's sampling error counts and a cell the model never
/// reached is not "impossible". Cells empty in both are dropped; cells expecting fewer than
/// [`MIN_EXPECTED`] counts in either row are pooled as in [`chi_square`].
pub fn homogeneity(a: &[u64], b: &[u64]) -> Fit {
    assert_eq!(a.len(), b.len(), "the same cells in both samples");
    let (na, nb) = (a.iter().sum::<u64>() as f64, b.iter().sum::<u64>() as f64);
    let total = na + nb;
    let no_test = |df| Fit {
        statistic: 0.0,
        df,
        p: 1.0,
    };
    if na == 0.0 || nb == 0.0 {
        return no_test(0);
    }
    // Each cell as (a, b, expected a, expected b); pool where either expectation is short.
    let cells: Vec<[f64; 4]> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| **x + **y > 0)
        .map(|(&x, &y)| {
            let col = (x + y) as f64;
            [x as f64, y as f64, col * na / total, col * nb / total]
        })
        .collect();
    let short = |c: &[f64; 4]| c[2].min(c[3]) < MIN_EXPECTED;
    let (mut kept, small): (Vec<_>, Vec<_>) = cells.into_iter().partition(|c| !short(c));
    if !small.is_empty() {
        let add = |x: [f64; 4], y: [f64; 4]| [x[0] + y[0], x[1] + y[1], x[2] + y[2], x[3] + y[3]];
        let mut pooled = small.into_iter().fold([0.0; 4], add);
        if short(&pooled)
            && let Some(i) = (0..kept.len()).min_by(|&x, &y| kept[x][2].total_cmp(&kept[y][2]))
        {
            pooled = add(pooled, kept.swap_remove(i));
        }
        kept.push(pooled);
    }
    let df = kept.len().saturating_sub(1);
    if df == 0 {
        return no_test(0);
    }
    let statistic = kept
        .iter()
        .map(|c| (c[0] - c[2]).powi(2) / c[2] + (c[1] - c[3]).powi(2) / c[3])
        .sum();
    let p = ChiSquared::new(df as f64).expect("df > 0").sf(statistic);
    Fit { statistic, df, p }
}

/// Pearson's chi-square test of `observed` counts against cell probabilities `probs`.
/// A count in a cell of probability 0 rejects outright (p = 0); cells of probability 0
/// with no count are left out; cells expected to hold fewer than [`MIN_EXPECTED`] counts are
/// pooled into one (and that one into the smallest other cell if it is still short); one
/// remaining cell leaves nothing to test (p = 1, df = 0).
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
    let cells = pool(
        observed
            .iter()
            .zip(probs)
            .filter(|(_, p)| **p > 0.0)
            .map(|(&o, &p)| (o as f64, p * n as f64))
            .collect(),
    );
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

/// (observed, expected) cells with every expected count at least [`MIN_EXPECTED`], where
/// there are enough counts for that.
fn pool(cells: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let (mut kept, short): (Vec<_>, Vec<_>) = cells.into_iter().partition(|c| c.1 >= MIN_EXPECTED);
    if short.is_empty() {
        return kept;
    }
    let mut pooled = short
        .iter()
        .fold((0.0, 0.0), |acc, c| (acc.0 + c.0, acc.1 + c.1));
    if pooled.1 < MIN_EXPECTED
        && let Some(i) = (0..kept.len()).min_by(|&a, &b| kept[a].1.total_cmp(&kept[b].1))
    {
        let c = kept.swap_remove(i);
        pooled = (pooled.0 + c.0, pooled.1 + c.1);
    }
    kept.push(pooled);
    kept
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
    fn homogeneity_tolerates_cells_one_sample_never_reached() {
        // A rare cell the model's sample missed is pooled, not impossible.
        let model = [0, 60_000, 140_000, 0];
        let seen = [0, 590, 1_409, 1];
        assert!(!homogeneity(&seen, &model).rejected());
        assert!(homogeneity(&[0, 1_400, 600, 0], &model).rejected());
        // Same distribution, different sizes: p is large; one sample empty: nothing tested.
        assert!(homogeneity(&[30, 70], &[3_000, 7_000]).p > 0.5);
        assert_eq!(homogeneity(&[0, 0], &[5, 5]).p, 1.0);
        // 2 x 2 against a hand computation: 20/80 vs 40/60, statistic 9.52, df 1.
        let fit = homogeneity(&[20, 80], &[40, 60]);
        assert_eq!(fit.df, 1);
        assert!((fit.statistic - 9.5238).abs() < 1e-3, "{}", fit.statistic);
    }

    #[test]
    fn impossible_and_degenerate_cells() {
        assert_eq!(chi_square(&[5, 1], &[1.0, 0.0]).p, 0.0);
        assert_eq!(chi_square(&[6, 0], &[1.0, 0.0]).p, 1.0);
        assert_eq!(chi_square(&[0, 3, 3], &[0.0, 0.5, 0.5]).p, 1.0);
        assert_eq!(uniform_over(&[false, true, true]), [0.0, 0.5, 0.5]);
    }

    #[test]
    fn cells_expected_below_five_are_pooled() {
        // 100 draws: expected 90, 4, 3, 3. The three short cells pool to one of 10 (counts
        // 10), leaving two cells: statistic 0, df 1.
        let fit = chi_square(&[90, 4, 3, 3], &[0.9, 0.04, 0.03, 0.03]);
        assert_eq!((fit.statistic, fit.df), (0.0, 1));
        // Unpooled, 90/10/0/0 would be rejected on the empty cells' account; pooled it fits.
        assert!(!chi_square(&[90, 10, 0, 0], &[0.9, 0.04, 0.03, 0.03]).rejected());
        // A short pool joins the smallest other cell: expected 2 + 2 joins 48 (counts 50).
        let fit = chi_square(&[48, 48, 2, 2], &[0.48, 0.48, 0.02, 0.02]);
        assert_eq!(fit.df, 1);
        // Everything short: one cell, nothing tested.
        let fit = chi_square(&[1, 2, 1], &[0.3, 0.4, 0.3]);
        assert_eq!((fit.df, fit.p), (0, 1.0));
        // A count where the model allows none still rejects, short or not.
        assert_eq!(chi_square(&[99, 1], &[1.0, 0.0]).p, 0.0);
    }
}

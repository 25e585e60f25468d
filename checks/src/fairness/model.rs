//! What each [`Pick`] predicts: the distribution of the next source when a given set of
//! sources is ready, for deterministic picks the exact order of the items, and — where the
//! answer depends on the merge's state — what the step-by-step model in `sim.rs` yields.
//! These are the expectations observed runs are tested against.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use lab_designs::concurrent::Pick;

use super::Workload;
use super::observe::window_of;
use super::sim::simulate;

use crate::stats::uniform_over;

/// Runs of the model behind a simulated prediction, and the seed they are drawn with. The
/// observed runs are compared with this sample by a two-sample (homogeneity) test, so the
/// model's own sampling error is accounted for at any number of observed runs.
pub const SIM_RUNS: u32 = 200_000;
pub const SIM_SEED: u64 = 0x5eed_0002;
/// Why the model has no arm for [`Pick::TaskOrder`]: such designs have no drain, so the
/// fairness check never runs them.
pub(crate) const UNMODELLED: &str =
    "a task-order pick is the executor's order and its designs have no drain to model";
/// Simulated runs that must agree before a model is taken as deterministic.
const DETERMINISM_RUNS: u32 = 20;

/// How a prediction was derived.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Basis {
    /// In closed form, or one simulated run of a model that draws no random numbers.
    Exact,
    /// The share of each outcome over [`SIM_RUNS`] simulated runs seeded with [`SIM_SEED`].
    Simulated,
}

/// What the model predicts for one workload's window (see `observe.rs` for the window).
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Each source's share of the window's items.
    pub window: Vec<f64>,
    /// Which source yields the first item of the window, where runs give independent draws of
    /// it (per run; per tick for same-ticks when the model is exact).
    pub first: Option<Vec<f64>>,
    /// The exact window, for models that draw no random numbers on this workload.
    pub sequence: Option<Vec<u16>>,
    /// Simulated models: the source with the largest share, and the distribution of its
    /// number of items in one run's window. Items within a run need not be independent draws,
    /// runs are, so this is what is tested.
    pub per_run: Option<(usize, Vec<f64>)>,
    pub basis: Basis,
    /// What the prediction depends on beyond the crate's code.
    pub depends_on_wake_order: bool,
}

/// The model's prediction for `pick` on `w`, derived once per process.
pub fn predict(pick: Pick, w: Workload) -> Prediction {
    static CACHE: OnceLock<Mutex<HashMap<String, Prediction>>> = OnceLock::new();
    let key = format!("{pick:?}/{w}");
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(p) = cache.lock().expect("cache").get(&key) {
        return p.clone();
    }
    let p = derive(pick, w);
    cache.lock().expect("cache").insert(key, p.clone());
    p
}

fn derive(pick: Pick, w: Workload) -> Prediction {
    let k = w.k();
    // FuturesUnordered serves wakes in the order they come, so on same-ticks its order is
    // the executor's timer order (a fresh uniform permutation each tick under
    // `TimerOrder::Seeded`), not anything in futures' code.
    let depends_on_wake_order = pick == Pick::RoundRobin && matches!(w, Workload::SameTicks { .. });
    let exact = |window: Vec<f64>, first: Vec<f64>, sequence| Prediction {
        window,
        first: Some(first),
        sequence,
        per_run: None,
        basis: Basis::Exact,
        depends_on_wake_order,
    };
    if let Workload::AlwaysReady { .. } = w {
        let all_ready = vec![true; k];
        let n = 4 * k;
        return match always_ready_sequence(pick, k, n) {
            Some(seq) => exact(shares(k, &seq), next_source(pick, &all_ready), Some(seq)),
            None => {
                let p = next_source(pick, &all_ready);
                exact(p.clone(), p, None)
            }
        };
    }
    if memoryless(pick) {
        // Every item of the window — and at each tick of same-ticks, whose sources all turn
        // ready together, the first — is drawn afresh from the same ready set.
        let p = next_source(pick, &w.window_ready());
        return exact(p.clone(), p, None);
    }
    let mut rng = fastrand::Rng::with_seed(SIM_SEED);
    let mut run = || window_of(w, &simulate(pick, w, &mut rng));
    // A model that draws random numbers but gives the same window in 20 runs is taken as
    // deterministic here: a random one would differ long before (its windows hold 8 or
    // more items with at least two choices each).
    let (a, b) = (run(), run());
    let repeats = a == b && (2..DETERMINISM_RUNS).all(|_| run() == a);
    if repeats && !depends_on_wake_order {
        let first = match w {
            Workload::SameTicks { .. } => shares(k, &a),
            _ => shares(k, &a[..1]),
        };
        return exact(shares(k, &a), first, Some(a));
    }
    let windows: Vec<Vec<u16>> = [a, b]
        .into_iter()
        .chain((2..SIM_RUNS).map(|_| run()))
        .collect();
    let all: Vec<u16> = windows.iter().flatten().copied().collect();
    let window = shares(k, &all);
    let first = match w {
        Workload::SameTicks { .. } => None,
        _ => Some(shares(
            k,
            &windows
                .iter()
                .filter_map(|w| w.first().copied())
                .collect::<Vec<_>>(),
        )),
    };
    let favoured = (0..k)
        .max_by(|&a, &b| window[a].total_cmp(&window[b]))
        .expect("k > 0");
    let len = windows.iter().map(Vec::len).max().unwrap_or(0);
    let mut per_run = vec![0.0; len + 1];
    for win in &windows {
        per_run[win.iter().filter(|&&s| s as usize == favoured).count()] += 1.0 / SIM_RUNS as f64;
    }
    Prediction {
        window,
        first,
        sequence: None,
        per_run: Some((favoured, per_run)),
        basis: Basis::Simulated,
        depends_on_wake_order,
    }
}

/// Each source's share of `seq`.
fn shares(k: usize, seq: &[u16]) -> Vec<f64> {
    let mut counts = vec![0u64; k];
    seq.iter().for_each(|&s| counts[s as usize] += 1);
    counts
        .iter()
        .map(|&c| c as f64 / seq.len().max(1) as f64)
        .collect()
}

/// Probability that each source yields the next item when the sources marked in `ready`
/// all have an item, for a merge in its initial state (or any state, for memoryless picks).
pub fn next_source(pick: Pick, ready: &[bool]) -> Vec<f64> {
    let k = ready.len();
    let first_ready = ready.iter().position(|r| *r);
    match pick {
        // Before anything finishes, a swap-removing map is a plain random start.
        Pick::Random | Pick::RandomSwapRemove => uniform_over(ready),
        Pick::RandomStart => random_start(ready),
        // A fresh rotation starts at source 0, so it behaves like a biased pick once.
        Pick::Biased
        | Pick::RoundRobin
        | Pick::RotatingStart
        | Pick::ChainAlternating
        | Pick::WokenRotation => (0..k)
            .map(|i| if Some(i) == first_ready { 1.0 } else { 0.0 })
            .collect(),
        Pick::ChainRandom => chain_random(ready),
        Pick::TaskOrder => unreachable!("{UNMODELLED}"),
    }
}

/// Whether [`next_source`] holds in every state, not only the initial one: then every item
/// (not only the first) follows it while the same sources are ready. (A swap-removing map
/// is not: the poll that finds a source finished favours the last one.)
pub fn memoryless(pick: Pick) -> bool {
    matches!(
        pick,
        Pick::Random | Pick::RandomStart | Pick::Biased | Pick::ChainRandom
    )
}

/// A uniformly random start slot, then in order: each ready source also collects the turns
/// of the finished slots just before it (cyclically).
fn random_start(ready: &[bool]) -> Vec<f64> {
    let k = ready.len();
    let mut dist = vec![0.0; k];
    if !ready.iter().any(|r| *r) {
        return dist;
    }
    for start in 0..k {
        let first = (0..k)
            .map(|d| (start + d) % k)
            .find(|&i| ready[i])
            .expect("one is ready");
        dist[first] += 1.0 / k as f64;
    }
    dist
}

/// `((s0 ⊕ s1) ⊕ s2) ⊕ ..`: the outermost merge tries `s(k-1)` or the inner chain first with
/// probability ½ each; an exhausted side passes to the other.
fn chain_random(ready: &[bool]) -> Vec<f64> {
    let k = ready.len();
    let mut dist = vec![0.0; k];
    fn go(ready: &[bool], upto: usize, weight: f64, dist: &mut [f64]) {
        if upto == 0 {
            dist[0] += weight;
            return;
        }
        let inner_ready = ready[..upto].iter().any(|r| *r);
        match (inner_ready, ready[upto]) {
            (true, true) => {
                go(ready, upto - 1, weight / 2.0, dist);
                dist[upto] += weight / 2.0;
            }
            (true, false) => go(ready, upto - 1, weight, dist),
            (false, _) => dist[upto] += weight,
        }
    }
    if ready.iter().any(|r| *r) {
        go(ready, k - 1, 1.0, &mut dist);
    }
    dist
}

/// Whether a pick gives `k` always-ready sources even shares: random picks, round-robins and
/// rotating starts do; a biased pick does not (beyond one source), and neither does a chain
/// of two-way merges beyond two sources (the last-merged source gets half, the rest halve
/// again down the chain, as seed 002 argues of async-std's chained `merge`).
pub fn is_fair(pick: Pick, k: usize) -> bool {
    match pick {
        Pick::Random
        | Pick::RandomStart
        | Pick::RandomSwapRemove
        | Pick::RoundRobin
        | Pick::RotatingStart
        | Pick::WokenRotation => true,
        Pick::Biased => k < 2,
        Pick::ChainRandom | Pick::ChainAlternating => k <= 2,
        Pick::TaskOrder => unreachable!("{UNMODELLED}"),
    }
}

/// Whether a pick should give every eligible source an even share of `workload`'s window:
/// the declared verdict on always-ready sources, and elsewhere whatever the model predicts.
/// A simulated prediction counts as even within 0.005 of uniform (its sampling error is
/// below 0.001) and as uneven beyond 0.02; in between the lab makes no claim (`None`).
pub fn expected_fair(pick: Pick, workload: Workload) -> Option<bool> {
    if let Workload::AlwaysReady { k } = workload {
        return Some(is_fair(pick, k));
    }
    let p = predict(pick, workload);
    let even = uniform_over(&workload.window_ready());
    let off = p
        .window
        .iter()
        .zip(&even)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    match p.basis {
        Basis::Exact => Some(off < 1e-9),
        Basis::Simulated if off < 0.005 => Some(true),
        Basis::Simulated if off > 0.02 => Some(false),
        Basis::Simulated => None,
    }
}

/// The first `n` sources a deterministic pick yields when all `k` sources are always ready
/// (and hold at least `n` items each); `None` for random picks.
pub fn always_ready_sequence(pick: Pick, k: usize, n: usize) -> Option<Vec<u16>> {
    let seq = match pick {
        Pick::Random | Pick::RandomStart | Pick::RandomSwapRemove | Pick::ChainRandom => {
            return None;
        }
        Pick::Biased => vec![0; n],
        Pick::RoundRobin | Pick::RotatingStart | Pick::WokenRotation => {
            (0..n).map(|i| (i % k) as u16).collect()
        }
        Pick::TaskOrder => unreachable!("{UNMODELLED}"),
        Pick::ChainAlternating => {
            // One "left first" flag per two-way merge; each flips whenever it is polled.
            let mut left_first = vec![true; k];
            (0..n)
                .map(|_| {
                    let mut node = k - 1;
                    loop {
                        if node == 0 {
                            break 0;
                        }
                        let left = left_first[node];
                        left_first[node] = !left;
                        if left {
                            node -= 1;
                        } else {
                            break node as u16;
                        }
                    }
                })
                .collect()
        }
    };
    Some(seq)
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;

//! Tests of the pick models.

use super::*;

#[test]
fn chained_coin_flips_halve_the_share_of_every_earlier_source() {
    // Seed 002: a.merge(b).merge(c).merge(d) picks d half the time, a and b an eighth.
    assert_eq!(
        next_source(Pick::ChainRandom, &[true; 4]),
        [0.125, 0.125, 0.25, 0.5]
    );
    assert_eq!(next_source(Pick::ChainRandom, &[true; 2]), [0.5, 0.5]);
    // With a exhausted, b takes its share: (b ⊕ c) ⊕ d.
    assert_eq!(
        next_source(Pick::ChainRandom, &[false, true, true, true]),
        [0.0, 0.25, 0.25, 0.5]
    );
}

#[test]
fn a_random_start_hands_a_finished_slot_to_the_next_source() {
    assert_eq!(next_source(Pick::RandomStart, &[true; 4]), [0.25; 4]);
    assert_eq!(
        next_source(Pick::RandomStart, &[false, true, true, true]),
        [0.0, 0.5, 0.25, 0.25]
    );
    assert_eq!(
        next_source(Pick::Random, &[false, true, true, true]),
        [0.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]
    );
}

#[test]
fn deterministic_sequences() {
    assert_eq!(
        always_ready_sequence(Pick::RoundRobin, 3, 7).unwrap(),
        [0, 1, 2, 0, 1, 2, 0]
    );
    // (s0 | s1) | s2: inner, s2, inner, s2, ...; the inner alternates s0, s1.
    assert_eq!(
        always_ready_sequence(Pick::ChainAlternating, 3, 6).unwrap(),
        [0, 2, 1, 2, 0, 2]
    );
    assert_eq!(
        always_ready_sequence(Pick::ChainAlternating, 2, 4).unwrap(),
        [0, 1, 0, 1]
    );
    assert!(always_ready_sequence(Pick::Random, 3, 6).is_none());
}

fn near(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

/// Each pick's same-ticks prediction, worked out by hand from the crate code quoted in
/// `sim.rs`, against what the model derives.
#[test]
fn same_ticks_predictions_follow_from_the_crates_code() {
    let w = Workload::SameTicks { k: 4 };
    // All four sources turn ready together: a fresh random draw among all four.
    for pick in [Pick::Random, Pick::RandomStart] {
        assert_eq!(predict(pick, w).window, [0.25; 4], "{pick:?}");
    }
    // StreamMap: nothing has finished when a tick starts, so its start is uniform.
    // select_all: the first woken is served first, and wakes come in a random order.
    for pick in [Pick::RandomSwapRemove, Pick::RoundRobin] {
        let p = predict(pick, w);
        assert!(
            near(&p.window, &[0.25; 4], 0.005),
            "{pick:?}: {:?}",
            p.window
        );
        assert_eq!(p.depends_on_wake_order, pick == Pick::RoundRobin);
    }
    assert_eq!(predict(Pick::Biased, w).window, [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(
        predict(Pick::ChainRandom, w).window,
        [0.125, 0.125, 0.25, 0.5]
    );
    // Four items and one pending poll a tick move the offset by five: one slot a tick,
    // starting at s1 because the poll at tick 0 (all pending) already moved it once.
    assert_eq!(
        predict(Pick::RotatingStart, w).sequence.unwrap(),
        [1, 2, 3, 0].repeat(4)
    );
    // Each tick polls the outer node five times (four items, one pending), so its flag
    // ends each tick flipped: s3 first, then s2 (the inner node's turn), and so on.
    assert_eq!(
        predict(Pick::ChainAlternating, w).sequence.unwrap(),
        [3, 2].repeat(8)
    );
}

#[test]
fn a_swap_removing_map_favours_the_last_source_until_the_finished_one_is_found() {
    let p = predict(Pick::RandomSwapRemove, Workload::EarlyExhausted { k: 4 });
    // The finished source lingers until a random start lands on it: each poll before
    // then gives s3 its own start and s0's (1/2), s1 and s2 a quarter each. So the first
    // item after s0's last is s3 with probability 1/2 exactly...
    assert!(near(
        p.first.as_ref().unwrap(),
        &[0.0, 0.25, 0.25, 0.5],
        0.005
    ));
    // ...and the window leans to s3 by more than the check can miss.
    assert!(p.window[3] > 0.37 && p.window[1] < 0.32, "{:?}", p.window);
    assert_eq!(p.basis, Basis::Simulated);
    assert_eq!(p.per_run.as_ref().unwrap().0, 3);
    assert_eq!(
        expected_fair(Pick::RandomSwapRemove, Workload::EarlyExhausted { k: 4 }),
        Some(false)
    );
}

#[test]
fn the_declared_always_ready_verdict_is_what_the_model_predicts() {
    for pick in Pick::ALL {
        for k in [2, 3, 4, 8] {
            let p = predict(pick, Workload::AlwaysReady { k });
            let even = p.window.iter().all(|s| (s - 1.0 / k as f64).abs() < 1e-9);
            assert_eq!(
                even,
                is_fair(pick, k),
                "{pick:?} at k = {k}: {:?}",
                p.window
            );
        }
    }
}

#[test]
fn the_simulator_agrees_with_the_closed_forms() {
    for pick in [
        Pick::Random,
        Pick::RandomStart,
        Pick::Biased,
        Pick::ChainRandom,
    ] {
        for w in [
            Workload::SameTicks { k: 4 },
            Workload::EarlyExhausted { k: 4 },
        ] {
            let mut rng = fastrand::Rng::with_seed(3);
            let mut counts = [0.0; 4];
            let runs = 20_000;
            let mut items = 0.0;
            for _ in 0..runs {
                for s in window_of(w, &simulate(pick, w, &mut rng)) {
                    counts[s as usize] += 1.0;
                    items += 1.0;
                }
            }
            let shares: Vec<f64> = counts.iter().map(|c| c / items).collect();
            let closed = next_source(pick, &w.window_ready());
            assert!(
                near(&shares, &closed, 0.01),
                "{pick:?} {w}: {shares:?} vs {closed:?}"
            );
        }
    }
}

//! Tests of the step-by-step pick simulation.

use super::*;

fn sources(seq: &[(u16, u64)]) -> Vec<u16> {
    seq.iter().map(|s| s.0).collect()
}

#[test]
fn every_model_drains_every_item() {
    let mut rng = fastrand::Rng::with_seed(1);
    for pick in Pick::ALL {
        for w in super::super::WORKLOADS {
            let seq = simulate(pick, *w, &mut rng);
            let mut counts = vec![0u32; w.k()];
            seq.iter().for_each(|s| counts[s.0 as usize] += 1);
            let expected: Vec<u32> = (0..w.k())
                .map(|i| match w {
                    Workload::SameTicks { .. } => TICKS as u32,
                    Workload::EarlyExhausted { .. } if i == 0 => SHORT,
                    _ => READY_ITEMS,
                })
                .collect();
            assert_eq!(counts, expected, "{pick:?} on {w}");
        }
    }
}

#[test]
fn the_simulated_chain_alternates_as_the_closed_form_does() {
    let mut rng = fastrand::Rng::with_seed(1);
    let seq = simulate(
        Pick::ChainAlternating,
        Workload::AlwaysReady { k: 3 },
        &mut rng,
    );
    assert_eq!(sources(&seq[..6]), [0, 2, 1, 2, 0, 2]);
}

#[test]
fn a_rotation_serves_a_new_source_first_each_tick() {
    // k items and one pending poll per tick move the offset by k + 1: one slot a tick.
    let mut rng = fastrand::Rng::with_seed(1);
    let seq = simulate(Pick::RotatingStart, Workload::SameTicks { k: 4 }, &mut rng);
    let firsts = first_of_each_tick(&seq, 4);
    assert_eq!(firsts, [1, 2, 3, 0]);
}

#[test]
fn a_woken_rotation_that_empties_each_tick_starts_every_tick_at_source_0() {
    // All k sources served in a tick move the start k slots: back to source 0. Unlike
    // futures-concurrency's offset, a pending poll does not move it.
    let mut rng = fastrand::Rng::with_seed(1);
    let seq = simulate(Pick::WokenRotation, Workload::SameTicks { k: 4 }, &mut rng);
    let firsts = first_of_each_tick(&seq, 4);
    assert_eq!(firsts, [0, 0, 0, 0]);
    let early = simulate(
        Pick::WokenRotation,
        Workload::EarlyExhausted { k: 3 },
        &mut rng,
    );
    assert_eq!(sources(&early[..6]), [0, 1, 2, 0, 1, 2]);
}

/// The source served first at each of ticks 1..=n.
fn first_of_each_tick(seq: &[(u16, u64)], n: u64) -> Vec<u16> {
    (1..=n)
        .map(|t| seq.iter().find(|s| s.1 == t).unwrap().0)
        .collect()
}

//! A step-by-step model of each [`Pick`]: the crate's choice logic (the lab's own
//! `FairMerge` for `WokenRotation`), transcribed from its
//! source, run against simulated sources on the same workloads the designs drain. Where a
//! closed form would need an argument about state (which source a rotation reaches at each
//! tick, how long a finished entry lingers in a `StreamMap`), the simulator derives the
//! expectation instead; nothing in it is taken from a measured run.

use std::collections::VecDeque;
use std::task::Poll;

use lab_designs::concurrent::Pick;

use super::observe::{READY_ITEMS, SHORT, TICKS, Workload};

struct SimSource {
    left: u32,
    /// Whether the next item is ready now.
    ready: bool,
    /// Same-ticks: the next item is due at the next tick once this one is taken.
    per_tick: bool,
    /// Polled while not ready, so it holds a timer that will wake it.
    waiting: bool,
}

/// What each pick keeps between polls.
enum State {
    Stateless,
    /// `select_all`: `FuturesUnordered`'s ready-to-run queue, and the streams still in it.
    RoundRobin {
        queue: VecDeque<usize>,
        live: usize,
    },
    /// futures-concurrency's `Merge`: the indexer's offset, its per-stream readiness flags
    /// (all set at first), and which streams are done.
    Rotating {
        offset: usize,
        flags: Vec<bool>,
        done: Vec<bool>,
    },
    /// One "left first" flag per two-way node; node `n` merges the chain up to `s(n-1)` with
    /// `s(n)`.
    Alternating(Vec<bool>),
    /// The lab's `FairMerge`: where the next round starts, each source's woken flag (all set
    /// at first), and which sources are done.
    Woken {
        next: usize,
        flags: Vec<bool>,
        done: Vec<bool>,
    },
    /// `StreamMap::entries`, as source ids.
    SwapRemove(Vec<usize>),
}

struct Sim<'a> {
    pick: Pick,
    sources: Vec<SimSource>,
    state: State,
    rng: &'a mut fastrand::Rng,
}

impl Sim<'_> {
    fn poll_source(&mut self, i: usize) -> Poll<Option<()>> {
        let s = &mut self.sources[i];
        if s.left == 0 {
            Poll::Ready(None)
        } else if !s.ready {
            s.waiting = true;
            Poll::Pending
        } else {
            s.left -= 1;
            if s.per_tick {
                s.ready = false;
            }
            Poll::Ready(Some(()))
        }
    }

    /// One `poll_next` of the merged stream: the source that yields, `None` at the end.
    fn poll(&mut self) -> Poll<Option<usize>> {
        let k = self.sources.len();
        match self.pick {
            // futures' `select!` shuffles its branches and skips terminated ones.
            Pick::Random => {
                let mut order: Vec<usize> = (0..k).filter(|&i| self.sources[i].left > 0).collect();
                if order.is_empty() {
                    return Poll::Ready(None);
                }
                self.rng.shuffle(&mut order);
                for i in order {
                    if let Poll::Ready(Some(())) = self.poll_source(i) {
                        return Poll::Ready(Some(i));
                    }
                }
                Poll::Pending
            }
            // tokio's `select!` (from `thread_rng_n(BRANCHES)`, or 0 with `biased;`) goes round
            // once; a `None` fails the `Some(..)` pattern and disables the branch for this turn.
            Pick::RandomStart | Pick::Biased => {
                let start = if self.pick == Pick::Biased {
                    0
                } else {
                    self.rng.usize(..k)
                };
                let mut live = false;
                for j in 0..k {
                    let i = (start + j) % k;
                    match self.poll_source(i) {
                        Poll::Ready(Some(())) => return Poll::Ready(Some(i)),
                        Poll::Ready(None) => {}
                        Poll::Pending => live = true,
                    }
                }
                if live {
                    Poll::Pending
                } else {
                    Poll::Ready(None)
                }
            }
            Pick::ChainRandom => self.coin_node(k - 1),
            Pick::ChainAlternating => self.alternating_node(k - 1),
            Pick::RoundRobin => self.futures_unordered(),
            Pick::RotatingStart => self.rotating(),
            Pick::RandomSwapRemove => self.stream_map(),
            Pick::WokenRotation => self.woken_rotation(),
            Pick::TaskOrder => unreachable!("{}", super::model::UNMODELLED),
        }
    }

    /// async-std `Merge::poll_next`: `utils::random(2)` picks the first side; a finished first
    /// side hands over to the second; a pending one only to an item of the second.
    fn coin_node(&mut self, n: usize) -> Poll<Option<usize>> {
        if n == 0 {
            return self.poll_source(0).map(|o| o.map(|()| 0));
        }
        let inner_first = self.rng.bool();
        let side = |sim: &mut Self, inner: bool| {
            if inner {
                sim.coin_node(n - 1)
            } else {
                sim.poll_source(n).map(|o| o.map(|()| n))
            }
        };
        match side(self, inner_first) {
            Poll::Ready(None) => side(self, !inner_first),
            Poll::Ready(some) => Poll::Ready(some),
            Poll::Pending => match side(self, !inner_first) {
                Poll::Ready(Some(i)) => Poll::Ready(Some(i)),
                _ => Poll::Pending,
            },
        }
    }

    /// tokio-stream `Merge::poll_next` flips `a_first` on every poll, whatever it returns, and
    /// so does futures' `select` (`PollNext::toggle` on every poll in its `Start` state). Once a
    /// side is finished futures stops toggling and tokio-stream keeps toggling past a fused
    /// side: either way the node yields what the other side yields, so one model serves both.
    fn alternating_node(&mut self, n: usize) -> Poll<Option<usize>> {
        if n == 0 {
            return self.poll_source(0).map(|o| o.map(|()| 0));
        }
        let State::Alternating(left_first) = &mut self.state else {
            unreachable!("alternating state")
        };
        let inner_first = left_first[n];
        left_first[n] = !inner_first;
        let side = |sim: &mut Self, inner: bool| {
            if inner {
                sim.alternating_node(n - 1)
            } else {
                sim.poll_source(n).map(|o| o.map(|()| n))
            }
        };
        let mut done = true;
        for inner in [inner_first, !inner_first] {
            match side(self, inner) {
                Poll::Ready(Some(i)) => return Poll::Ready(Some(i)),
                Poll::Ready(None) => {}
                Poll::Pending => done = false,
            }
        }
        if done {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }

    /// `select_all`: `FuturesUnordered` polls its ready-to-run queue in order; a stream that
    /// yields is pushed back (to the tail of the queue), a finished one is dropped, a pending
    /// one re-enters the queue only when its waker fires.
    fn futures_unordered(&mut self) -> Poll<Option<usize>> {
        loop {
            let State::RoundRobin { queue, live } = &mut self.state else {
                unreachable!("round-robin state")
            };
            let Some(i) = queue.pop_front() else {
                return if *live == 0 {
                    Poll::Ready(None)
                } else {
                    Poll::Pending
                };
            };
            let polled = self.poll_source(i);
            let State::RoundRobin { queue, live } = &mut self.state else {
                unreachable!("round-robin state")
            };
            match polled {
                Poll::Ready(Some(())) => {
                    queue.push_back(i);
                    return Poll::Ready(Some(i));
                }
                Poll::Ready(None) => *live -= 1,
                Poll::Pending => {}
            }
        }
    }

    /// futures-concurrency `Merge::poll_next` (`stream/merge/vec.rs`; the tuple form is the
    /// same): the indexer's offset advances on every poll; only streams whose readiness flag
    /// is set are polled, the flag is cleared before the poll and set again after an item.
    fn rotating(&mut self) -> Poll<Option<usize>> {
        let k = self.sources.len();
        let State::Rotating { offset, done, .. } = &mut self.state else {
            unreachable!("rotating state")
        };
        if done.iter().all(|d| *d) {
            return Poll::Ready(None);
        }
        let start = *offset;
        *offset = (start + 1) % k;
        for j in 0..k {
            let i = (start + j) % k;
            let State::Rotating { flags, done, .. } = &mut self.state else {
                unreachable!("rotating state")
            };
            if !flags.iter().any(|f| *f) {
                return Poll::Pending;
            }
            if !flags[i] || done[i] {
                continue;
            }
            flags[i] = false;
            let polled = self.poll_source(i);
            let State::Rotating { flags, done, .. } = &mut self.state else {
                unreachable!("rotating state")
            };
            match polled {
                Poll::Ready(Some(())) => {
                    flags[i] = true;
                    return Poll::Ready(Some(i));
                }
                Poll::Ready(None) => {
                    done[i] = true;
                    if done.iter().all(|d| *d) {
                        return Poll::Ready(None);
                    }
                }
                Poll::Pending => {}
            }
        }
        Poll::Pending
    }

    /// `lab_reference::fair_merge::FairMerge::poll_next`: from one past the source served
    /// last, the first woken source that yields; its flag is cleared before the poll and set
    /// again after an item.
    fn woken_rotation(&mut self) -> Poll<Option<usize>> {
        let k = self.sources.len();
        let State::Woken { next, .. } = &self.state else {
            unreachable!("woken state")
        };
        let start = *next;
        for j in 0..k {
            let i = (start + j) % k;
            let State::Woken { flags, done, .. } = &mut self.state else {
                unreachable!("woken state")
            };
            if done[i] || !flags[i] {
                continue;
            }
            flags[i] = false;
            let polled = self.poll_source(i);
            let State::Woken { next, flags, done } = &mut self.state else {
                unreachable!("woken state")
            };
            match polled {
                Poll::Ready(Some(())) => {
                    flags[i] = true;
                    *next = i + 1;
                    return Poll::Ready(Some(i));
                }
                Poll::Ready(None) => done[i] = true,
                Poll::Pending => {}
            }
        }
        let State::Woken { done, .. } = &self.state else {
            unreachable!("woken state")
        };
        if done.iter().all(|d| *d) {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }

    /// tokio-stream `StreamMap::poll_next_entry`, line for line.
    fn stream_map(&mut self) -> Poll<Option<usize>> {
        let State::SwapRemove(entries) = &self.state else {
            unreachable!("swap-remove state")
        };
        let len = entries.len();
        if len == 0 {
            return Poll::Ready(None);
        }
        let start = self.rng.usize(..len);
        let mut idx = start;
        for _ in 0..len {
            let State::SwapRemove(entries) = &self.state else {
                unreachable!("swap-remove state")
            };
            let source = entries[idx];
            let polled = self.poll_source(source);
            let State::SwapRemove(entries) = &mut self.state else {
                unreachable!("swap-remove state")
            };
            match polled {
                Poll::Ready(Some(())) => return Poll::Ready(Some(source)),
                Poll::Ready(None) => {
                    entries.swap_remove(idx);
                    if idx == entries.len() {
                        idx = 0;
                    } else if idx < start && start <= entries.len() {
                        idx = (idx + 1) % entries.len();
                    }
                }
                Poll::Pending => idx = (idx + 1) % entries.len(),
            }
        }
        if entries_empty(&self.state) {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }

    /// Wakes the sources whose timers fire, in the order given.
    fn wake(&mut self, order: &[usize]) {
        for &i in order {
            self.sources[i].ready = true;
            self.sources[i].waiting = false;
        }
        match &mut self.state {
            State::RoundRobin { queue, .. } => queue.extend(order),
            State::Rotating { flags, .. } | State::Woken { flags, .. } => {
                order.iter().for_each(|&i| flags[i] = true)
            }
            _ => {}
        }
    }
}

fn entries_empty(state: &State) -> bool {
    matches!(state, State::SwapRemove(e) if e.is_empty())
}

/// One simulated drain of `w` by a merge that picks like `pick`: the source and tick of every
/// item, as [`super::observe`] records them. Timers due at the same tick wake in a uniformly
/// random order drawn from `rng`, as the executor's `TimerOrder::Seeded` does.
pub fn simulate(pick: Pick, w: Workload, rng: &mut fastrand::Rng) -> Vec<(u16, u64)> {
    let k = w.k();
    let sources = (0..k)
        .map(|i| match w {
            Workload::AlwaysReady { .. } => (READY_ITEMS, true, false),
            Workload::SameTicks { .. } => (TICKS as u32, false, true),
            Workload::EarlyExhausted { .. } => {
                (if i == 0 { SHORT } else { READY_ITEMS }, true, false)
            }
        })
        .map(|(left, ready, per_tick)| SimSource {
            left,
            ready,
            per_tick,
            waiting: false,
        })
        .collect();
    let state = match pick {
        Pick::TaskOrder => unreachable!("{}", super::model::UNMODELLED),
        Pick::RoundRobin => State::RoundRobin {
            queue: (0..k).collect(),
            live: k,
        },
        Pick::RotatingStart => State::Rotating {
            offset: 0,
            flags: vec![true; k],
            done: vec![false; k],
        },
        Pick::ChainAlternating => State::Alternating(vec![true; k]),
        Pick::WokenRotation => State::Woken {
            next: 0,
            flags: vec![true; k],
            done: vec![false; k],
        },
        Pick::RandomSwapRemove => State::SwapRemove((0..k).collect()),
        Pick::Random | Pick::RandomStart | Pick::Biased | Pick::ChainRandom => State::Stateless,
    };
    let mut sim = Sim {
        pick,
        sources,
        state,
        rng,
    };
    let mut tick = 0;
    let mut out = Vec::new();
    loop {
        match sim.poll() {
            Poll::Ready(Some(i)) => out.push((i as u16, tick)),
            Poll::Ready(None) => return out,
            Poll::Pending => {
                let mut woken: Vec<usize> = (0..k).filter(|&i| sim.sources[i].waiting).collect();
                assert!(
                    !woken.is_empty(),
                    "{pick:?} on {w}: pending with no timer set"
                );
                tick += 1;
                sim.rng.shuffle(&mut woken);
                sim.wake(&woken);
            }
        }
    }
}

#[cfg(test)]
#[path = "sim_tests.rs"]
mod tests;

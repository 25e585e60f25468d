//! Cancellation safety of `next()` (seed 001): call `next()`, poll the future a scripted
//! number of times, drop it if it is still pending, and call `next()` again — at random
//! points, on the line splitter and the batch reader. Every line and item must still come
//! out exactly once, in order.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use lab_designs::iterator::{self, IterDesign, NextSource};
use lab_executor::schedule::Fifo;
use lab_executor::{Clock, Config, Executor, Outcome, Scheduler};
use lab_findings::{Finding, Verdict};
use lab_workloads::{Audit, Batch, BatchScript, Item, LinesScript};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

use crate::check::{CheckInfo, Kind};
use crate::property::{self, PropertyCheck, PropertySettings};
use crate::{ITERATOR, design_ref};

pub const CHECK: &str = "cancellation";

pub static CANCELLATION: PropertyCheck = PropertyCheck {
    info: CheckInfo {
        id: CHECK,
        question: ITERATOR,
        kind: Kind::PerDesign,
        about: "next() dropped after a few polls and called again: is every line and item kept?",
        title: "Cancellation safety of next(): poll_next vs async fn next",
    },
    lead: "Seed 001: with poll_next all state lives in the pinned iterator, so dropping a next() \
           future loses nothing; an async fn next keeps state in its future unless written \
           carefully. Two workloads in every style: a line splitter over a reader whose byte \
           chunks arrive at scripted ticks, and a batch reader that decodes each item \
           asynchronously. A seeded proptest calls next(), polls it a scripted number of \
           times, drops it if still pending and calls again, at random points; every line and \
           item must come out exactly once, in order.",
    tail: "",
    labels: &LABELS,
    designs: || crate::design_ids(ITERATOR),
    run_one: |id, settings, progress| Ok(check(iterator::by_id(id)?, settings, progress)),
};

/// One input: both workloads and when to give up on `next()` futures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub lines: LinesScript,
    pub batches: BatchScript,
    /// For the k-th call of `next()`: poll it at most this many times, then drop it if it is
    /// still pending (0: await it to the end). Calls past the list are awaited.
    pub give_up_after: Vec<u8>,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; {}; give up on next() after polls {:?}",
            self.lines, self.batches, self.give_up_after
        )
    }
}

/// Texts of up to 5 lines of up to 4 letters, cut into chunks of 1–5 bytes arriving 0–2
/// ticks apart; up to 4 batches of 1–3 items; decode costs 0–1 ticks; up to 10 give-ups.
pub fn cases() -> impl Strategy<Value = Case> {
    let text = prop::collection::vec(
        prop::collection::vec(b'a'..=LAST_LETTER, 0..=MAX_LINE),
        0..=MAX_LINES,
    );
    let cuts = prop::collection::vec((1..=MAX_CUT, 0..=MAX_CHUNK_GAP), 1..=MAX_CUTS);
    let batches = prop::collection::vec((0..=MAX_BATCH_GAP, 1..=MAX_BATCH), 0..=MAX_BATCHES);
    (
        text,
        cuts,
        batches,
        0..=MAX_DECODE_TICKS,
        prop::collection::vec(0..=MAX_GIVE_UP, 0..=MAX_GIVE_UPS),
    )
        .prop_map(|(lines, cuts, batches, decode_ticks, give_up_after)| {
            case(lines, &cuts, batches, decode_ticks, give_up_after)
        })
}

/// The space of cases: shared by the proptest strategy and the fuzz decoder
/// ([`crate::fuzzing`]), so both search the same inputs.
pub const LAST_LETTER: u8 = b'e';
pub const MAX_LINE: usize = 4;
pub const MAX_LINES: usize = 5;
pub const MAX_CUT: usize = 5;
pub const MAX_CHUNK_GAP: u64 = 2;
pub const MAX_CUTS: usize = 8;
pub const MAX_BATCH_GAP: u64 = 2;
pub const MAX_BATCH: u32 = 3;
pub const MAX_BATCHES: usize = 4;
pub const MAX_DECODE_TICKS: u64 = 1;
pub const MAX_GIVE_UP: u8 = 3;
pub const MAX_GIVE_UPS: usize = 10;

/// A case from its parts: the lines' letters, (length, gap) of the chunks they are cut into
/// (repeated until the text is used up; at least one), (gap, length) per batch, the decode
/// cost, and the give-ups.
pub fn case(
    lines: Vec<Vec<u8>>,
    cuts: &[(usize, u64)],
    batches: Vec<(u64, u32)>,
    decode_ticks: u64,
    give_up_after: Vec<u8>,
) -> Case {
    let text: Vec<u8> = lines
        .into_iter()
        .flat_map(|mut l| {
            l.push(b'\n');
            l
        })
        .collect();
    let mut chunks = Vec::new();
    let (mut at, mut t) = (0, 0);
    for &(len, gap) in cuts.iter().cycle() {
        if at >= text.len() {
            break;
        }
        t += gap;
        let end = (at + len).min(text.len());
        chunks.push((t, text[at..end].to_vec()));
        at = end;
    }
    let mut t = 0;
    let batches = batches
        .into_iter()
        .map(|(gap, len)| {
            t += gap;
            Batch { at: t, len }
        })
        .collect();
    Case {
        lines: LinesScript { chunks },
        batches: BatchScript {
            batches,
            decode_ticks,
        },
        give_up_after,
    }
}

/// Polls `fut` at most `polls` times; `None` if it was still pending then (it is dropped).
struct AtMost<F> {
    fut: F,
    polls: u8,
}

impl<F: Future + Unpin> Future for AtMost<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(out) = Pin::new(&mut self.fut).poll(cx) {
            return Poll::Ready(Some(out));
        }
        self.polls -= 1;
        if self.polls == 0 {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }
}

/// Calls `next()` until the end, giving up on calls as `give_up_after` says.
async fn drive<T>(src: &mut dyn NextSource<T>, give_up_after: &[u8]) -> (Vec<T>, u64) {
    let (mut out, mut dropped) = (Vec::new(), 0);
    for call in 0.. {
        let fut = src.next();
        let result = match give_up_after.get(call).copied().unwrap_or(0) {
            0 => Some(fut.await),
            polls => AtMost { fut, polls }.await,
        };
        match result {
            Some(Some(x)) => out.push(x),
            Some(None) => break,
            None => dropped += 1,
        }
    }
    (out, dropped)
}

/// Lines, each without its `\n`.
pub type Lines = Vec<Vec<u8>>;

#[derive(Debug)]
pub struct NextRun {
    pub outcome: Outcome<()>,
    /// Expected and delivered lines, for designs that have a line splitter.
    pub lines: Option<(Lines, Lines)>,
    pub items: Audit,
    pub dropped: u64,
}

impl NextRun {
    fn lines_ok(&self) -> bool {
        self.lines.as_ref().is_none_or(|(want, got)| want == got)
    }

    fn lost_bytes(&self) -> u64 {
        self.lines.as_ref().map_or(0, |(want, got)| {
            let n = |v: &Lines| v.iter().map(|l| l.len() as u64 + 1).sum::<u64>();
            n(want).saturating_sub(n(got))
        })
    }
}

impl property::Trial for NextRun {
    fn verdict(&self) -> Verdict {
        crate::verdict_of(
            self.outcome
                .as_ref()
                .map(|_| self.lines_ok() && self.items.is_clean()),
        )
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !matches!(self.outcome, Outcome::Completed(())) {
            parts.push(self.outcome.to_string());
        }
        if let Some((want, got)) = self.lines.as_ref().filter(|_| !self.lines_ok()) {
            let show = |v: &Lines| {
                v.iter()
                    .map(|l| format!("{:?}", String::from_utf8_lossy(l)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            parts.push(format!(
                "lines: expected [{}], got [{}] ({} bytes lost)",
                show(want),
                show(got),
                self.lost_bytes()
            ));
        }
        let list = |items: &[Item]| {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        };
        if !self.items.lost.is_empty() {
            parts.push(format!("items lost: {}", list(&self.items.lost)));
        }
        if !self.items.duplicated.is_empty() {
            parts.push(format!(
                "items duplicated: {}",
                list(&self.items.duplicated)
            ));
        }
        if !self.items.out_of_order.is_empty() {
            parts.push(format!(
                "items out of order: {}",
                list(&self.items.out_of_order)
            ));
        }
        if parts.is_empty() {
            return "every line and item delivered once, in order".into();
        }
        parts.push(format!("{} next() future(s) dropped", self.dropped));
        parts.join("; ")
    }

    fn produced(&self) -> u64 {
        let bytes = self
            .lines
            .as_ref()
            .map_or(0, |(want, _)| want.iter().map(|l| l.len() as u64 + 1).sum());
        bytes + self.items.expected as u64
    }

    fn lost(&self) -> u64 {
        self.lost_bytes() + self.items.lost.len() as u64
    }

    fn cancelled(&self) -> u64 {
        self.dropped
    }
}

pub fn trial(design: &dyn IterDesign, case: &Case, max_polls: u64) -> NextRun {
    trial_with(design, case, max_polls, Fifo)
}

/// [`trial`] under `scheduler` (one task, so its only choices are timers due together).
pub fn trial_with(
    design: &dyn IterDesign,
    case: &Case,
    max_polls: u64,
    scheduler: impl Scheduler + 'static,
) -> NextRun {
    let exec = Executor::with_scheduler(Config::with_max_polls(max_polls), scheduler);
    let calls = calls(design, case, exec.handle().clock());
    judge(design, case, exec.run(calls).outcome)
}

/// What the `next()` calls of one case delivered.
pub struct Delivered {
    /// The lines, for a design that has a line splitter.
    pub lines: Option<Lines>,
    pub items: Vec<Item>,
    pub dropped: u64,
}

/// The `next()` calls of `case` (the line splitter's, then the batch reader's), over
/// sources timed by `clock`: the lab's virtual clock or a real runtime's.
pub fn calls(
    design: &dyn IterDesign,
    case: &Case,
    clock: &Clock,
) -> impl Future<Output = Delivered> + 'static {
    let sources = design.inputs() as u16;
    let mut lines = design
        .line_splitter()
        .map(|s| s.lines(lab_workloads::ChunkReader::new(clock.clone(), &case.lines)));
    let mut batches = design.batches(case.batches.open(clock, sources));
    let give_up = case.give_up_after.clone();
    async move {
        let mut got_lines = None;
        let mut dropped = 0;
        if let Some(src) = lines.as_deref_mut() {
            let (l, d) = drive(src, &give_up).await;
            got_lines = Some(l);
            dropped += d;
        }
        let (items, d) = drive(batches.as_mut(), &give_up).await;
        Delivered {
            lines: got_lines,
            items,
            dropped: dropped + d,
        }
    }
}

/// How `case` went for `design`, from the outcome of its [`calls`].
pub fn judge(design: &dyn IterDesign, case: &Case, outcome: Outcome<Delivered>) -> NextRun {
    let expected = case.batches.expected(design.inputs() as u16);
    let (outcome, got) = match outcome {
        Outcome::Completed(got) => (Outcome::Completed(()), got),
        other => (
            other.map(|_| ()),
            Delivered {
                lines: None,
                items: Vec::new(),
                dropped: 0,
            },
        ),
    };
    NextRun {
        lines: got.lines.map(|got| (case.lines.expected(), got)),
        items: Audit::new(&expected, &got.items),
        outcome,
        dropped: got.dropped,
    }
}

const LABELS: property::Labels = property::Labels {
    unit: "bytes and items",
    inputs: "cases",
    cancelled: "next() futures dropped",
};

pub fn check(design: &dyn IterDesign, settings: &PropertySettings, progress: &dyn Fn()) -> Finding {
    let info = design.info();
    let outcome = property::check(&cases(), settings, &LABELS, |case| {
        progress();
        trial(design, case, settings.max_polls)
    });
    let expected = if design.cancel_safe() {
        Verdict::Pass
    } else {
        Verdict::Fail
    };
    outcome.into_finding(ITERATOR, CHECK, design_ref(&info), expected, settings)
}

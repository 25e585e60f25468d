//! The fuzz targets' bodies: `fuzz/` calls [`run`], and `checks/tests/fuzz_corpus.rs` replays
//! the checked-in corpus and minimized crashes through it on stable. Input bytes decode
//! (with `arbitrary`) into the same scripts the property checks generate — the same ranges
//! and the same assembly as their proptest strategies — and the bytes left over are the
//! schedule, one choice each (exhausted: FIFO; the cancellation target is one task whose
//! timers due together all wake the same waker, so its bytes change nothing there). A crash
//! names the target, the design, the decoded script and the schedule string that
//! `lab replay` takes. The decoders and the proptest strategies share each check's ranges
//! and assembly; they sample differently (the decoder reduces bytes modulo each range).

use std::fmt;

use arbitrary::{Result as Decoded, Unstructured};
use lab_designs::{concurrent, iterator};
use lab_executor::schedule::Replay;
use lab_workloads::ReadSendScript;

use crate::cancellation::{self, Case};
use crate::property::Trial;
use crate::{data_loss, schedules, stream_end};

/// One fuzz target per property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The data-loss race, one task (but for a design that spawns its own).
    DataLoss,
    /// The data-loss race with the packet producer as its own task.
    Schedules,
    /// The race with no packets, the packet stream ending at a scripted tick.
    StreamEnd,
    /// Dropping `next()` futures of the iterator designs.
    Cancellation,
}

pub const TARGETS: &[Target] = &[
    Target::DataLoss,
    Target::Schedules,
    Target::StreamEnd,
    Target::Cancellation,
];

impl Target {
    pub fn id(self) -> &'static str {
        match self {
            Target::DataLoss => "data_loss",
            Target::Schedules => "schedules",
            Target::StreamEnd => "stream_end",
            Target::Cancellation => "cancellation",
        }
    }

    pub fn by_id(id: &str) -> Result<Self, String> {
        TARGETS
            .iter()
            .copied()
            .find(|t| t.id() == id)
            .ok_or_else(|| {
                let ids: Vec<_> = TARGETS.iter().map(|t| t.id()).collect();
                format!("unknown fuzz target {id:?}; targets: {}", ids.join(", "))
            })
    }

    /// The designs the lab declares safe for this property: the ones a target runs unless
    /// told otherwise.
    pub fn safe_designs(self) -> Vec<&'static str> {
        match self {
            Target::DataLoss | Target::Schedules => concurrent::all()
                .iter()
                .filter(|d| !d.declares().expects_loss && !d.declares().never_ends)
                .map(|d| d.info().id)
                .collect(),
            Target::StreamEnd => concurrent::all()
                .iter()
                .filter(|d| !d.declares().loses_at_stream_end && !d.declares().never_ends)
                .map(|d| d.info().id)
                .collect(),
            Target::Cancellation => iterator::all()
                .iter()
                .filter(|d| d.cancel_safe())
                .map(|d| d.info().id)
                .collect(),
        }
    }

    /// The designs declared to break the property: each must be found.
    pub fn known_bad(self) -> Vec<&'static str> {
        let safe = self.safe_designs();
        let all: Vec<&'static str> = match self {
            Target::DataLoss | Target::Schedules | Target::StreamEnd => {
                concurrent::all().iter().map(|d| d.info().id).collect()
            }
            Target::Cancellation => iterator::all().iter().map(|d| d.info().id).collect(),
        };
        all.into_iter().filter(|d| !safe.contains(d)).collect()
    }
}

/// What a target found: everything needed to read and replay it.
#[derive(Debug)]
pub struct Crash {
    pub target: Target,
    pub design: String,
    /// The decoded input, for a reader.
    pub input: String,
    /// The decoded input as JSON (`lab replay --script` takes a data-loss script).
    pub json: String,
    pub schedule: String,
    pub failure: String,
}

impl fmt::Display for Crash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} broke {}: {}\n  input: {}\n  schedule: {}\n  replay: ",
            self.design,
            self.target.id(),
            self.failure,
            self.input,
            if self.schedule.is_empty() {
                "(FIFO)"
            } else {
                &self.schedule
            },
        )?;
        match self.target {
            Target::Cancellation => {
                write!(
                    f,
                    "copy the input into fuzz/regressions/cancellation/{}.bin: just test replays it",
                    self.design
                )
            }
            t => write!(
                f,
                "lab replay --target {} --design {} --script '{}' --schedule '{}'",
                t.id(),
                self.design,
                self.json,
                self.schedule
            ),
        }
    }
}

/// The data-loss script in `u`, in the check's own space.
pub fn script(u: &mut Unstructured) -> Decoded<ReadSendScript> {
    let mut batches = Vec::new();
    for _ in 0..u.int_in_range(0..=data_loss::MAX_BATCHES)? {
        batches.push((
            u.int_in_range(0..=data_loss::MAX_GAP)?,
            u.int_in_range(1..=data_loss::MAX_BATCH)?,
        ));
    }
    let mut gaps = Vec::new();
    for _ in 0..u.int_in_range(0..=data_loss::MAX_PACKETS)? {
        gaps.push(u.int_in_range(0..=data_loss::MAX_GAP)?);
    }
    let send = u.int_in_range(0..=data_loss::MAX_SEND_TICKS)?;
    Ok(data_loss::script(batches, gaps, send))
}

/// The stream-end script in `u`, in that check's own space.
pub fn stream_end_script(u: &mut Unstructured) -> Decoded<ReadSendScript> {
    let mut batches = Vec::new();
    for _ in 0..u.int_in_range(0..=data_loss::MAX_BATCHES)? {
        batches.push((
            u.int_in_range(0..=data_loss::MAX_GAP)?,
            u.int_in_range(1..=data_loss::MAX_BATCH)?,
        ));
    }
    let end = u.int_in_range(0..=stream_end::MAX_END)?;
    let send = u.int_in_range(0..=data_loss::MAX_SEND_TICKS)?;
    Ok(stream_end::script(batches, end, send))
}

/// The cancellation case in `u`, in the check's own space.
pub fn case(u: &mut Unstructured) -> Decoded<Case> {
    use cancellation::*;
    let mut lines = Vec::new();
    for _ in 0..u.int_in_range(0..=MAX_LINES)? {
        let mut line = Vec::new();
        for _ in 0..u.int_in_range(0..=MAX_LINE)? {
            line.push(u.int_in_range(b'a'..=LAST_LETTER)?);
        }
        lines.push(line);
    }
    let mut cuts = Vec::new();
    for _ in 0..u.int_in_range(1..=MAX_CUTS)? {
        cuts.push((
            u.int_in_range(1..=MAX_CUT)?,
            u.int_in_range(0..=MAX_CHUNK_GAP)?,
        ));
    }
    let mut batches = Vec::new();
    for _ in 0..u.int_in_range(0..=MAX_BATCHES)? {
        batches.push((
            u.int_in_range(0..=MAX_BATCH_GAP)?,
            u.int_in_range(1..=MAX_BATCH)?,
        ));
    }
    let decode = u.int_in_range(0..=MAX_DECODE_TICKS)?;
    let mut give_up = Vec::new();
    for _ in 0..u.int_in_range(0..=MAX_GIVE_UPS)? {
        give_up.push(u.int_in_range(0..=MAX_GIVE_UP)?);
    }
    Ok(cancellation::case(lines, &cuts, batches, decode, give_up))
}

use crate::schedules::MAX_POLLS;

/// Runs `target` on `data` for each of `designs`: the first that breaks the property is
/// the crash. Inputs too short to decode are run as far as they decode (`arbitrary` fills
/// missing bytes with zeros), so every input is a case.
pub fn run(target: Target, data: &[u8], designs: &[&str]) -> Result<(), Box<Crash>> {
    let mut u = Unstructured::new(data);
    match target {
        Target::DataLoss | Target::Schedules | Target::StreamEnd => {
            let script = match target {
                Target::StreamEnd => stream_end_script(&mut u),
                _ => script(&mut u),
            }
            .expect("decoding never fails on short input");
            let rest = u.take_rest();
            for &id in designs {
                let design = concurrent::by_id(id).expect("a known design");
                let replay = Replay::from_bytes(rest);
                let (failed, failure, schedule) = if target != Target::Schedules {
                    let r = data_loss::trial_with(design, &script, MAX_POLLS, replay);
                    let schedule = r.schedule.trimmed().to_string();
                    (
                        r.verdict() != lab_findings::Verdict::Pass,
                        r.describe(),
                        schedule,
                    )
                } else {
                    let r = schedules::run(design, &script, replay);
                    (
                        r.broke(),
                        schedules::describe(&r),
                        r.schedule.trimmed().to_string(),
                    )
                };
                if failed {
                    return Err(Box::new(Crash {
                        target,
                        design: id.into(),
                        input: script.to_string(),
                        json: serde_json::to_string(&script).expect("a script serializes"),
                        schedule,
                        failure,
                    }));
                }
            }
        }
        Target::Cancellation => {
            let case = case(&mut u).expect("decoding never fails on short input");
            let rest = u.take_rest();
            for &id in designs {
                let design = iterator::by_id(id).expect("a known design");
                let r =
                    cancellation::trial_with(design, &case, MAX_POLLS, Replay::from_bytes(rest));
                if r.verdict() != lab_findings::Verdict::Pass {
                    return Err(Box::new(Crash {
                        target,
                        design: id.into(),
                        input: case.to_string(),
                        json: serde_json::to_string(&case).expect("a case serializes"),
                        schedule: String::new(),
                        failure: r.describe(),
                    }));
                }
            }
        }
    }
    Ok(())
}

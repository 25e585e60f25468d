//! A known-bad `race_ok`: it is a plain race, so the first output wins even when it is an
//! error. A control for the mode-semantics check.

use super::{Mode, ModeOutput, ReadyPick};

mode_design!(
    RaceOkAsRace,
    "reference-race-ok-as-race",
    "lab",
    "select_all, first output",
    "known-bad reference: a race_ok that takes the first output, error or not",
    Mode::RaceOk,
    // `select_all`, in index order.
    Some(ReadyPick::InOrder),
    |ops, _| async move {
        let (first, _, _rest) = futures::future::select_all(ops).await;
        ModeOutput::FirstOk(first.map_err(|e| vec![e]))
    }
);

//! Poll after end (seed 002's fuse requirement): does a design poll a source again after
//! that source yielded `None`? A stream that is not fused may panic then (as an `async gen`
//! stream or a plain async block would), so a design that does needs `.fuse()` on every
//! source. Each design drains a source of two always-ready items beside one whose items
//! arrive over several ticks, so the drain keeps turning after the first source ended; the
//! first source counts every poll it gets after its `None`.

use lab_designs::concurrent::{self, ConcurrentDesign};
use lab_executor::{Config, Executor, Outcome};
use lab_findings::{Figure, Finding, Repro, Verdict};
use lab_workloads::Source;

use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Column, Facts, Table};
use crate::{CONCURRENT, design_ref};

pub const CHECK: &str = "poll-after-end";
pub const POLLS: &str = "polls after the end";
pub const ITEMS: &str = "items delivered";
/// Items of the source that ends first, and arrival ticks of the other's.
pub const SHORT: u32 = 2;
pub const LONG_TICKS: [u64; 6] = [1, 2, 3, 4, 5, 6];

pub struct PollAfterEnd;

impl Check for PollAfterEnd {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "is a source that has yielded None ever polled again (a panic for a stream that is not fused)?",
            title: "Poll after end: which designs need fused sources",
        }
    }

    fn designs(&self) -> Vec<String> {
        crate::drainable_ids()
    }

    fn planned_runs(&self, _: &Options) -> u64 {
        1
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("short source items", f64::from(SHORT)),
            ("long source items", LONG_TICKS.len() as f64),
        ]
    }

    fn run(&self, input: Input<'_>, _: &Options, progress: &dyn Fn()) -> Result<Produced, String> {
        let design = concurrent::by_id(input.design(self)?)?;
        progress();
        Ok(Produced::one(check(design)))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Each design drains two sources: one of {} always-ready items, which then yields \
             None, and one of {} items arriving a tick apart, so the drain keeps turning after \
             the first has ended. The first source counts the polls it gets after its None; \
             it answers each with None again (a stream that is not fused may panic instead, \
             which is why futures' select! wants FusedStream and seed 002 says tokio's select! \
             leaves fusing to the user). The lab's sources implement FusedStream, so \
             futures::select! can see that one has ended; a design passes when it never polls \
             an ended source. One deterministic run per design (FIFO, no RNG).",
            f.s("short source items"),
            f.s("long source items"),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("polls after the end", POLLS),
                Column::new("items delivered", ITEMS),
            ],
        ))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::verdicts("poll after end", self.about(), findings)]
    }

    fn fold_table(&self) -> bool {
        true
    }
}

pub fn check(design: &dyn ConcurrentDesign) -> Finding {
    let info = design.info();
    let exec = Executor::new(Config::with_max_polls(100_000));
    let clock = exec.handle().clock().clone();
    let (short, after_end) = Source::always_ready(0, SHORT).counting_polls_after_end();
    let long = Source::scripted(1, clock, LONG_TICKS.to_vec());
    let expected = SHORT as usize + LONG_TICKS.len();
    let delivered = std::rc::Rc::new(std::cell::Cell::new(0usize));
    let sink = delivered.clone();
    let (verdict, summary, figures) = match design.try_drain(
        vec![short, long],
        Box::new(move |_| sink.set(sink.get() + 1)),
    ) {
        Err(e) => (Verdict::NotMeasured, e.to_string(), Vec::new()),
        Ok(fut) => match exec.run(fut).outcome {
            Outcome::Completed(()) => {
                let polls = after_end.get();
                let figures = vec![
                    Figure::new(POLLS, f64::from(polls), "polls"),
                    Figure::new(ITEMS, delivered.get() as f64, "items"),
                ];
                if delivered.get() != expected {
                    (
                        Verdict::Fail,
                        format!("delivered {} of {expected} items", delivered.get()),
                        figures,
                    )
                } else if polls == 0 {
                    (
                        Verdict::Pass,
                        "never polled a source after its end".to_string(),
                        figures,
                    )
                } else {
                    (
                        Verdict::Fail,
                        format!(
                            "polled the ended source {polls} more time(s): an unfused stream that panics after None would take it down"
                        ),
                        figures,
                    )
                }
            }
            other => {
                let said = format!("the drain did not complete: {other}");
                (crate::verdict_of(other.map(|_| false)), said, Vec::new())
            }
        },
    };
    let mut f = Finding::new(
        CONCURRENT,
        CHECK,
        design_ref(&info),
        verdict,
        summary,
        figures,
        Repro::Check {
            check: CHECK.into(),
            design: Some(info.id.into()),
            cases: None,
            runs: None,
            seed: None,
            quick: false,
        },
    );
    // A design with no two-source drain declares nothing here.
    f.expected = design.arity().supports(2).then(|| {
        if design.declares().polls_after_end {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    });
    f.cases = Some(1);
    f
}

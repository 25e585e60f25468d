//! State-machine size (seed 001): how big is an iterator plus the future its `next()`
//! returns, for each style's line splitter and for map/filter chains as they deepen, written
//! once with `poll_next` and once with `async fn next`.

use lab_designs::iterator::chains::{MAX_DEPTH, async_chain_sizes, stream_chain_sizes};
use lab_designs::iterator::{self, Sizes};
use lab_findings::{DesignRef, Figure, Finding, Repro, format};

use crate::baselines::{CHAIN_ASYNC_NEXT, CHAIN_POLL_NEXT, chain_ref};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Chart, Column, Facts, Table};
use crate::{ITERATOR, design_ref};

pub const CHECK: &str = "size";
pub const ITER_BYTES: &str = "iterator";
pub const NEXT_BYTES: &str = "next() future";
pub const TOTAL: &str = "total";
pub use crate::section::DEPTH;

pub struct Size;

impl Check for Size {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATOR,
            kind: Kind::Whole,
            about: "size_of the iterator and its next() future, per style and per adapter depth",
            title: "State-machine size",
        }
    }

    fn designs(&self) -> Vec<String> {
        let mut ids: Vec<String> = iterator::line_splitters()
            .map(|(d, _)| d.info().id.to_string())
            .collect();
        ids.extend([CHAIN_POLL_NEXT, CHAIN_ASYNC_NEXT].map(String::from));
        ids
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Whole = input else {
            return Err(wrong_input(self));
        };
        Ok(Produced::of(sizes()))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "size_of the iterator and of the future its next() returns: for each style's \
             line splitter, and for map/filter chains of depth {} written once with \
             poll_next and once with async fn next (same closures, same counter underneath).",
            format::list(&f.ints(DEPTH)),
        )
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("iterator (bytes)", ITER_BYTES),
                Column::new("next() future (bytes)", NEXT_BYTES),
                Column::new("total (bytes)", TOTAL),
                Column::new("total at depth 1", TOTAL).at(DEPTH, 1),
                Column::new("total at depth 8", TOTAL).at(DEPTH, 8),
            ],
        ))
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![matrix::figures(
            "size (bytes)",
            "size_of the iterator plus its next() future",
            findings,
            TOTAL,
            &[],
            "",
        )]
    }

    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        let series = findings
            .iter()
            .filter(|f| f.value(TOTAL, &[(DEPTH, 1.into())]).is_some())
            .map(|f| {
                let points = f
                    .int_params(TOTAL, DEPTH)
                    .into_iter()
                    .filter_map(|d| Some((d as f64, f.value(TOTAL, &[(DEPTH, d.into())])?)))
                    .collect();
                (f.design.construct.clone(), points)
            })
            .collect();
        vec![Chart::Lines {
            title: "Iterator + next() future size by adapter depth".into(),
            x_label: "adapters (map, filter, map, ...)".into(),
            y_label: "bytes".into(),
            series,
        }]
    }
}

fn measured(design: DesignRef, summary: String, figures: Vec<Figure>) -> Finding {
    Finding::measured(
        ITERATOR,
        CHECK,
        design,
        summary,
        figures,
        Repro::check(CHECK, None),
    )
}

fn size_figures(s: Sizes) -> [Figure; 3] {
    [
        Figure::new(ITER_BYTES, s.iter as f64, "bytes"),
        Figure::new(NEXT_BYTES, s.next_future as f64, "bytes"),
        Figure::new(TOTAL, (s.iter + s.next_future) as f64, "bytes"),
    ]
}

/// One finding per style (its line splitter) and one per chain interface (depth 1..=8).
pub fn sizes() -> Vec<Finding> {
    let mut out = Vec::new();
    for (d, splitter) in iterator::line_splitters() {
        let s = splitter.sizes();
        out.push(measured(
            design_ref(&d.info()),
            format!(
                "line splitter: {} bytes of iterator + {} bytes of next() future",
                s.iter, s.next_future
            ),
            size_figures(s).to_vec(),
        ));
    }
    for (id, sizes) in [
        (CHAIN_POLL_NEXT, stream_chain_sizes()),
        (CHAIN_ASYNC_NEXT, async_chain_sizes()),
    ] {
        let (first, last) = (sizes[0], sizes[MAX_DEPTH - 1]);
        out.push(measured(
            chain_ref(id),
            format!(
                "iterator + next() future: {} bytes at depth 1, {} bytes at depth {MAX_DEPTH}",
                first.iter + first.next_future,
                last.iter + last.next_future
            ),
            sizes
                .iter()
                .enumerate()
                .flat_map(|(i, s)| size_figures(*s).map(|f| f.at(DEPTH, i + 1)))
                .collect(),
        ));
    }
    out
}

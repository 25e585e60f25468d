//! Allocations (seed 001): per `next()` call of each interface's `dyn` form over map/filter
//! chains, and per line while each style drains its line splitter. Counted per thread with
//! allocation-counter, which only the `lab` binary and the tests link (feature
//! `count-allocations`); elsewhere the findings say the figures were not measured.

use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use futures::Stream;
use lab_designs::iterator::chains::Counter;
use lab_designs::iterator::{self, DynAsyncIter, into_stream};
use lab_designs::with_chain;
use lab_findings::{DesignRef, Figure, Finding, NotMeasured, Repro, Verdict, format};

use crate::baselines::{CHAIN_ASYNC_NEXT, CHAIN_ASYNC_NEXT_AS_STREAM, CHAIN_POLL_NEXT, chain_ref};
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, wrong_input};
use crate::matrix::{self, MatrixColumn};
use crate::section::{self, Column, Facts, Table};
use crate::{ITERATOR, design_ref};

pub const CHECK: &str = "allocations";
pub const PER_NEXT: &str = "allocations per next()";
pub const BYTES_PER_NEXT: &str = "bytes allocated per next()";
pub const PER_LINE: &str = "line splitter: allocations per line";
pub use crate::section::DEPTH;

pub struct Allocations;

impl Check for Allocations {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: CHECK,
            question: ITERATOR,
            kind: Kind::Whole,
            about: "allocations per next() in each interface's dyn form, and per line of each style",
            title: "Allocations in dyn use",
        }
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![("items", DYN_ITEMS as f64)]
    }

    fn designs(&self) -> Vec<String> {
        let mut ids: Vec<String> = [
            CHAIN_POLL_NEXT,
            CHAIN_ASYNC_NEXT,
            CHAIN_ASYNC_NEXT_AS_STREAM,
        ]
        .map(String::from)
        .to_vec();
        ids.extend(iterator::line_splitters().map(|(d, _)| d.info().id.to_string()));
        ids
    }

    fn run(&self, input: Input<'_>, _: &Options, _: &dyn Fn()) -> Result<Produced, String> {
        let Input::Whole = input else {
            return Err(wrong_input(self));
        };
        Ok(Produced::of(allocations()))
    }

    fn intro(&self, f: &Facts) -> String {
        format!(
            "Allocations per line while each style drains a line splitter (the lines \
             themselves allocate in every style; driven by futures' block_on, warmed up \
             before counting), and per next() call while a chain counts through {} source \
             items (its filters reject some, so it yields fewer) in the dyn form of each \
             interface — Pin<Box<dyn Stream>>, Box<dyn DynAsyncIter> (the lab's own form, \
             which boxes each next() future), and the async fn next chain adapted into a \
             Stream and then boxed once — over map/filter chains of depth {}, counted per \
             thread with allocation-counter, polled directly with a no-op waker so no \
             executor allocates. The one box that makes each form dyn is made before \
             counting starts.",
            f.s("items"),
            format::list(&f.ints(DEPTH)),
        )
    }

    fn matrix(&self, findings: &[&Finding]) -> Vec<MatrixColumn> {
        vec![
            matrix::figures(
                "allocs/line",
                "allocations per line of the line splitter",
                findings,
                PER_LINE,
                &[],
                "",
            ),
            matrix::figures(
                "allocs/next() dyn",
                "allocations per next() of the dyn form, adapter depth 1",
                findings,
                PER_NEXT,
                &[(DEPTH, 1.into())],
                "",
            ),
        ]
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        Some(section::figure_table(
            findings,
            &[
                Column::new("line splitter: allocations per line", PER_LINE),
                Column::new("allocations per next(), depth 1", PER_NEXT).at(DEPTH, 1),
                Column::new("bytes per next(), depth 1", BYTES_PER_NEXT).at(DEPTH, 1),
                Column::new("allocations per next(), depth 8", PER_NEXT).at(DEPTH, 8),
                Column::new("bytes per next(), depth 8", BYTES_PER_NEXT).at(DEPTH, 8),
            ],
        ))
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

/// A finding that says what could not be counted, and why.
fn not_measured(design: DesignRef, metric: &str, why: String) -> Finding {
    Finding {
        not_measured: vec![NotMeasured::new(metric, why.clone())],
        ..Finding::new(
            ITERATOR,
            CHECK,
            design,
            Verdict::NotMeasured,
            format!("not measured: {why}"),
            Vec::new(),
            Repro::check(CHECK, None),
        )
    }
}

/// Calls to `next()` made while draining `n` items (the last call returns `None`).
fn calls(n: u64) -> u64 {
    n + 1
}

/// Drains an always-ready stream by polling it directly (no executor, so nothing else
/// allocates).
fn drain_polled<S: Stream + ?Sized>(mut s: Pin<&mut S>) -> u64 {
    let mut cx = Context::from_waker(Waker::noop());
    let mut n = 0;
    while let Poll::Ready(Some(x)) = s.as_mut().poll_next(&mut cx) {
        std::hint::black_box(x);
        n += 1;
    }
    n
}

fn drain_dyn_iter(it: &mut dyn DynAsyncIter<Item = u64>) -> u64 {
    let mut cx = Context::from_waker(Waker::noop());
    let mut n = 0;
    loop {
        let mut fut = it.next_boxed();
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(Some(x)) => {
                std::hint::black_box(x);
                n += 1;
            }
            Poll::Ready(None) => return n,
            Poll::Pending => unreachable!("the counter chain is always ready"),
        }
    }
}

/// Allocations and bytes allocated on this thread while a closure ran, and what it returned.
pub type Counted<T> = Result<(u64, u64, T), String>;

/// Allocations made on this thread while `f` runs, and what `f` returned.
#[cfg(feature = "count-allocations")]
pub fn count<T>(f: impl FnOnce() -> T) -> Counted<T> {
    // Prove the counter is live in this binary before trusting a zero.
    let probe = allocation_counter::measure(|| drop(std::hint::black_box(Box::new(1u8))));
    if probe.count_total != 1 {
        return Err("the counting allocator is not active in this binary".into());
    }
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    Ok((info.count_total, info.bytes_total, out.expect("ran")))
}

#[cfg(not(feature = "count-allocations"))]
pub fn count<T>(_: impl FnOnce() -> T) -> Counted<T> {
    Err("built without lab-checks' count-allocations feature (the `lab` binary has it)".into())
}

/// Items drained per measurement.
pub const DYN_ITEMS: u64 = 1_000;

/// Allocations per line while each style drains the line splitter's workload (the lines
/// themselves allocate in every style; the difference between styles is what they add).
fn line_allocations() -> Vec<Finding> {
    let script = lab_workloads::bench::lines_script(64);
    let lines = script.expected().len() as f64;
    let mut out = Vec::new();
    for (d, splitter) in iterator::line_splitters() {
        let reader = || lab_workloads::ChunkReader::new(lab_executor::Clock::default(), &script);
        // The first block_on on a thread sets up its parking; keep that out of the count.
        futures::executor::block_on(splitter.drain_lines(reader()));
        let fut = splitter.drain_lines(reader());
        let design = design_ref(&d.info());
        out.push(match count(|| futures::executor::block_on(fut)) {
            Ok((allocations, bytes, _)) => measured(
                design,
                format!(
                    "line splitter: {:.2} allocations per line",
                    allocations as f64 / lines
                ),
                vec![
                    Figure::new(PER_LINE, allocations as f64 / lines, "allocations"),
                    Figure::new(
                        "line splitter: bytes allocated per line",
                        bytes as f64 / lines,
                        "bytes",
                    ),
                ],
            ),
            Err(e) => not_measured(design, PER_LINE, e),
        });
    }
    out
}

/// Allocations per `next()` call of the `dyn` form of each interface, at depths 1 and 8, and
/// per line of each style's line splitter.
pub fn allocations() -> Vec<Finding> {
    type DynStream = Pin<Box<dyn Stream<Item = u64>>>;
    type DynIter = Box<dyn DynAsyncIter<Item = u64>>;
    let stream = |mut s: DynStream| count(move || drain_polled(s.as_mut()));
    let iter = |mut it: DynIter| count(move || drain_dyn_iter(it.as_mut()));
    let runs: [(&str, [Counted<u64>; 2]); 3] = [
        (
            CHAIN_POLL_NEXT,
            [
                with_chain!(Counter::new(DYN_ITEMS), 1, |c| stream(Box::pin(c))),
                with_chain!(Counter::new(DYN_ITEMS), 8, |c| stream(Box::pin(c))),
            ],
        ),
        (
            CHAIN_ASYNC_NEXT,
            [
                with_chain!(Counter::new(DYN_ITEMS), 1, |c| iter(Box::new(c))),
                with_chain!(Counter::new(DYN_ITEMS), 8, |c| iter(Box::new(c))),
            ],
        ),
        (
            CHAIN_ASYNC_NEXT_AS_STREAM,
            [
                with_chain!(Counter::new(DYN_ITEMS), 1, |c| stream(Box::pin(
                    into_stream(c)
                ))),
                with_chain!(Counter::new(DYN_ITEMS), 8, |c| stream(Box::pin(
                    into_stream(c)
                ))),
            ],
        ),
    ];
    let mut findings: Vec<Finding> = runs
        .into_iter()
        .map(|(id, [d1, d8])| match (d1, d8) {
            (Ok((a1, b1, n1)), Ok((a8, b8, n8))) => {
                // The filters reject some items: the same chain as an Iterator says how many.
                let want = (
                    with_chain!(Counter::new(DYN_ITEMS), 1, Iterator::count) as u64,
                    with_chain!(Counter::new(DYN_ITEMS), 8, Iterator::count) as u64,
                );
                assert_eq!(
                    (n1, n8),
                    want,
                    "the dyn form yields what the Iterator chain does"
                );
                let per1 = |x: u64| x as f64 / calls(n1) as f64;
                let per8 = |x: u64| x as f64 / calls(n8) as f64;
                measured(
                    chain_ref(id),
                    format!(
                        "dyn form: {} allocations per next() call at depth 1, {} at depth 8",
                        per1(a1),
                        per8(a8)
                    ),
                    vec![
                        Figure::new(PER_NEXT, per1(a1), "allocations").at(DEPTH, 1),
                        Figure::new(BYTES_PER_NEXT, per1(b1), "bytes").at(DEPTH, 1),
                        Figure::new(PER_NEXT, per8(a8), "allocations").at(DEPTH, 8),
                        Figure::new(BYTES_PER_NEXT, per8(b8), "bytes").at(DEPTH, 8),
                    ],
                )
            }
            (Err(e), _) | (_, Err(e)) => not_measured(chain_ref(id), PER_NEXT, e),
        })
        .collect();
    findings.extend(line_allocations());
    findings
}

/// Allocations and bytes per unit of work: `run(n)` (allocations, bytes, units of work) once
/// to warm up at `sizes.0`, then at both sizes; the difference over the difference in units,
/// so fixed costs cancel.
pub fn per_unit(
    sizes: (u32, u32),
    run: impl Fn(u32) -> Result<(u64, u64, u64), String>,
    progress: &dyn Fn(),
) -> Result<(f64, f64), String> {
    progress();
    run(sizes.0)?;
    progress();
    let few = run(sizes.0)?;
    progress();
    let many = run(sizes.1)?;
    let n = many.2.saturating_sub(few.2).max(1) as f64;
    Ok((
        (many.0 as f64 - few.0 as f64) / n,
        (many.1 as f64 - few.1 as f64) / n,
    ))
}

/// The finding of a [`per_unit`] measurement: figures `metrics` (allocations, bytes) per
/// `unit`, or what could not be counted.
pub fn per_unit_finding(
    (question, check): (&str, &str),
    design: DesignRef,
    metrics: (&str, &str),
    unit: &str,
    measured: Result<(f64, f64), String>,
) -> Finding {
    let repro = Repro::check(check, Some(&design.id));
    match measured {
        Ok((per, bytes)) => Finding::measured(
            question,
            check,
            design,
            format!(
                "{} allocations and {} bytes per {unit}",
                format::value(per),
                format::value(bytes)
            ),
            vec![
                Figure::new(metrics.0, per, "allocations"),
                Figure::new(metrics.1, bytes, "bytes"),
            ],
            repro,
        ),
        Err(why) => Finding {
            not_measured: vec![NotMeasured::new(metrics.0, why.clone())],
            ..Finding::new(
                question,
                check,
                design,
                Verdict::NotMeasured,
                format!("not measured: {why}"),
                Vec::new(),
                repro,
            )
        },
    }
}

//! `lab-icount-target`: runs one workload once and exits, for `lab icount` to count under
//! callgrind. It links the designs and workloads with the system allocator only (no
//! `lab-checks`, so no counting allocator), so allocating designs are counted as they run.

use std::hint::black_box;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use futures::executor::block_on;
use lab_designs::iterator::chains::{Counter, consume_async, consume_iter, consume_stream};
use lab_designs::{concurrent, iterator, with_chain};
use lab_executor::Clock;
use lab_workloads::bench::{FLOOR, lines_script, sync_floor, sync_lines};
use lab_workloads::{ChunkReader, Source};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The workload to run once.
#[derive(Subcommand)]
enum Command {
    /// Drain `n` always-ready sources of `items` items through a concurrent design (or the
    /// floor, `sync-floor`).
    Drain {
        #[arg(long)]
        design: String,
        #[arg(long)]
        n: usize,
        #[arg(long)]
        items: u32,
    },
    /// Split `lines` lines with an iterator design's line splitter (or the floor).
    Lines {
        #[arg(long)]
        design: String,
        #[arg(long)]
        lines: usize,
        /// Build the input and the iterator but do not drain it: the baseline, so the count
        /// of a drain minus this one leaves the splitting alone.
        #[arg(long)]
        skip_drain: bool,
    },
    /// Drain a map/filter chain of `depth` adapters over `items` items.
    Chain {
        #[arg(long, value_enum)]
        side: Side,
        #[arg(long)]
        depth: usize,
        #[arg(long)]
        items: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Side {
    /// The synchronous `Iterator` chain.
    Floor,
    PollNext,
    AsyncNext,
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(w: Command) -> Result<(), String> {
    match w {
        Command::Drain { design, n, items } if design == FLOOR => {
            sync_floor(n, items, &mut |i| {
                black_box(i);
            });
        }
        Command::Drain { design, n, items } => {
            let d = concurrent::by_id(&design)?;
            let sources = (0..n as u16)
                .map(|id| Source::always_ready(id, items))
                .collect();
            let sink = Box::new(|i| {
                black_box(i);
            });
            block_on(d.try_drain(sources, sink).map_err(|e| e.to_string())?);
        }
        Command::Lines {
            design,
            lines,
            skip_drain,
        } => {
            let reader = black_box(ChunkReader::new(Clock::default(), &lines_script(lines)));
            let bytes = if design == FLOOR {
                if skip_drain { 0 } else { sync_lines(reader) }
            } else {
                let d = iterator::by_id(&design)?;
                let fut = d
                    .line_splitter()
                    .ok_or_else(|| format!("{design} has no line splitter"))?
                    .drain_lines(reader);
                if skip_drain {
                    drop(black_box(fut));
                    0
                } else {
                    block_on(fut)
                }
            };
            black_box(bytes);
        }
        Command::Chain { side, depth, items } => {
            black_box(chain(side, depth, black_box(items))?);
        }
    }
    Ok(())
}

fn chain(side: Side, depth: usize, items: u64) -> Result<u64, String> {
    macro_rules! at_depth {
        ($($d:tt)+) => {
            match depth {
                $($d => Ok(match side {
                    Side::Floor => with_chain!(Counter::new(items), $d, consume_iter),
                    Side::PollNext => with_chain!(Counter::new(items), $d, |c| block_on(consume_stream(c))),
                    Side::AsyncNext => with_chain!(Counter::new(items), $d, |c| block_on(consume_async(c))),
                }),)+
                other => Err(format!("no chain of depth {other} (1 to 8)")),
            }
        };
    }
    at_depth!(1 2 3 4 5 6 7 8)
}

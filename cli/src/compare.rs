//! `lab compare RUN-A RUN-B`: what changed between two runs, as HTML and Markdown.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::paths;

#[derive(clap::Args)]
pub struct Args {
    /// The earlier run: a run folder, or a run's name under reports/out (e.g. `latest`).
    a: PathBuf,
    /// The later run.
    b: PathBuf,
    /// Where to write index.html and summary.md (default: reports/out/compare/A--B).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// A run folder given as a path, or by its name under `reports/out`.
fn resolve(run: &Path) -> Result<PathBuf> {
    let named = paths::out_root().join(run);
    for dir in [run.to_path_buf(), named] {
        if dir.join(lab_findings::FINDINGS).is_file() {
            return Ok(dir.canonicalize().unwrap_or(dir));
        }
    }
    bail!(
        "{} is not a run: no {} there or under {}",
        run.display(),
        lab_findings::FINDINGS,
        paths::out_root().display()
    )
}

fn name(dir: &Path) -> String {
    dir.file_name()
        .map_or_else(|| "run".into(), |n| n.to_string_lossy().into_owned())
}

pub fn run(args: Args) -> Result<()> {
    let (a, b) = (resolve(&args.a)?, resolve(&args.b)?);
    let out = args.out.unwrap_or_else(|| {
        paths::out_root()
            .join("compare")
            .join(format!("{}--{}", name(&a), name(&b)))
    });
    print("", &lab_reports::compare(&a, &b, &out)?);
    Ok(())
}

/// What a comparison found, one line and then each flipped verdict, after `label`.
pub fn print(label: &str, c: &lab_reports::Compared) {
    let d = &c.diff;
    println!(
        "{label}{} verdicts flipped, {} figures moved beyond noise, {} changed with no noise \
         measured, {} findings added, {} gone, {} unchanged",
        d.flipped.len(),
        d.moved.len(),
        d.changed.len(),
        d.added.len(),
        d.gone.len(),
        d.unchanged
    );
    for f in &d.flipped {
        println!("  flipped: {} {} → {}", f.id, f.before, f.after);
    }
    println!("wrote {}", c.html.display());
    println!("wrote {}", c.markdown.display());
}

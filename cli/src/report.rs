//! `lab report`: render a run's findings.json into index.html and summary.md.

use anyhow::Result;

use crate::RunDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: RunDir,
    /// Fail if anything requested is missing or a verdict differs from its declaration.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> Result<()> {
    let dir = args.run.resolve()?;
    let r = lab_reports::render(&dir)?;
    println!("wrote {}", r.html.display());
    println!("wrote {}", r.markdown.display());
    for m in &r.missing {
        println!("  missing: {m}");
    }
    for u in &r.unexpected {
        println!("  UNEXPECTED: {u}");
    }
    for u in &r.unreadable {
        eprintln!("  UNREADABLE: {u}");
    }
    if args.strict && !(r.missing.is_empty() && r.unexpected.is_empty() && r.unreadable.is_empty())
    {
        anyhow::bail!(
            "{} missing, {} unexpected and {} unreadable result(s) (--strict)",
            r.missing.len(),
            r.unexpected.len(),
            r.unreadable.len()
        );
    }
    Ok(())
}

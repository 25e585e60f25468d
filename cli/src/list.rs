//! `lab list`: the checks (with their settings) and designs this build knows. The settings
//! text is also the help of `lab check` and the README's table (`lab list --markdown`): all
//! three read each check's own settings.

use anyhow::Result;
use lab_checks::{CHECKS, CONCURRENT, Check, ITERATOR};
use lab_designs::concurrent::{self, Arity};
use lab_designs::iterator;

#[derive(clap::Args)]
pub struct Args {
    /// Print the checks and their settings as the README's Markdown table.
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: Args) -> Result<()> {
    if args.markdown {
        print!("{}", settings_markdown());
        return Ok(());
    }
    println!("checks:");
    for c in CHECKS {
        println!(
            "  {:<18} {:<11} {}",
            c.id(),
            c.question(),
            c.kind().describe()
        );
        println!("  {:<18} {}", "", c.about());
    }
    println!("designs ({CONCURRENT}):");
    for d in concurrent::all() {
        let i = d.info();
        let arity = match d.arity() {
            Arity::Any => "any N".to_string(),
            Arity::OneOf(ns) => format!("N in {ns:?}"),
        };
        let krate = format!("{} {}", i.krate, lab_designs::versions::of(i.krate));
        println!("  {:<30} {krate:<27} {arity:<22} {}", i.id, i.construct);
    }
    println!("designs ({ITERATOR}):");
    for d in iterator::all() {
        let i = d.info();
        println!("  {:<30} {:<38} {}", i.id, i.construct, i.summary);
    }
    Ok(())
}

/// One line per setting of `check`: name, flag, default and quick value.
fn setting_lines(check: &dyn Check) -> Vec<String> {
    check
        .settings()
        .iter()
        .map(|s| {
            let flag = s.flag.map_or(String::new(), |f| format!(" ({})", f.name()));
            format!(
                "{}{flag}: {} (quick: {}) — {}",
                s.name, s.default, s.quick, s.about
            )
        })
        .collect()
}

/// The settings of every check `lab check` runs, for its `--help`.
pub fn settings_help() -> String {
    let mut out = String::from("Settings of each check (default, and with --quick):\n");
    for c in CHECKS.iter().filter(|c| c.kind().runs_in_check()) {
        out += &format!("  {}:\n", c.id());
        for line in setting_lines(*c) {
            out += &format!("    {line}\n");
        }
        if c.settings().is_empty() {
            out += "    (none)\n";
        }
    }
    out
}

/// The checks and their settings as a Markdown table (the README embeds it; a test keeps
/// the two the same).
pub fn settings_markdown() -> String {
    let mut out = String::from(
        "| check | question | how | what it asks | settings: default (quick) |\n|---|---|---|---|---|\n",
    );
    for c in CHECKS {
        let settings: Vec<String> = c
            .settings()
            .iter()
            .map(|s| {
                let flag = s.flag.map_or(String::new(), |f| format!(" `{}`", f.name()));
                format!("{}{flag}: {} ({})", s.name, s.default, s.quick)
            })
            .collect();
        out += &format!(
            "| `{}` | {} | {} | {} | {} |\n",
            c.id(),
            c.question(),
            c.kind().describe(),
            c.about(),
            if settings.is_empty() {
                "—".to_string()
            } else {
                settings.join("; ")
            }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_readme_lists_every_check_with_its_own_settings() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("<!-- checks:begin -->\n")
            .expect("begin marker")
            + 22;
        let end = readme.find("<!-- checks:end -->").expect("end marker");
        assert_eq!(
            &readme[start..end],
            super::settings_markdown(),
            "README's checks table is stale: paste `lab list --markdown` between the markers"
        );
    }
}

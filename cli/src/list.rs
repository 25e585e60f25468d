//! `lab list`: the designs and checks this build knows.

use anyhow::Result;
use lab_designs::concurrent::{self, Arity};

pub fn run() -> Result<()> {
    println!("checks:");
    for (question, check) in lab_checks::CHECKS {
        println!("  {check:<12} ({question})");
    }
    println!("designs ({}):", lab_checks::CONCURRENT);
    for d in concurrent::all() {
        let i = d.info();
        let arity = match d.arity() {
            Arity::Any => "any N".to_string(),
            Arity::OneOf(ns) => format!("N in {ns:?}"),
        };
        let krate = format!("{} {}", i.krate, lab_designs::versions::of(i.krate));
        println!("  {:<30} {krate:<27} {arity:<22} {}", i.id, i.construct);
    }
    Ok(())
}

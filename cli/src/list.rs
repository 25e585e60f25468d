//! `lab list`: the checks and designs this build knows.

use anyhow::Result;
use lab_checks::{CHECKS, CONCURRENT, ITERATOR, Kind};
use lab_designs::concurrent::{self, Arity};
use lab_designs::iterator;

pub fn run() -> Result<()> {
    println!("checks:");
    for c in CHECKS {
        let how = match c.kind {
            Kind::PerDesign => "per design (lab check)",
            Kind::Whole => "whole question (lab check)",
            Kind::Bench => "benchmark (cargo bench, lab import-bench)",
        };
        println!("  {:<16} {:<12} {how}", c.name, c.question);
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
        println!("  {:<30} {:<38} {}", i.id, i.interface, i.summary);
    }
    Ok(())
}

//! What changed between two runs (two commits, two crate versions): verdicts that flipped,
//! figures that moved beyond noise, findings added or gone. Noise is what the runs measured
//! of it: criterion's intervals (moved only if they do not overlap) or recount differences
//! (moved only beyond the larger one). A figure with no measured noise that changed is
//! listed as changed, never as moved.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lab_checks::iter_instructions::{PER_ITEM, PER_LINE, RECOUNT};
use lab_checks::measure::{ci_high, ci_low};
use lab_findings::{Figure, Finding, Param, RunRecord, format};
use serde::Serialize;

#[derive(Serialize)]
pub struct Diff {
    pub a: Side,
    pub b: Side,
    pub flipped: Vec<Flip>,
    pub moved: Vec<Move>,
    /// Figures that changed where the runs measured no noise: not judged.
    pub changed: Vec<Move>,
    pub added: Vec<String>,
    pub gone: Vec<String>,
    /// Findings present in both whose verdict and figures did not move.
    pub unchanged: usize,
    /// Crates whose version differs between the runs: (name, a, b).
    pub versions: Vec<(String, String, String)>,
}

#[derive(Serialize)]
pub struct Side {
    pub dir: String,
    pub commit: String,
    pub date: String,
}

#[derive(Serialize)]
pub struct Flip {
    pub id: String,
    pub before: String,
    pub after: String,
}

#[derive(Serialize)]
pub struct Move {
    pub id: String,
    pub figure: String,
    pub before: String,
    pub after: String,
    /// "intervals disjoint", "beyond the recount difference", "no noise measured".
    pub why: String,
}

fn side(dir: &Path, r: &RunRecord) -> Side {
    Side {
        dir: dir.display().to_string(),
        commit: r.env.commit.chars().take(12).collect(),
        date: r.env.date.clone(),
    }
}

fn at(x: &Figure) -> Vec<(&str, Param)> {
    x.params
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect()
}

/// The figures a recount difference is the noise of.
const COUNTS: [&str; 2] = [PER_LINE, PER_ITEM];

/// Noise descriptors are compared through the figure they describe, not on their own.
fn describes_noise(metric: &str) -> bool {
    metric.ends_with(", CI low") || metric.ends_with(", CI high") || metric == RECOUNT
}

enum Judged {
    Same,
    Moved(&'static str),
    Changed,
}

fn judge(a: &Finding, b: &Finding, x: &Figure, after: f64) -> Judged {
    let params = at(x);
    let interval = |f: &Finding| {
        Some((
            f.value(&ci_low(&x.metric), &params)?,
            f.value(&ci_high(&x.metric), &params)?,
        ))
    };
    if let (Some((alo, ahi)), Some((blo, bhi))) = (interval(a), interval(b)) {
        return if ahi < blo || bhi < alo {
            Judged::Moved("intervals disjoint")
        } else {
            Judged::Same
        };
    }
    // A recount difference is the noise of the count itself, not of ratios derived from it.
    let counted = COUNTS.contains(&x.metric.as_str());
    if let (true, Some(ra), Some(rb)) = (
        counted,
        a.value(RECOUNT, &params),
        b.value(RECOUNT, &params),
    ) {
        return if (after - x.value).abs() > ra.max(rb) {
            Judged::Moved("beyond the recount difference")
        } else {
            Judged::Same
        };
    }
    // Runs written before floats round-tripped exactly differ in the last bits only.
    if (after - x.value).abs() <= 1e-12 * after.abs().max(x.value.abs()) {
        Judged::Same
    } else {
        Judged::Changed
    }
}

pub fn diff(a_dir: &Path, a: &RunRecord, b_dir: &Path, b: &RunRecord) -> Diff {
    let mut d = Diff {
        a: side(a_dir, a),
        b: side(b_dir, b),
        flipped: Vec::new(),
        moved: Vec::new(),
        changed: Vec::new(),
        added: Vec::new(),
        gone: Vec::new(),
        unchanged: 0,
        versions: Vec::new(),
    };
    for (name, va) in &a.env.crates {
        if let Some(vb) = b.env.crates.get(name)
            && vb != va
        {
            d.versions.push((name.clone(), va.clone(), vb.clone()));
        }
    }
    for fa in &a.findings {
        let Some(fb) = b.findings.iter().find(|f| f.id == fa.id) else {
            d.gone.push(fa.id.clone());
            continue;
        };
        let mut same = true;
        if fa.verdict != fb.verdict {
            same = false;
            d.flipped.push(Flip {
                id: fa.id.clone(),
                before: fa.verdict.to_string(),
                after: fb.verdict.to_string(),
            });
        }
        // Figures only one side has are changes too: measured before and not after, or new.
        for (x, side) in fa
            .figures
            .iter()
            .filter(|x| fb.value(&x.metric, &at(x)).is_none())
            .map(|x| (x, "only before"))
            .chain(
                fb.figures
                    .iter()
                    .filter(|x| fa.value(&x.metric, &at(x)).is_none())
                    .map(|x| (x, "only after")),
            )
            .filter(|(x, _)| !describes_noise(&x.metric))
        {
            same = false;
            let v = format!("{} {}", format::value(x.value), short_unit(&x.unit));
            let (before, after) = if side == "only before" {
                (v.trim_end().to_string(), "—".to_string())
            } else {
                ("—".to_string(), v.trim_end().to_string())
            };
            d.changed.push(Move {
                id: fa.id.clone(),
                figure: x.label(),
                before,
                after,
                why: side.into(),
            });
        }
        for x in fa.figures.iter().filter(|x| !describes_noise(&x.metric)) {
            let Some(after) = fb.value(&x.metric, &at(x)) else {
                continue;
            };
            let unit = short_unit(&x.unit);
            let entry = |why: &str| Move {
                id: fa.id.clone(),
                figure: x.label(),
                before: format!("{} {unit}", format::value(x.value))
                    .trim_end()
                    .into(),
                after: format!("{} {unit}", format::value(after)).trim_end().into(),
                why: why.into(),
            };
            match judge(fa, fb, x, after) {
                Judged::Same => {}
                Judged::Moved(why) => {
                    same = false;
                    d.moved.push(entry(why));
                }
                Judged::Changed => {
                    same = false;
                    d.changed.push(entry("no noise measured"));
                }
            }
        }
        if same {
            d.unchanged += 1;
        }
    }
    d.added = b
        .findings
        .iter()
        .filter(|f| !a.findings.iter().any(|x| x.id == f.id))
        .map(|f| f.id.clone())
        .collect();
    d
}

pub struct Compared {
    pub html: PathBuf,
    pub markdown: PathBuf,
    pub diff: Diff,
}

/// Compares run `a` with run `b` and writes `index.html` and `summary.md` into `out`.
pub fn compare(a_dir: &Path, b_dir: &Path, out: &Path) -> Result<Compared> {
    let a = RunRecord::load(a_dir)?;
    let b = RunRecord::load(b_dir)?;
    let diff = diff(a_dir, &a, b_dir, &b);
    let mut env = crate::render::environment();
    env.add_template("compare.html", include_str!("../templates/compare.html"))?;
    env.add_template("compare.md", include_str!("../templates/compare.md"))?;
    let html_text = env.get_template("compare.html")?.render(&diff)?;
    let md_text = env.get_template("compare.md")?.render(&diff)?;
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let html = out.join("index.html");
    let markdown = out.join("summary.md");
    fs::write(&html, html_text).with_context(|| format!("writing {}", html.display()))?;
    fs::write(&markdown, md_text).with_context(|| format!("writing {}", markdown.display()))?;
    Ok(Compared {
        html,
        markdown,
        diff,
    })
}

/// Long units are descriptions (how a p-value was computed); the label says enough.
fn short_unit(unit: &str) -> &str {
    if unit.len() <= 16 { unit } else { "" }
}

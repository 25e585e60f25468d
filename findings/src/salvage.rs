//! Reading a `findings.json` that is truncated or was edited by hand, for the report: every
//! part that still parses is kept, and each part that does not is named (the file, the
//! finding, what is wrong) instead of the whole run failing to render. The tools that write
//! a record back ([`RunRecord::load`]) stay strict, so nothing is dropped silently.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::runs::{read_findings, wrong_schema};
use crate::{FINDINGS, RunRecord, SCHEMA};

/// A record as far as it could be read, and what could not be.
pub struct Salvaged {
    pub record: RunRecord,
    pub problems: Vec<String>,
}

impl RunRecord {
    /// Loads the run in `dir` for rendering: a schema it does not know, or a file with
    /// nothing readable, is an error; anything less keeps what parses and lists the rest.
    pub fn salvage(dir: &Path) -> Result<Salvaged> {
        let (path, text) = read_findings(dir)?;
        let name = path.display().to_string();
        let mut problems = Vec::new();
        let mut cut_at = None;
        let top: Map<String, Value> = match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(m)) => m,
            Ok(_) => bail!("{name} is not a valid run record: not a JSON object"),
            Err(e) => {
                let m = cut(&text).with_context(|| {
                    format!("{name} is not a valid run record: {e}, and nothing before it reads")
                })?;
                cut_at = Some(e);
                m
            }
        };
        match top.get("schema").and_then(Value::as_u64) {
            Some(s) if s == u64::from(SCHEMA) => {}
            Some(s) => return Err(wrong_schema(&path, s)),
            None => bail!("{name} is not a valid run record: it has no schema number"),
        }
        for key in ["env", "requested", "findings"] {
            if !top.contains_key(key) {
                problems.push(format!("{name} has no \"{key}\"; the page goes without it"));
            }
        }
        let part = |key: &str| top.get(key).cloned();
        let mut record = RunRecord::new(field(&name, "env", part("env"), &mut problems));
        record.requested = list(&name, "requested", part("requested"), &mut problems);
        record.scope = field(&name, "scope", part("scope"), &mut problems);
        record.settings = field(&name, "settings", part("settings"), &mut problems);
        record.problems = field(&name, "problems", part("problems"), &mut problems);
        record.criterion_report = field(
            &name,
            "criterion_report",
            part("criterion_report"),
            &mut problems,
        );
        record.findings = list(&name, "findings", part("findings"), &mut problems);
        if let Some(e) = cut_at {
            problems.insert(
                0,
                format!(
                    "{name} is {} at line {}, column {}: the page shows the {} findings \
                     before that point; the findings after it are lost",
                    if e.is_eof() { "truncated" } else { "broken" },
                    e.line(),
                    e.column(),
                    record.findings.len()
                ),
            );
            // The requested designs whose findings were cut show as "no result" below.
            record.scope.push(format!(
                "{FINDINGS} is cut short: a requested design with no result may be one whose \
                 finding was lost"
            ));
        }
        Ok(Salvaged { record, problems })
    }
}

/// A top-level field, or its default with a problem naming it.
fn field<T: DeserializeOwned + Default>(
    file: &str,
    key: &str,
    v: Option<Value>,
    problems: &mut Vec<String>,
) -> T {
    match v.map(serde_json::from_value) {
        None => T::default(),
        Some(Ok(x)) => x,
        Some(Err(e)) => {
            problems.push(format!("{file}: \"{key}\" is unreadable ({e}); left out"));
            T::default()
        }
    }
}

/// A list field, keeping every element that reads and naming each that does not.
fn list<T: DeserializeOwned>(
    file: &str,
    key: &str,
    v: Option<Value>,
    problems: &mut Vec<String>,
) -> Vec<T> {
    let Some(v) = v else { return Vec::new() };
    let Value::Array(items) = v else {
        problems.push(format!("{file}: \"{key}\" is not a list; left out"));
        return Vec::new();
    };
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let id = item.get("id").and_then(Value::as_str).map(str::to_string);
            match serde_json::from_value(item) {
                Ok(x) => Some(x),
                Err(e) => {
                    let which = id.map_or(format!("#{i}"), |id| format!("#{i} ({id})"));
                    problems.push(format!(
                        "{file}: {key} {which} is unreadable ({e}); left out"
                    ));
                    None
                }
            }
        })
        .collect()
}

/// The part of a cut-off record that still parses: the fields before `"findings"` (the
/// record writes every other field first) and each complete finding after it.
fn cut(text: &str) -> Option<Map<String, Value>> {
    let key = text.find("\"findings\"")?;
    let head = text[..key].trim_end().trim_end_matches(',');
    let mut top: Map<String, Value> = match serde_json::from_str(&format!("{head}}}")).ok()? {
        Value::Object(m) => m,
        _ => return None,
    };
    let open = key + text[key..].find('[')? + 1;
    let mut rest = &text[open..];
    let mut findings = Vec::new();
    loop {
        rest = rest.trim_start();
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        match values.next() {
            Some(Ok(v)) => {
                findings.push(v);
                rest = rest[values.byte_offset()..].trim_start();
                match rest.strip_prefix(',') {
                    Some(r) => rest = r,
                    None => break,
                }
            }
            _ => break,
        }
    }
    top.insert("findings".into(), Value::Array(findings));
    Some(top)
}

//! The page of a full run loses nothing: every figure of every finding in the full-run
//! fixture (`tests/fixtures/full-run/`, the findings of a `just bench`) is on the page,
//! labelled and valued, inside that finding's own block.

use std::fs;
use std::path::Path;

use lab_findings::{RunRecord, format};

/// As the page's template engine escapes text.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[test]
fn every_figure_of_a_full_run_is_on_its_finding() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full-run");
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        fixture.join("findings.json"),
        dir.path().join("findings.json"),
    )
    .unwrap();
    let rendered = lab_reports::render(dir.path()).unwrap();
    assert!(rendered.unreadable.is_empty(), "{:?}", rendered.unreadable);
    let html = fs::read_to_string(&rendered.html).unwrap();
    let record = RunRecord::load(dir.path()).unwrap();
    assert!(record.findings.len() > 400, "the fixture is a full run");
    // The fixture is the full run at abe6378 plus 16 fuzz findings of an earlier run.
    for check in ["real-runtimes", "iter-real-runtimes", "fuzz"] {
        assert!(
            record.findings.iter().any(|f| f.check == check),
            "no {check} finding in the fixture"
        );
    }
    let mut figures = 0;
    for f in &record.findings {
        let start = html
            .find(&format!("<div class=\"finding\" id=\"{}\">", f.anchor()))
            .unwrap_or_else(|| panic!("no block for {}", f.id));
        let end = html[start + 1..]
            .find("<div class=\"finding\"")
            .map_or(html.len(), |e| start + 1 + e);
        let block = &html[start..end];
        // A figure has a row of its own, "label<td>value", or shares one with figures of
        // its metric that differ from it in one parameter K: "metric (the others) by K",
        // whose cell lists "value of K: figure" entries.
        for x in &f.figures {
            figures += 1;
            let value = escaped(&format::value(x.value));
            let own = format!("<tr><td>{}<td>{value}", escaped(&x.label()));
            let alone = ["<td>", "<tr>", "</table>"]
                .iter()
                .any(|next| block.contains(&format!("{own}{next}")));
            let shared = x.params.iter().any(|(key, v)| {
                let mut others = x.params.clone();
                others.remove(key);
                let name = if others.is_empty() {
                    format!("{} by {key}", x.metric)
                } else {
                    let o: Vec<String> = others.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    format!("{} ({}) by {key}", x.metric, o.join(", "))
                };
                let head = format!("<tr><td>{}<td>", escaped(&name));
                block.match_indices(&head).any(|(at, _)| {
                    let cell = &block[at + head.len()..];
                    let end = ["<td>", "<tr>", "</table>"]
                        .iter()
                        .filter_map(|t| cell.find(t))
                        .min()
                        .unwrap_or(cell.len());
                    let entry = escaped(&format!("{v}: {}", format::value(x.value)));
                    cell[..end].split(" · ").any(|e| e == entry)
                })
            });
            assert!(alone || shared, "{}: no row for {}", f.id, own);
        }
    }
    assert!(figures > 6000, "only {figures} figures checked");
}

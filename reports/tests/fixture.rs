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
    assert!(record.findings.len() > 100, "the fixture is a full run");
    let mut figures = 0;
    for f in &record.findings {
        let start = html
            .find(&format!("<div class=\"finding\" id=\"{}\">", f.anchor()))
            .unwrap_or_else(|| panic!("no block for {}", f.id));
        let end = html[start + 1..]
            .find("<div class=\"finding\"")
            .map_or(html.len(), |e| start + 1 + e);
        let block = &html[start..end];
        // The table lists each metric's figures together, metrics in order of first
        // appearance; a row under a row of the same metric writes the metric, and each
        // parameter value the row above shares, as a ditto mark, the others without their
        // names.
        let mut metrics: Vec<&str> = Vec::new();
        for x in &f.figures {
            if !metrics.contains(&x.metric.as_str()) {
                metrics.push(&x.metric);
            }
        }
        let mut rows: Vec<&lab_findings::Figure> = f.figures.iter().collect();
        rows.sort_by_key(|x| metrics.iter().position(|m| *m == x.metric));
        for (i, x) in rows.iter().enumerate() {
            figures += 1;
            let label = match i.checked_sub(1).map(|j| rows[j]) {
                Some(above)
                    if above.metric == x.metric
                        && !x.params.is_empty()
                        && above.params.keys().eq(x.params.keys()) =>
                {
                    let params: Vec<String> = x
                        .params
                        .iter()
                        .map(|(k, v)| {
                            if above.params.get(k) == Some(v) {
                                "〃".to_string()
                            } else {
                                v.to_string()
                            }
                        })
                        .collect();
                    format!("〃 ({})", params.join(", "))
                }
                _ => x.label(),
            };
            // Figure rows leave out the optional end tags, and the unit cell where it is the
            // unit above (the page template says why).
            let row = format!(
                "<tr><td>{}<td>{}",
                escaped(&label),
                escaped(&format::value(x.value))
            );
            let whole = ["<td>", "<tr>", "</table>"]
                .iter()
                .any(|next| block.contains(&format!("{row}{next}")));
            assert!(whole, "{}: no row {row}", f.id);
        }
    }
    assert!(figures > 2000, "only {figures} figures checked");
}

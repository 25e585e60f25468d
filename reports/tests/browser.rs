//! The report in a real browser: headless Chromium, networking disabled, renders the page
//! of a full run and the test asserts that every section, chart and finding anchor is there,
//! that a link into a closed fold opens it, that nothing is fetched, and that the page stays
//! within its height and size budget. Screenshots at 1,400 and 420 px go to
//! `target/browser/` to be looked at.
//!
//! The page is `LAB_PAGE` if set (CI points it at the run it just made), else the run in
//! `tests/fixtures/full-run/` rendered afresh. Without Chromium the test says so and
//! passes, unless `LAB_REQUIRE_BROWSER=1` (CI sets it).

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};

/// The budget for the page with every fold closed.
const MAX_HEIGHT_PX: f64 = 12_000.0;
const MAX_BYTES: u64 = 1_000_000;

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// The page under test and the findings it was rendered from.
fn page() -> (PathBuf, PathBuf) {
    if let Ok(p) = std::env::var("LAB_PAGE") {
        let page = PathBuf::from(p);
        let run = page
            .parent()
            .expect("a page inside a run folder")
            .to_path_buf();
        return (page, run.join("findings.json"));
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full-run");
    let dir = tempfile::tempdir().unwrap().keep();
    fs::copy(fixture.join("findings.json"), dir.join("findings.json")).unwrap();
    let rendered = lab_reports::render(&dir).unwrap();
    (rendered.html, dir.join("findings.json"))
}

/// Navigates to `url` and waits until the document has loaded: a navigation event alone
/// can arrive before the new document answers scripts.
fn load(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    for _ in 0..300 {
        let state = tab
            .evaluate("document.readyState", false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_str().map(str::to_string));
        if state.as_deref() == Some("complete") {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{url} did not finish loading in 30 s");
}

fn eval_f64(tab: &Tab, js: &str) -> f64 {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("{js} gave no number"))
}

fn eval_bool(tab: &Tab, js: &str) -> bool {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .and_then(|v| v.as_bool())
        .unwrap_or_else(|| panic!("{js} gave no boolean"))
}

fn set_width(tab: &Tab, width: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height: 900,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// A full-page PNG at the current width; returns the page's height in CSS pixels.
fn screenshot(tab: &Tab, path: &Path) -> f64 {
    let height = eval_f64(tab, "document.documentElement.scrollHeight");
    let width = eval_f64(tab, "document.documentElement.scrollWidth");
    let png = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Page::Viewport {
                x: 0.0,
                y: 0.0,
                width,
                height,
                scale: 1.0,
            }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: None,
        })
        .unwrap()
        .data;
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png)
        .unwrap();
    fs::write(path, bytes).unwrap();
    height
}

/// A headless Chromium with networking off, on `page` at 1,400 px, recording every request.
struct Session {
    _profile: tempfile::TempDir,
    _browser: Browser,
    tab: Arc<Tab>,
    requests: Arc<Mutex<Vec<String>>>,
    url: String,
}

fn open(chrome: PathBuf, page: &Path) -> Session {
    let profile = tempfile::tempdir().unwrap();
    let flags: Vec<&OsStr> = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        // Networking off: every host resolves to nothing and no proxy answers.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let browser = Browser::new(LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(chrome),
        user_data_dir: Some(profile.path().to_path_buf()),
        window_size: Some((1400, 900)),
        args: flags,
        idle_browser_timeout: Duration::from_secs(120),
        ..LaunchOptions::default()
    })
    .unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(60));
    let requests: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&requests);
    tab.add_event_listener(Arc::new(move |e: &Event| {
        if let Event::NetworkRequestWillBeSent(e) = e {
            seen.lock().unwrap().push(e.params.request.url.clone());
        }
    }))
    .unwrap();
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .unwrap();
    set_width(&tab, 1400);
    let url = format!("file://{}", fs::canonicalize(page).unwrap().display());
    load(&tab, &url);
    Session {
        _profile: profile,
        _browser: browser,
        tab,
        requests,
        url,
    }
}

/// Size and height of any page (`LAB_PAGE=... cargo test -p lab-reports --test browser --
/// --ignored`), for comparing layouts; asserts nothing about the page.
#[test]
#[ignore = "a measurement: needs LAB_PAGE and Chromium"]
fn measure_lab_page() {
    let page = PathBuf::from(std::env::var("LAB_PAGE").expect("LAB_PAGE"));
    let s = open(chromium().expect("Chromium"), &page);
    let height = eval_f64(&s.tab, "document.documentElement.scrollHeight");
    let bytes = fs::metadata(&page).unwrap().len();
    eprintln!(
        "{}: {bytes} bytes, {height} px tall at 1400 px",
        page.display()
    );
    let tops = s
        .tab
        .evaluate(
            "Array.from(document.querySelectorAll('h2')).map(h => h.id + ' ' + \
             Math.round(h.getBoundingClientRect().top + window.scrollY)).join(' / ')",
            false,
        )
        .unwrap()
        .value;
    eprintln!("sections start at: {}", tops.unwrap_or_default());
}

#[test]
fn the_page_renders_offline_with_every_section_and_anchor() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var("LAB_REQUIRE_BROWSER").is_err(),
            "LAB_REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium)"
        );
        eprintln!("skipped: no Chromium (apt-get install chromium to run the browser test)");
        return;
    };
    let (page, findings) = page();
    let bytes = fs::metadata(&page).unwrap().len();
    assert!(bytes < MAX_BYTES, "{} is {bytes} bytes", page.display());
    let record: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&findings).unwrap()).unwrap();

    // Bound whole: the browser and its profile live until the test ends.
    let session = open(chrome, &page);
    let (tab, requests, url) = (&session.tab, &session.requests, &session.url);

    // Every finding of findings.json has its anchor; every section its heading.
    let ids: Vec<String> = record["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().replace('/', "--"))
        .collect();
    assert!(!ids.is_empty());
    for id in &ids {
        assert!(
            eval_bool(tab, &format!("document.getElementById({id:?}) !== null")),
            "no anchor for finding {id}"
        );
    }
    for anchor in [
        "claims",
        "matrix-concurrent",
        "matrix-iterator",
        "reproduce",
    ] {
        assert!(
            eval_bool(
                tab,
                &format!("document.getElementById({anchor:?}) !== null")
            ),
            "no section {anchor}"
        );
    }
    let charts = eval_f64(tab, "document.querySelectorAll('.chart svg').length");
    assert!(charts >= 10.0, "only {charts} charts drawn");
    let cells = eval_f64(
        tab,
        "document.querySelectorAll('table.matrix td.c a').length",
    );
    assert!(
        cells >= ids.len() as f64 / 2.0,
        "only {cells} matrix cells link to findings"
    );

    // The page opens with every fold closed (but the notice of what is missing, when it is
    // short), within its height budget.
    let open_folds = eval_f64(
        tab,
        "document.querySelectorAll('details[open]:not(.notice details)').length",
    );
    assert_eq!(open_folds, 0.0, "folds open on arrival");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/browser");
    fs::create_dir_all(&shots).unwrap();
    let height = screenshot(tab, &shots.join("report-1400.png"));
    eprintln!("page: {bytes} bytes, {height} px tall at 1400 px");
    assert!(
        height < MAX_HEIGHT_PX,
        "the page is {height} px tall at 1400 px"
    );

    // A matrix cell's link opens the fold its finding sits in.
    let target = &ids[0];
    assert!(!eval_bool(
        tab,
        &format!("document.getElementById({target:?}).closest('details').open")
    ));
    tab.evaluate(
        &format!("document.querySelector('table.matrix a[href=\"#{target}\"]').click()"),
        false,
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        eval_bool(
            tab,
            &format!("document.getElementById({target:?}).closest('details').open")
        ),
        "following a link to {target} left its fold closed"
    );

    set_width(tab, 420);
    load(tab, url);
    let narrow = screenshot(tab, &shots.join("report-420.png"));
    let overflow = eval_f64(tab, "document.documentElement.scrollWidth");
    eprintln!("at 420 px: {narrow} px tall, {overflow} px wide");
    // The innermost elements reaching past the viewport, to say what to fix.
    let wide = tab
        .evaluate(
            "Array.from(document.querySelectorAll('body *')).filter(e => \
             e.getBoundingClientRect().right > 440 && e.children.length === 0 && \
             e.getClientRects().length > 0).slice(0, 5).map(e => e.tagName + ' ' + \
             Math.round(e.getBoundingClientRect().right) + ' ' + \
             e.textContent.slice(0, 60)).join(' | ')",
            false,
        )
        .ok()
        .and_then(|r| r.value)
        .unwrap_or_default();
    assert!(
        overflow <= 440.0,
        "the page scrolls sideways at 420 px ({overflow} px): {wide}"
    );

    let fetched: Vec<String> = requests
        .lock()
        .unwrap()
        .iter()
        .filter(|u| *u != url)
        .cloned()
        .collect();
    assert!(fetched.is_empty(), "the page fetched {fetched:?}");
}

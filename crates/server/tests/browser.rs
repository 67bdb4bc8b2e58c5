//! The browser test: starts the real server on 127.0.0.1 (a free port) over the sample
//! corpus plus one article whose text holds markup, then runs `tests/browser/ui.test.mjs`
//! (playwright-core driving Debian's chromium) against it.
//!
//! Needs `tests/browser/setup.sh` to have run (chromium, node, playwright-core). Without
//! them the test is skipped with a message locally, and fails under CI=true: a browser test
//! that silently did not run would pass for the wrong reason.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use faultline_server::{AppState, ServeOptions, router};

const CHROMIUM: &str = "/usr/bin/chromium";

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser")
}

/// What is missing to run the browser test, if anything.
fn missing() -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} not found"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node not found".into());
    }
    if !browser_dir().join("node_modules/playwright-core").exists() {
        return Some("tests/browser/node_modules/playwright-core not installed".into());
    }
    None
}

const MARKUP_ARTICLE: &str = "Gunmen attack village near Menaka\n\n\
MENAKA, 3 March 2024 (AFP) - <script>window.__xss = 1</script> Armed men attacked the village \
of Inekar near Menaka on Saturday, killing two civilians, a local official told AFP. \
<img src=x onerror=\"window.__xss = 2\"> The attackers fled on motorbikes.\n";

#[test]
fn the_ui_works_in_headless_chromium() {
    if let Some(what) = missing() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "the browser test cannot run under CI: {what}; run tests/browser/setup.sh first"
        );
        // Written past libtest's capture (which only takes the print macros), so that the
        // skip shows in a normal `cargo test` run.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "\nSKIPPED the browser test: {what}. Run tests/browser/setup.sh to install chromium and playwright-core.\n"
            )
            .as_bytes(),
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let extra = tmp.path().join("markup.txt");
    std::fs::write(&extra, MARKUP_ARTICLE).unwrap();
    let db = tmp.path().join("browser.db");
    common::build_db(&db, vec![common::sample_dir(), extra.clone()]);
    let store = faultline_store::Store::open_read_only(&db).unwrap();
    let xss_doc = store
        .document_ids()
        .unwrap()
        .into_iter()
        .find(|id| {
            store
                .document(id)
                .ok()
                .flatten()
                .is_some_and(|d| d.analysis.document.source.path.ends_with("markup.txt"))
        })
        .expect("the markup article is stored");
    drop(store);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let options = ServeOptions {
        local_hosts_only: true,
        ..ServeOptions::default()
    };
    let state = AppState::new(db.clone(), options).unwrap();
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    runtime.spawn(async move { axum::serve(listener, app).await });

    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/artifacts");
    let mut child = Command::new("node")
        .arg("ui.test.mjs")
        .current_dir(browser_dir())
        .env("BASE_URL", format!("http://{addr}/"))
        .env("XSS_DOC", &xss_doc)
        .env("ARTIFACTS", &artifacts)
        .env("CHROMIUM", CHROMIUM)
        .spawn()
        .expect("start node");
    // A hung browser must not hang the test suite.
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the browser test took more than 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    runtime.shutdown_timeout(Duration::from_secs(1));
    assert!(
        status.success(),
        "the browser test failed ({status}); screenshots are in {}",
        artifacts.display()
    );
}

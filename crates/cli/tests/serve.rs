//! End-to-end: the real binary serves the UI and API. `faultline demo` ends by serving and
//! printing its address; `faultline serve` refuses a missing database before binding.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;

/// Kills the server when the test ends, passed or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads stdout until the "Serving … at http://ADDR/" line and returns ADDR.
fn address(child: &mut Child) -> String {
    let out = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(out).lines();
    for line in lines.by_ref() {
        let line = line.expect("stdout line");
        if let Some(rest) = line.split("at http://").nth(1) {
            return rest.split('/').next().unwrap_or_default().to_string();
        }
    }
    panic!("the server never printed its address");
}

/// A plain HTTP/1.0 GET, enough to check an answer without a client library.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn demo_ends_by_serving_the_ui_and_printing_its_address() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    let child = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let addr = address(&mut server.0);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let (status, stats) = get(&addr, "/api/v1/stats");
    assert_eq!(status, 200, "{stats}");
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["documents"], 5);
    let (status, page) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<title>faultline</title>"));
}

#[test]
fn serve_in_json_mode_says_where_it_listens_as_json() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("kb.db");
    let status = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--no-serve", "--quiet"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let child = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["--json", "serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let out = server.0.stdout.take().unwrap();
    let first = BufReader::new(out).lines().next().unwrap().unwrap();
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    let url = json["serving"].as_str().unwrap();
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let (status, _) = get(addr, "/api/v1/openapi.json");
    assert_eq!(status, 200);
}

#[test]
fn serve_refuses_a_missing_database() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--db")
        .arg(tmp.path().join("none.db"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no database here yet"), "{err}");
    assert!(
        !tmp.path().join("none.db").exists(),
        "serve must not create a database"
    );
}

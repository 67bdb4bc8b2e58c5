//! How the API holds up on a large store: 100,000 events (2,000 synthetic documents of 50
//! events each, made from the sample corpus's own events with varied dates, places, types
//! and counts). Ignored by default because building the store takes minutes; run with
//!
//!     cargo test -p faultline-server --release --test scale -- --ignored --nocapture
//!
//! Set FAULTLINE_SCALE_DOCS to change the number of documents, FAULTLINE_SCALE_DB to a path
//! to keep the store (an existing one is reused), and FAULTLINE_SCALE_SERVE to an address to
//! serve it for two minutes afterwards.

mod common;

use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, NaiveDate};
use faultline_model::fact::{DateRange, EventLocation, FactDate};
use faultline_model::time::Precision;
use faultline_packs::Packs;
use faultline_server::{AppState, ServeOptions, router};
use faultline_store::Store;
use tower::ServiceExt;

const EVENTS_PER_DOC: usize = 50;

/// A small deterministic generator (no dependency, same store every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

async fn timed(app: &axum::Router, uri: &str) -> (f64, usize) {
    let t = Instant::now();
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (t.elapsed().as_secs_f64() * 1000.0, body.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "builds a 100,000-event store; run by hand (see the file's comment)"]
async fn api_timings_on_100k_events() {
    let docs: usize = std::env::var("FAULTLINE_SCALE_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let packs = Packs::embedded();
    let sample = common::analyse(vec![common::sample_dir()], &packs);
    let template = sample
        .iter()
        .max_by_key(|a| a.events.len())
        .expect("sample analyses")
        .clone();
    let events: Vec<_> = sample.iter().flat_map(|a| a.events.clone()).collect();
    assert!(!events.is_empty(), "the sample yields no event to copy");
    let dir = tempfile::tempdir().unwrap();
    // FAULTLINE_SCALE_DB keeps the store for looking at the UI over it (`faultline serve`).
    let db = std::env::var_os("FAULTLINE_SCALE_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("scale.db"));
    let reuse = db.exists();
    let mut store = Store::open(&db).unwrap();
    let mut rng = Lcg(7);
    let start_day = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    let t = Instant::now();
    let mut batch = Vec::new();
    for i in 0..if reuse { 0 } else { docs } {
        let mut a = template.clone();
        a.document.id.0 = format!("{:032x}", 0x5ca1_e000_0000_0000_u64 + i as u64);
        a.document.source.path = format!("synthetic/{i}.txt");
        a.events = (0..EVENTS_PER_DOC)
            .map(|j| {
                let mut e = events[(i * EVENTS_PER_DOC + j) % events.len()].clone();
                let day = start_day + Duration::days((rng.next() * 2000.0) as i64);
                e.date = FactDate {
                    label: Some(day.to_string()),
                    range: Some(DateRange {
                        from: day,
                        to: day,
                        precision: Precision::Day,
                    }),
                    ..e.date
                };
                e.location = Some(EventLocation {
                    name: format!("Place {}", (rng.next() * 5000.0) as u32),
                    lat: 10.0 + rng.next() * 15.0,
                    lon: -12.0 + rng.next() * 22.0,
                    admin1: None,
                    country: "ML".into(),
                    geo_precision: 1,
                    gazetteer_id: None,
                });
                e.fatalities = Some((rng.next() * 12.0) as u32);
                e
            })
            .collect();
        batch.push(a);
        if batch.len() == 100 {
            store.insert_batch(&batch).unwrap();
            batch.clear();
        }
    }
    if !batch.is_empty() {
        store.insert_batch(&batch).unwrap();
    }
    drop(store);
    println!(
        "built {} events in {docs} documents in {:.1} s",
        docs * EVENTS_PER_DOC,
        t.elapsed().as_secs_f64()
    );

    let app = router(AppState::new(db.clone(), ServeOptions::default()).unwrap());
    for uri in [
        "/api/v1/stats",
        "/api/v1/stats",
        "/api/v1/events/histogram",
        "/api/v1/events/histogram?type=Battles",
        "/api/v1/events?from=2021-01-01&to=2021-03-31&bbox=-5,12,0,17&limit=2000",
        "/api/v1/events?from=2021-01-01&to=2021-12-31&limit=2000",
        "/api/v1/events?limit=2000",
        "/api/v1/graph?at=2024-05-20",
        "/api/v1/actors",
        "/api/v1/search?q=Kidal",
    ] {
        let (ms, bytes) = timed(&app, uri).await;
        println!("{ms:9.1} ms {bytes:9} bytes  {uri}");
    }
    // FAULTLINE_SCALE_SERVE=127.0.0.1:PORT serves the store for two minutes, to time the
    // page in a browser against an optimised server.
    if let Some(addr) = std::env::var("FAULTLINE_SCALE_SERVE")
        .ok()
        .and_then(|a| a.parse().ok())
    {
        let db = db.clone();
        println!("serving on http://{addr}/ for 120 s");
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(120),
            faultline_server::serve(addr, db, ServeOptions::default()),
        )
        .await;
    }
}

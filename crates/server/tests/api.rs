//! API v1 through the router, on a database the real pipeline filled from the sample
//! corpus: the answers analysts rely on (the graph at a date, the merged Kidal event, the
//! documents with their spans), the error contract, the limits, and the OpenAPI document
//! matching what the routes answer.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use faultline_server::{AppState, RateLimit, ServeOptions, router};
use serde_json::Value;
use tower::ServiceExt;

fn app() -> axum::Router {
    let state = AppState::new(common::sample_db().to_path_buf(), ServeOptions::default())
        .expect("open the sample database");
    router(state)
}

async fn send(app: &axum::Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
        .await
        .expect("body");
    (status, headers, body.to_vec())
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "{uri}"
    );
    let json = serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: {e}"));
    (status, json)
}

fn edges_between<'a>(graph: &'a Value, a: &str, b: &str) -> Vec<&'a Value> {
    graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            let (s, t) = (e["source"]["id"].as_str(), e["target"]["id"].as_str());
            (s == Some(a) && t == Some(b)) || (s == Some(b) && t == Some(a))
        })
        .collect()
}

#[tokio::test]
async fn stats_count_the_five_sample_documents() {
    let (status, stats) = get(&app(), "/api/v1/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["documents"], 5);
    assert!(stats["sentences"].as_i64().unwrap() > 50);
    assert!(stats["first_event"].is_string(), "{stats}");
}

#[tokio::test]
async fn graph_on_2024_05_20_has_the_intended_csp_jnim_pact_and_csp_fama_hostility() {
    let (status, graph) = get(&app(), "/api/v1/graph?at=2024-05-20").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(graph["at"], "2024-05-20");
    let pact = edges_between(&graph, "csp", "jnim");
    assert!(
        pact.iter().any(|e| {
            matches!(
                e["predicate"].as_str(),
                Some("non_aggression_pact" | "negotiating_with")
            ) && e["status"] == "intended"
                && e["evidence_count"].as_u64() >= Some(1)
        }),
        "CSP–JNIM edges: {pact:#?}"
    );
    let hostile = edges_between(&graph, "csp", "fama");
    assert!(
        hostile
            .iter()
            .any(|e| e["predicate"] == "hostile_to" && e["status"] == "established"),
        "CSP–FAMa edges: {hostile:#?}"
    );
    // Every edge names both ends by id and name, and both ends are nodes.
    let nodes: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for e in graph["edges"].as_array().unwrap() {
        for end in ["source", "target"] {
            assert!(e[end]["name"].is_string());
            assert!(nodes.contains(&e[end]["id"].as_str().unwrap()), "{e}");
        }
    }
}

#[tokio::test]
async fn graph_edges_carry_a_bounded_sample_of_their_evidence_and_count_it_all() {
    let app = app();
    let (_, full) = get(&app, "/api/v1/relations?at=2024-05-20&evidence=1000").await;
    let (status, small) = get(&app, "/api/v1/graph?at=2024-05-20&evidence=1").await;
    assert_eq!(status, StatusCode::OK);
    let counted: Vec<(String, u64)> = full["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["predicate"].to_string(),
                e["evidence_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        counted.iter().any(|(_, n)| *n > 1),
        "need an edge with two pieces of evidence"
    );
    let mut total = 0;
    for e in small["edges"].as_array().unwrap() {
        assert_eq!(e["evidence"].as_array().unwrap().len(), 1);
        total += e["evidence_count"].as_u64().unwrap();
    }
    assert_eq!(total, counted.iter().map(|(_, n)| n).sum::<u64>());
    // Edges alone, as the UI draws them: no sentence read, every edge still counted.
    let (status, bare) = get(&app, "/api/v1/graph?at=2024-05-20&evidence=0").await;
    assert_eq!(status, StatusCode::OK);
    let bare_edges = bare["edges"].as_array().unwrap();
    assert_eq!(bare_edges.len(), small["edges"].as_array().unwrap().len());
    let mut bare_total = 0;
    for e in bare_edges {
        assert!(e["evidence"].as_array().unwrap().is_empty(), "{e}");
        bare_total += e["evidence_count"].as_u64().unwrap();
    }
    assert_eq!(bare_total, total);
    let (status, _) = get(&app, "/api/v1/graph?at=2024-05-20&evidence=1001").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn relations_around_one_actor_only_touch_that_actor() {
    let (status, rel) = get(&app(), "/api/v1/relations?at=2024-05-20&actor=jnim").await;
    assert_eq!(status, StatusCode::OK);
    let edges = rel["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert!(
            e["source"]["id"] == "jnim" || e["target"]["id"] == "jnim",
            "{e}"
        );
        assert!(!e["evidence"][0]["sentence"].as_str().unwrap().is_empty());
    }
}

/// Showing one edge asks for that edge alone: the same state, count and evidence as in the
/// actor's listing, and nothing of the actor's other edges.
#[tokio::test]
async fn one_edge_is_answered_alone_with_what_the_actor_listing_says_of_it() {
    let app = app();
    let (_, rel) = get(
        &app,
        "/api/v1/relations?at=2024-05-20&actor=jnim&evidence=200",
    )
    .await;
    let edges = rel["edges"].as_array().unwrap();
    assert!(edges.len() > 1, "need an actor with several edges");
    for e in edges {
        let uri = format!(
            "/api/v1/relations?at=2024-05-20&actor={}&target={}&predicate={}&evidence=200",
            e["source"]["id"].as_str().unwrap(),
            e["target"]["id"].as_str().unwrap(),
            e["predicate"].as_str().unwrap()
        );
        let (status, one) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(
            one["edges"].as_array().unwrap().as_slice(),
            std::slice::from_ref(e),
            "{uri}"
        );
    }
    let (status, none) = get(
        &app,
        "/api/v1/relations?at=2024-05-20&actor=jnim&target=nobody&predicate=allied_with",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(none["edges"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_capture_of_kidal_is_one_event_citing_seeds_000_003_and_004() {
    let app = app();
    let (status, page) = get(&app, "/api/v1/events?limit=5000").await;
    assert_eq!(status, StatusCode::OK);
    let events = page["events"].as_array().unwrap();
    let kidal: Vec<&Value> = events
        .iter()
        .filter(|e| {
            e["location"]["name"] == "Kidal"
                && e["date"].as_str().is_some_and(|d| d.starts_with("2023-11"))
        })
        .collect();
    assert_eq!(kidal.len(), 1, "{kidal:#?}");
    let sources: Vec<&str> = kidal[0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source_path"].as_str().unwrap())
        .collect();
    for seed in ["000_", "003_", "004_"] {
        assert!(
            sources.iter().any(|p| p.contains(seed)),
            "{seed} missing from {sources:?}"
        );
    }
    // The same event by id, and filters that keep or drop it.
    let id = kidal[0]["id"].as_i64().unwrap();
    let (status, one) = get(&app, &format!("/api/v1/events/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["id"], id);
    let lon = kidal[0]["location"]["lon"].as_f64().unwrap();
    let lat = kidal[0]["location"]["lat"].as_f64().unwrap();
    let around = format!(
        "/api/v1/events?from=2023-11-01&to=2023-11-30&bbox={},{},{},{}",
        lon - 0.5,
        lat - 0.5,
        lon + 0.5,
        lat + 0.5
    );
    let (_, near) = get(&app, &around).await;
    assert!(
        near["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id)
    );
    let (_, far) = get(&app, "/api/v1/events?bbox=100,0,110,10").await;
    assert!(far["events"].as_array().unwrap().is_empty());
    let (_, before) = get(&app, "/api/v1/events?to=2020-01-01").await;
    assert!(
        !before["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id)
    );
}

#[tokio::test]
async fn compact_event_lists_leave_out_the_evidence_but_count_it() {
    let app = app();
    let (_, full) = get(&app, "/api/v1/events?limit=50").await;
    let (status, compact) = get(&app, "/api/v1/events?limit=50&compact=true").await;
    assert_eq!(status, StatusCode::OK);
    let (full, compact) = (
        full["events"].as_array().unwrap(),
        compact["events"].as_array().unwrap(),
    );
    assert_eq!(full.len(), compact.len());
    for (f, c) in full.iter().zip(compact) {
        assert_eq!(f["id"], c["id"]);
        assert_eq!(c["sources"].as_array().unwrap().len(), 0);
        assert_eq!(
            c["source_count"].as_u64().unwrap() as usize,
            f["sources"].as_array().unwrap().len()
        );
    }
}

#[tokio::test]
async fn event_pages_follow_the_cursor_without_repeats() {
    let app = app();
    let (_, all) = get(&app, "/api/v1/events?limit=5000").await;
    let total = all["events"].as_array().unwrap().len();
    assert!(total >= 2, "need two events to page");
    let mut seen = Vec::new();
    let mut uri = "/api/v1/events?limit=1".to_string();
    loop {
        let (status, page) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK);
        for e in page["events"].as_array().unwrap() {
            seen.push(e["id"].as_i64().unwrap());
        }
        match page["next_cursor"].as_i64() {
            Some(c) => uri = format!("/api/v1/events?limit=1&cursor={c}"),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), seen.len());
    assert_eq!(seen.len(), total);
}

#[tokio::test]
async fn histogram_counts_every_dated_event() {
    let app = app();
    let (_, all) = get(&app, "/api/v1/events?limit=5000").await;
    let dated = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["date_start"].is_string())
        .count() as u64;
    let (status, h) = get(&app, "/api/v1/events/histogram").await;
    assert_eq!(status, StatusCode::OK);
    let counted: u64 = h["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, dated);
    let (status, by_month) = get(&app, "/api/v1/events/histogram?bucket=month&type=Battles").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_month["bucket"], "month");
    // A filtered timeline counts what the same filter lists, also when asked again (cached).
    let (_, battles) = get(&app, "/api/v1/events?type=Battles&limit=5000").await;
    let dated_battles = battles["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["date_start"].is_string())
        .count() as u64;
    assert!(dated_battles > 0);
    for _ in 0..2 {
        let (_, h) = get(&app, "/api/v1/events/histogram?type=Battles").await;
        let n: u64 = h["bins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["count"].as_u64().unwrap())
            .sum();
        assert_eq!(n, dated_battles);
    }
}

#[tokio::test]
async fn a_document_comes_with_raw_and_clean_text_and_spans_inside_the_text() {
    let app = app();
    let (_, page) = get(&app, "/api/v1/events?limit=1").await;
    let doc_id = page["events"][0]["sources"][0]["doc_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, doc) = get(&app, &format!("/api/v1/documents/{doc_id}")).await;
    assert_eq!(status, StatusCode::OK);
    let text = doc["text"].as_str().unwrap();
    assert!(!doc["raw"].as_str().unwrap().is_empty());
    let marks = doc["marks"].as_array().unwrap();
    for layer in ["mention", "place", "time", "event"] {
        assert!(marks.iter().any(|m| m["layer"] == layer), "no {layer} mark");
    }
    for m in marks.iter().chain(doc["sentences"].as_array().unwrap()) {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert!(text.get(s..e).is_some(), "span {s}..{e} not in the text");
    }
    // A unique prefix finds the same document.
    let (status, again) = get(&app, &format!("/api/v1/documents/{}", &doc_id[..10])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], doc["id"]);
}

#[tokio::test]
async fn search_finds_sentences_and_actors_and_marks_the_words() {
    let app = app();
    let (status, found) = get(&app, "/api/v1/search?q=non-aggression%20pact").await;
    assert_eq!(status, StatusCode::OK);
    let hits = found["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    let first = &hits[0];
    let sentence = first["sentence"].as_str().unwrap();
    let marked: Vec<&str> = first["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            &sentence[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize]
        })
        .collect();
    assert!(
        marked.iter().any(|w| w.eq_ignore_ascii_case("pact")),
        "{marked:?}"
    );
    let (_, by_name) = get(&app, "/api/v1/search?q=JNIM").await;
    assert!(
        by_name["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "jnim")
    );
}

#[tokio::test]
async fn actors_list_the_seen_ones_and_one_actor_has_its_history() {
    let app = app();
    let (status, list) = get(&app, "/api/v1/actors").await;
    assert_eq!(status, StatusCode::OK);
    let actors = list["actors"].as_array().unwrap();
    assert!(
        actors
            .iter()
            .any(|a| a["id"] == "jnim" && a["mentions"].as_i64() > Some(0))
    );
    let (_, all) = get(&app, "/api/v1/actors?all=true").await;
    assert!(all["actors"].as_array().unwrap().len() > actors.len());
    let (status, csp) = get(&app, "/api/v1/actors/csp").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csp["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["relation"] == "member_of")
    );
    assert!(csp["activity"]["mentions"].as_i64() > Some(0));
    let shown = csp["timeline"].as_array().unwrap().len();
    assert!(shown > 0);
    // The seed articles give the CSP fewer entries than the view holds: all are shown.
    assert_eq!(csp["timeline_total"].as_u64(), Some(shown as u64));
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_stable_code_and_say_what_was_wrong() {
    let app = app();
    let cases = [
        ("/api/v1/graph?at=2024-13-01", "`at`"),
        ("/api/v1/relations?at=yesterday", "`at`"),
        ("/api/v1/relations?actor=jnim&target=csp", "`target`"),
        ("/api/v1/events?bbox=1,2,3", "`bbox`"),
        ("/api/v1/events?limit=0", "`limit`"),
        ("/api/v1/events?from=2024-02-01&to=2024-01-01", "`from`"),
        ("/api/v1/events?cursor=abc", "`cursor`"),
        ("/api/v1/events/histogram?bucket=week", "`bucket`"),
        ("/api/v1/events/abc", "`id`"),
        ("/api/v1/documents/xyz", "`id`"),
        ("/api/v1/search", "`q`"),
        ("/api/v1/actors?all=maybe", "`all`"),
    ];
    for (uri, names) in cases {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(body["error"]["code"], "bad_parameter", "{uri}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(names),
            "{uri}: {body}"
        );
    }
    for uri in [
        "/api/v1/events/999999",
        "/api/v1/documents/ffffffffffff",
        "/api/v1/actors/no-such-actor",
        "/api/v1/nothing-here",
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(body["error"]["code"], "not_found", "{uri}");
    }
}

#[tokio::test]
async fn the_api_is_read_only_and_refuses_big_bodies() {
    let app = app();
    let post = Request::post("/api/v1/events")
        .body(Body::from("{}"))
        .unwrap();
    let (status, _, _) = send(&app, post).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let big = vec![b'x'; faultline_server::BODY_LIMIT + 1];
    let request = Request::post("/api/v1/ingest")
        .header("content-length", big.len())
        .body(Body::from(big))
        .unwrap();
    let (status, _, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_with_retry_after() {
    let options = ServeOptions {
        rate_limit: RateLimit {
            per_second: 0.5,
            burst: 3.0,
        },
        ..ServeOptions::default()
    };
    let app = router(AppState::new(common::sample_db().to_path_buf(), options).unwrap());
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let (status, headers, _) = send(
            &app,
            Request::get("/api/v1/stats").body(Body::empty()).unwrap(),
        )
        .await;
        statuses.push(status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert!(headers.contains_key("retry-after"));
        }
    }
    assert_eq!(&statuses[..3], &[StatusCode::OK; 3]);
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_local_server_refuses_requests_for_other_host_names() {
    let options = ServeOptions {
        local_hosts_only: true,
        ..ServeOptions::default()
    };
    let app = router(AppState::new(common::sample_db().to_path_buf(), options).unwrap());
    let ask = |host: &'static str| {
        Request::get("/api/v1/stats")
            .header("host", host)
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, body) = send(&app, ask("rebound.example:8080")).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["code"], "wrong_host");
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
        let (status, _, _) = send(&app, ask(host)).await;
        assert_eq!(status, StatusCode::OK, "{host}");
    }
}

#[tokio::test]
async fn the_page_is_served_with_a_strict_content_security_policy() {
    let app = app();
    let (status, headers, body) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(body).unwrap();
    assert!(
        html.contains("<script type=\"module\" src=\"app.js\">"),
        "{html}"
    );
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    for path in [
        "/app.js",
        "/vendor/cytoscape.esm.min.mjs",
        "/vendor/countries-50m.json",
    ] {
        let (status, headers, _) =
            send(&app, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(headers.contains_key("etag"), "{path}");
    }
}

/// Follows `$ref`s into `components.schemas`.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            resolve(spec, &spec["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// Checks that `value` has exactly the properties `schema` describes, recursively, and
/// that required ones are there. Returns the problems found.
fn conforms(spec: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if let Some(alternatives) = schema["oneOf"].as_array() {
        // utoipa writes Option<T> as oneOf [null, T].
        if value.is_null() {
            return;
        }
        for alt in alternatives {
            if resolve(spec, alt)["type"] != "null" {
                conforms(spec, alt, value, at, problems);
            }
        }
        return;
    }
    match value {
        Value::Object(map) => {
            let Some(props) = schema["properties"].as_object() else {
                return;
            };
            for key in map.keys() {
                if !props.contains_key(key) {
                    problems.push(format!("{at}.{key}: not in the OpenAPI schema"));
                }
            }
            for req in schema["required"].as_array().into_iter().flatten() {
                let key = req.as_str().unwrap();
                if !map.contains_key(key) {
                    problems.push(format!("{at}.{key}: required but missing"));
                }
            }
            for (key, v) in map {
                if let Some(p) = props.get(key) {
                    conforms(spec, p, v, &format!("{at}.{key}"), problems);
                }
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                conforms(spec, &schema["items"], first, &format!("{at}[0]"), problems);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_answers_match_their_schemas() {
    let app = app();
    let (status, spec) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = spec["paths"].as_object().unwrap();
    let (_, page) = get(&app, "/api/v1/events?limit=1").await;
    let event_id = page["events"][0]["id"].as_i64().unwrap();
    let doc_id = page["events"][0]["sources"][0]["doc_id"]
        .as_str()
        .unwrap()
        .to_string();
    let calls = [
        ("/api/v1/stats", "/api/v1/stats".to_string()),
        ("/api/v1/actors", "/api/v1/actors".to_string()),
        ("/api/v1/actors/{id}", "/api/v1/actors/jnim".to_string()),
        (
            "/api/v1/relations",
            "/api/v1/relations?at=2024-05-20".to_string(),
        ),
        ("/api/v1/graph", "/api/v1/graph?at=2024-05-20".to_string()),
        ("/api/v1/events", "/api/v1/events".to_string()),
        (
            "/api/v1/events/histogram",
            "/api/v1/events/histogram".to_string(),
        ),
        ("/api/v1/events/{id}", format!("/api/v1/events/{event_id}")),
        (
            "/api/v1/documents/{id}",
            format!("/api/v1/documents/{doc_id}"),
        ),
        ("/api/v1/search", "/api/v1/search?q=Kidal".to_string()),
    ];
    let mut problems = Vec::new();
    for (template, uri) in &calls {
        let op = &paths
            .get(*template)
            .unwrap_or_else(|| panic!("{template} not in the OpenAPI document"))["get"];
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        assert!(schema.is_object(), "{template} has no 200 schema");
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        conforms(&spec, schema, &body, template, &mut problems);
    }
    assert!(problems.is_empty(), "{problems:#?}");
    // And the other way round: every documented path is one of the routes checked here.
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    documented.sort();
    let mut called: Vec<&str> = calls.iter().map(|(t, _)| *t).collect();
    called.push("/api/v1/openapi.json");
    called.sort();
    assert_eq!(documented, called);
    // An error answer has the documented error shape.
    let (_, err) = get(&app, "/api/v1/graph?at=nope").await;
    let error_schema = &spec["components"]["schemas"]["ErrorBody"];
    conforms(&spec, error_schema, &err, "error", &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
}

//! `faultline serve`: a read-only, versioned JSON API over a faultline database and the web
//! UI (map, timeline, actor graph at a date, evidence) served from the same binary.
//!
//! Architecture Invariant: this is the only crate that names the HTTP crates. It never
//! writes the database (it opens it read-only) and never decides facts: merging events and
//! the state of a relation at a date are the store's job, names over time and memberships
//! the actor pack's. It binds to 127.0.0.1 unless told otherwise, and sends nothing
//! anywhere: the UI's map shapes and scripts are embedded.
//!
//! rusqlite connections are not `Sync`, so requests borrow a read-only [`Store`] from a small
//! pool and run their query on tokio's blocking threads.

pub mod api;
pub mod assets;
pub mod error;
pub mod limit;
pub mod params;
pub mod views;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use faultline_packs::Packs;
use faultline_store::Store;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::{ApiError, Code, ServerError};
pub use limit::RateLimit;

#[cfg(test)]
mod tests {
    #[test]
    fn local_hosts_are_recognised_with_and_without_ports() {
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:8080",
            "127.1.2.3",
            "[::1]:80",
            "LOCALHOST",
        ] {
            assert!(super::is_local_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "192.168.1.2:8080",
            "localhost.evil.example",
            "",
        ] {
            assert!(!super::is_local_host(bad), "{bad}");
        }
    }
}

/// Largest request body accepted: no route takes one, so anything big is a mistake.
pub const BODY_LIMIT: usize = 16 * 1024;
/// Filtered timelines kept in memory.
const FILTERED_KEPT: usize = 32;
/// Idle read-only connections kept for reuse.
const POOL_SIZE: usize = 4;
/// How long the cached whole-store summary is trusted before checking for new documents.
const SUMMARY_RECHECK: Duration = Duration::from_secs(5);

/// How the server runs.
#[derive(Clone)]
pub struct ServeOptions {
    /// Packs for actor names over time, memberships and leaders.
    pub packs: Arc<Packs>,
    pub rate_limit: RateLimit,
    /// Refuse requests whose `Host` is not localhost or a loopback address, so that a web
    /// page cannot reach a server bound to 127.0.0.1 through DNS rebinding. `serve_on` sets
    /// it for a loopback listener (seen from another machine, the Host is this machine's
    /// name or address).
    pub local_hosts_only: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            packs: Arc::new(Packs::embedded()),
            rate_limit: RateLimit::default(),
            local_hosts_only: false,
        }
    }
}

/// Event counts per day by filter key.
type FilteredDays = HashMap<String, Arc<api::EventDays>>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: PathBuf,
    pool: Mutex<Vec<Store>>,
    packs: Arc<Packs>,
    limiter: Arc<limit::Limiter>,
    /// Whole-store summary (the unfiltered timeline, the span of relation dates), with the
    /// document count it was computed at and when that was last checked.
    summary: Mutex<Option<(i64, Instant, Arc<Summary>)>>,
    /// Filtered timelines (actor, type, box), valid for the summary they were made under.
    filtered: Mutex<(Option<Arc<Summary>>, FilteredDays)>,
    /// Only answer requests addressed to this machine by name (see [`check_host`]).
    local_hosts_only: bool,
}

impl AppState {
    /// State over the database at `db`; fails early when it cannot be opened for reading.
    pub fn new(db: PathBuf, options: ServeOptions) -> Result<Self, ServerError> {
        let first = Store::open_read_only(&db)?;
        Ok(AppState {
            inner: Arc::new(Inner {
                db,
                pool: Mutex::new(vec![first]),
                packs: options.packs,
                limiter: Arc::new(limit::Limiter::new(options.rate_limit)),
                summary: Mutex::new(None),
                filtered: Mutex::new((None, HashMap::new())),
                local_hosts_only: options.local_hosts_only,
            }),
        })
    }

    pub fn packs(&self) -> Arc<Packs> {
        self.inner.packs.clone()
    }

    /// Runs `f` with a read-only store on a blocking thread.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let store = match pooled {
                Some(s) => s,
                None => Store::open_read_only(&inner.db)?,
            };
            let out = f(&store);
            let mut pool = inner.pool.lock().unwrap_or_else(|p| p.into_inner());
            if pool.len() < POOL_SIZE {
                pool.push(store);
            }
            out
        })
        .await
        .map_err(|e| {
            eprintln!("faultline serve: a query failed: {e}");
            ApiError::new(Code::Internal, "internal error; see the server log")
        })?
    }

    /// The whole-store summary, recomputed when documents were added. Costs a pass over
    /// every event and relation the first time; later requests share it.
    fn summary(&self, store: &Store) -> Result<Arc<Summary>, ApiError> {
        let now = Instant::now();
        {
            let cached = self.inner.summary.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((_, checked, summary)) = cached.as_ref()
                && now.saturating_duration_since(*checked) < SUMMARY_RECHECK
            {
                return Ok(summary.clone());
            }
        }
        let documents = store.stats()?.documents;
        let mut cached = self.inner.summary.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((count, checked, summary)) = cached.as_mut()
            && *count == documents
        {
            *checked = now;
            return Ok(summary.clone());
        }
        let days = api::event_days(store, &faultline_store::EventQuery::default())?;
        // The far-future state of the graph keeps every relation with its first and last
        // evidence dates.
        let edges = store.relations_at_with("9999-12-31", None, Some(0))?;
        let summary = Arc::new(Summary {
            days,
            first_relation: edges.iter().filter_map(|e| e.first_seen.clone()).min(),
            last_relation: edges.iter().filter_map(|e| e.last_seen.clone()).max(),
        });
        *cached = Some((documents, now, summary.clone()));
        Ok(summary)
    }
}

impl AppState {
    /// Event counts per day for an actor, type or box filter (dates ignored: the caller
    /// cuts the window), kept until documents are added. A few recent filters are kept, as
    /// a user switches between them.
    fn filtered_days(
        &self,
        store: &Store,
        q: &faultline_store::EventQuery,
    ) -> Result<Arc<api::EventDays>, ApiError> {
        let summary = self.summary(store)?;
        let key = format!("{:?}|{:?}|{:?}", q.actor, q.event_type, q.bbox);
        {
            let mut cache = self
                .inner
                .filtered
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if !cache.0.as_ref().is_some_and(|s| Arc::ptr_eq(s, &summary)) {
                *cache = (Some(summary.clone()), HashMap::new());
            }
            if let Some(days) = cache.1.get(&key) {
                return Ok(days.clone());
            }
        }
        let mut whole = q.clone();
        whole.from = None;
        whole.to = None;
        let days = Arc::new(api::event_days(store, &whole)?);
        let mut cache = self
            .inner
            .filtered
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if cache.1.len() >= FILTERED_KEPT {
            cache.1.clear();
        }
        cache.1.insert(key, days.clone());
        Ok(days)
    }
}

/// What the whole store spans: for the timeline's bounds and unfiltered histogram.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub days: api::EventDays,
    pub first_relation: Option<String>,
    pub last_relation: Option<String>,
}

/// The API routes with their OpenAPI descriptions, before state is attached.
fn api_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(api::ApiDoc::openapi())
        .routes(routes!(api::stats))
        .routes(routes!(api::actors))
        .routes(routes!(api::actor))
        .routes(routes!(api::relations))
        .routes(routes!(api::graph))
        .routes(routes!(api::events))
        .routes(routes!(api::histogram))
        .routes(routes!(api::event))
        .routes(routes!(api::document))
        .routes(routes!(api::search))
        .split_for_parts()
}

/// The OpenAPI document of API v1, as served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = api_routes();
    let described = utoipa::openapi::path::PathItem::new(
        utoipa::openapi::HttpMethod::Get,
        utoipa::openapi::path::OperationBuilder::new()
            .operation_id(Some("openapi"))
            .summary(Some("This OpenAPI document"))
            .response(
                "200",
                utoipa::openapi::ResponseBuilder::new()
                    .description("The OpenAPI 3.1 document of this API"),
            ),
    );
    doc.paths
        .paths
        .insert("/api/v1/openapi.json".to_string(), described);
    doc
}

/// The whole application: API, OpenAPI document, UI files, limits and security headers.
pub fn router(state: AppState) -> Router {
    let (api, _) = api_routes();
    let spec = Arc::new(openapi());
    let limiter = state.inner.limiter.clone();
    let local_only = state.inner.local_hosts_only;
    Router::new()
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let spec = spec.clone();
                async move { axum::Json(spec.as_ref().clone()) }
            }),
        )
        .fallback(fallback)
        .with_state(state)
        .layer(middleware::from_fn_with_state(limiter, limit::rate_limit))
        .layer(middleware::from_fn_with_state(local_only, check_host))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(body_too_large_as_json))
        // The fastest level: the big files (map shapes, the graph library) go over loopback,
        // where compressing harder costs more time than it saves.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(assets::CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
}

/// Files for GET; the API is read-only, so any other method on an unknown path is refused.
async fn fallback(
    method: Method,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            axum::Json(error::ErrorBody {
                error: error::ErrorDetail {
                    code: "method_not_allowed".into(),
                    message: format!("{method} is not allowed: the API is read-only"),
                },
            }),
        )
            .into_response();
    }
    assets::serve_asset(uri, headers).await
}

/// With `local_only`, answers 421 to a request naming another host (DNS rebinding).
async fn check_host(
    axum::extract::State(local_only): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    if local_only
        && let Some(host) = request
            .headers()
            .get(header::HOST)
            .map(|h| h.to_str().unwrap_or(""))
        && !is_local_host(host)
    {
        return (
            axum::http::StatusCode::MISDIRECTED_REQUEST,
            axum::Json(error::ErrorBody {
                error: error::ErrorDetail {
                    code: "wrong_host".into(),
                    message: "this server answers only requests for localhost".into(),
                },
            }),
        )
            .into_response();
    }
    next.run(request).await
}

/// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
pub fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// tower-http answers an oversized body with a plain-text 413; clients get JSON everywhere.
async fn body_too_large_as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            Code::PayloadTooLarge,
            format!("request body larger than {BODY_LIMIT} bytes"),
        )
        .into_response();
    }
    response
}

/// Binds `addr` (use 127.0.0.1 unless the user asked otherwise).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServerError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })
}

/// Serves the database at `db` on an already bound listener until Ctrl-C.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    db: PathBuf,
    options: ServeOptions,
) -> Result<(), ServerError> {
    let mut options = options;
    options.local_hosts_only = listener.local_addr()?.ip().is_loopback();
    let state = AppState::new(db, options)?;
    // Compute the whole-store summary now, so the first page load does not wait for it.
    let warm = state.clone();
    tokio::spawn(async move {
        let inner = warm.clone();
        // A failure shows again, with its message, on the request that needs the summary.
        let _ = warm
            .with_store(move |store| inner.summary(store).map(drop))
            .await;
    });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            // If the signal cannot be installed the server simply runs until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}

/// Serves the database at `db` on `addr` until Ctrl-C.
pub async fn serve(
    addr: SocketAddr,
    db: PathBuf,
    options: ServeOptions,
) -> Result<(), ServerError> {
    let listener = bind(addr).await?;
    serve_on(listener, db, options).await
}

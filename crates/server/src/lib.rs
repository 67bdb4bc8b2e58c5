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

/// Largest request body accepted: no route takes one, so anything big is a mistake.
pub const BODY_LIMIT: usize = 16 * 1024;
/// Idle read-only connections kept for reuse.
const POOL_SIZE: usize = 4;
/// How long the cached whole-store event dates are trusted before checking for new documents.
const DAYS_RECHECK: Duration = Duration::from_secs(5);

/// How the server runs.
#[derive(Clone)]
pub struct ServeOptions {
    /// Packs for actor names over time, memberships and leaders.
    pub packs: Arc<Packs>,
    pub rate_limit: RateLimit,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            packs: Arc::new(Packs::embedded()),
            rate_limit: RateLimit::default(),
        }
    }
}

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
    /// Event counts per day over the whole store (the unfiltered timeline), with the
    /// document count they were computed at and when that was checked.
    days: Mutex<Option<(i64, Instant, Arc<api::EventDays>)>>,
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
                days: Mutex::new(None),
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
            let pooled = inner
                .pool
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop();
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

    /// Event counts per day over the whole store, recomputed when documents were added.
    fn all_event_days(&self, store: &Store) -> Result<Arc<api::EventDays>, ApiError> {
        let now = Instant::now();
        {
            let cached = self.inner.days.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((_, checked, days)) = cached.as_ref()
                && now.saturating_duration_since(*checked) < DAYS_RECHECK
            {
                return Ok(days.clone());
            }
        }
        let documents = store.stats()?.documents;
        let mut cached = self.inner.days.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((count, checked, days)) = cached.as_mut()
            && *count == documents
        {
            *checked = now;
            return Ok(days.clone());
        }
        let query = faultline_store::EventQuery::default();
        let days = Arc::new(api::event_days(store, &query)?);
        *cached = Some((documents, now, days.clone()));
        Ok(days)
    }
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
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(body_too_large_as_json))
        .layer(CompressionLayer::new())
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
async fn fallback(method: Method, uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
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
    let state = AppState::new(db, options)?;
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
pub async fn serve(addr: SocketAddr, db: PathBuf, options: ServeOptions) -> Result<(), ServerError> {
    let listener = bind(addr).await?;
    serve_on(listener, db, options).await
}

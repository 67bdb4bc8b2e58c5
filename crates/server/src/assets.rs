//! The web UI's files, embedded in the binary so that `faultline serve` needs nothing beside
//! it: our own sources from `web/app/` and the vendored third-party files (with their
//! licences) from `crates/server/assets/vendor/`.
//!
//! Every answer carries a strict Content-Security-Policy: scripts only from this server, no
//! inline script, no connection elsewhere. Together with the UI building every piece of
//! article text as DOM text nodes, an article containing `<script>` can only ever show as
//! text. This module serves files; it must not template or rewrite them.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::error::ApiError;

#[derive(RustEmbed)]
#[folder = "../../web/app/"]
struct Ui;

#[derive(RustEmbed)]
#[folder = "assets/vendor/"]
struct Vendor;

/// Applied to every response, API included.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Every embedded path the server answers for (for tests and the route listing).
pub fn paths() -> Vec<String> {
    Ui::iter()
        .map(|p| format!("/{p}"))
        .chain(Vendor::iter().map(|p| format!("/vendor/{p}")))
        .collect()
}

/// Serves `/` and embedded files; anything else under `/api/` is a JSON 404.
pub async fn serve_asset(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") || path == "/api" {
        return ApiError::not_found(format!("API route {path}")).into_response();
    }
    let (file, cache) = match path.trim_start_matches('/') {
        "" | "index.html" => (Ui::get("index.html"), "no-cache"),
        p => match p.strip_prefix("vendor/") {
            Some(v) => (Vendor::get(v), "public, max-age=86400"),
            None => (Ui::get(p), "no-cache"),
        },
    };
    let Some(file) = file else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "not found",
        )
            .into_response();
    };
    let etag = format!(
        "\"{}\"",
        file.metadata
            .sha256_hash()
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut response = Response::new(Body::from(file.data.into_owned()));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type(path));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    response
}

fn content_type(path: &str) -> HeaderValue {
    let ext = path.rsplit('.').next().unwrap_or("");
    HeaderValue::from_static(match ext {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "text/html; charset=utf-8",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_its_modules_and_the_vendored_files_are_embedded() {
        let paths = paths();
        for needed in [
            "/index.html",
            "/app.js",
            "/style.css",
            "/vendor/cytoscape.esm.min.mjs",
            "/vendor/countries-50m.json",
            "/vendor/LICENSE.world-atlas.txt",
        ] {
            assert!(paths.iter().any(|p| p == needed), "{needed} missing");
        }
    }

    #[test]
    fn scripts_and_styles_get_their_types() {
        assert_eq!(
            content_type("/vendor/x.mjs"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("/"), "text/html; charset=utf-8");
    }
}

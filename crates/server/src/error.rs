//! Errors at the HTTP edge: one table from what went wrong to an HTTP status and a stable
//! machine-readable code, so clients can branch on `error.code` rather than on message text.
//!
//! Internal failures are logged in full on the server and answered with a short message:
//! database paths and SQL text must not leak to a client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use faultline_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// Why `serve` could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
    /// The database could not be opened at start-up (missing, not ours, too new).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The stable error codes of the API. Their spelling is part of the v1 contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    BadParameter,
    NotFound,
    BadQuery,
    RateLimited,
    PayloadTooLarge,
    Unavailable,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BadParameter => "bad_parameter",
            Code::NotFound => "not_found",
            Code::BadQuery => "bad_query",
            Code::RateLimited => "rate_limited",
            Code::PayloadTooLarge => "payload_too_large",
            Code::Unavailable => "unavailable",
            Code::Internal => "internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Code::BadParameter | Code::BadQuery => StatusCode::BAD_REQUEST,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error answer: `{"error": {"code", "message"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code: bad_parameter, not_found, bad_query, rate_limited, payload_too_large,
    /// unavailable, internal.
    pub code: String,
    /// What was wrong, for a person.
    pub message: String,
}

/// An error a handler returns; turned into the JSON body and status by [`IntoResponse`].
#[derive(Debug)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn bad_parameter(name: &str, problem: impl std::fmt::Display) -> Self {
        ApiError::new(Code::BadParameter, format!("parameter `{name}`: {problem}"))
    }

    pub fn not_found(what: impl std::fmt::Display) -> Self {
        ApiError::new(Code::NotFound, format!("{what} not found"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadQuery { query, reason } => ApiError::new(
                Code::BadQuery,
                format!("cannot search for {query:?}: {reason}"),
            ),
            StoreError::Missing { .. }
            | StoreError::NotADatabase { .. }
            | StoreError::TooNew { .. }
            | StoreError::TooOld { .. } => {
                eprintln!("faultline serve: {e}");
                ApiError::new(
                    Code::Unavailable,
                    "the database cannot be read; see the server log",
                )
            }
            other => {
                eprintln!("faultline serve: internal error: {other}");
                ApiError::new(Code::Internal, "internal error; see the server log")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().to_string(),
                message: self.message,
            },
        };
        (self.code.status(), Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_spelling_and_an_error_status() {
        let all = [
            Code::BadParameter,
            Code::NotFound,
            Code::BadQuery,
            Code::RateLimited,
            Code::PayloadTooLarge,
            Code::Unavailable,
            Code::Internal,
        ];
        let mut seen = std::collections::HashSet::new();
        for c in all {
            assert!(seen.insert(c.as_str()), "{} twice", c.as_str());
            assert!(c.status().is_client_error() || c.status().is_server_error());
        }
    }
}

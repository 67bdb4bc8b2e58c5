//! HTTP API and web UI (being written).

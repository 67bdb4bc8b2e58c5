//! Query parameters of API v1 and their checking: every value a client sends is parsed here
//! and a bad one becomes a 400 naming the parameter and what was wrong.
//!
//! Parameters arrive as optional strings and are parsed by hand rather than by serde, so
//! that the error says `parameter `at`: "2024-13-01" is not a date (YYYY-MM-DD)` instead of a
//! deserializer's message. Nothing here touches the database.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

/// Most events one page may hold.
pub const MAX_LIMIT: usize = 5000;
/// Events per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 500;
/// Longest search query accepted.
pub const MAX_QUERY_CHARS: usize = 500;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AtParams {
    /// The date to look at (YYYY-MM-DD); defaults to the latest date with evidence.
    pub at: Option<String>,
    /// Only relations of this actor (id).
    pub actor: Option<String>,
    /// Most pieces of evidence per edge, newest first, 0 to 1000 (default 3 in the graph,
    /// 50 in relations; 0 for the edges alone); `evidence_count` always counts them all.
    pub evidence: Option<String>,
    /// With `actor` and `predicate`, only the edge from `actor` to this actor (ids as the
    /// edge gives them; relations only).
    pub target: Option<String>,
    /// With `actor` and `target`, only the edge of this predicate (relations only).
    pub predicate: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// Events on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Events on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Only events involving this actor (id).
    pub actor: Option<String>,
    /// An ACLED event type ("Battles") or sub-event type ("Armed clash").
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub event_type: Option<String>,
    /// min lon, min lat, max lon, max lat, comma-separated.
    pub bbox: Option<String>,
    /// Events per page, 1 to 5000 (default 500).
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Include planned, speculative and denied events ("true"/"false", default false).
    pub all: Option<String>,
    /// "true" to leave out the evidence (`sources` empty, `source_count` kept): for maps.
    pub compact: Option<String>,
    /// Most sources per event, oldest first, 1 to 1000 (default 20); `source_count` always
    /// counts them all, and `/events/{id}` gives every one.
    pub sources: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistogramParams {
    pub from: Option<String>,
    pub to: Option<String>,
    pub actor: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub event_type: Option<String>,
    pub bbox: Option<String>,
    /// "day" or "month" (default: chosen from the span of the dates).
    pub bucket: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find in stored sentences; a quoted phrase must appear as written.
    pub q: Option<String>,
    /// Most hits to return, 1 to 200 (default 50).
    pub limit: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActorListParams {
    /// Only actors whose name or id contains this text (case-insensitive).
    pub q: Option<String>,
    /// "true" to list every actor of the pack, not only those seen in the documents.
    pub all: Option<String>,
}

/// Parses an ISO day.
pub fn date(name: &str, value: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::bad_parameter(name, format!("{value:?} is not a date (YYYY-MM-DD)")))
}

pub fn opt_date(name: &str, value: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| date(name, v))
        .transpose()
}

/// Parses `min_lon,min_lat,max_lon,max_lat` and checks that it is a box on the globe.
pub fn bbox(value: &str) -> Result<[f64; 4], ApiError> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    let [a, b, c, d] = parts.as_slice() else {
        return Err(ApiError::bad_parameter(
            "bbox",
            format!(
                "{value:?} must be four numbers: min_lon,min_lat,max_lon,max_lat (got {})",
                parts.len()
            ),
        ));
    };
    let mut out = [0.0; 4];
    for (slot, text) in out.iter_mut().zip([a, b, c, d]) {
        *slot = text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| ApiError::bad_parameter("bbox", format!("{text:?} is not a number")))?;
    }
    let [min_lon, min_lat, max_lon, max_lat] = out;
    if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
        return Err(ApiError::bad_parameter(
            "bbox",
            "longitudes must lie between -180 and 180",
        ));
    }
    if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
        return Err(ApiError::bad_parameter(
            "bbox",
            "latitudes must lie between -90 and 90",
        ));
    }
    if min_lon > max_lon || min_lat > max_lat {
        return Err(ApiError::bad_parameter(
            "bbox",
            "the minimum must not exceed the maximum (min_lon,min_lat,max_lon,max_lat)",
        ));
    }
    Ok(out)
}

/// Parses a count between 1 and `max`.
pub fn count(
    name: &str,
    value: Option<&str>,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    count_from(name, value, default, 1, max)
}

/// Pieces of evidence per edge: 0 asks for the edges alone (the UI's graph, which fetches an
/// edge's evidence when it is opened), which saves reading a sentence for each of thousands of
/// edges.
pub fn evidence(value: Option<&str>, default: usize) -> Result<usize, ApiError> {
    count_from("evidence", value, default, 0, 1000)
}

fn count_from(
    name: &str,
    value: Option<&str>,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, ApiError> {
    let Some(v) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(default);
    };
    match v.trim().parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_parameter(
            name,
            format!("{v:?} must be a whole number from {min} to {max}"),
        )),
    }
}

pub fn flag(name: &str, value: Option<&str>) -> Result<bool, ApiError> {
    match value.map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(ApiError::bad_parameter(
            name,
            format!("{other:?} must be true or false"),
        )),
    }
}

pub fn cursor(value: Option<&str>) -> Result<Option<i64>, ApiError> {
    let Some(v) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    match v.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err(ApiError::bad_parameter(
            "cursor",
            format!("{v:?} is not a cursor from a previous page"),
        )),
    }
}

/// An actor id: pack ids are short lowercase words with dashes; anything far from that is a
/// mistake worth reporting rather than an empty answer.
pub fn actor_id(value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > 200 || v.chars().any(char::is_control) {
        return Err(ApiError::bad_parameter("actor", "not an actor id"));
    }
    Ok(Some(v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    #[test]
    fn dates_parse_or_name_the_parameter() {
        assert_eq!(
            date("at", "2024-05-20").ok(),
            NaiveDate::from_ymd_opt(2024, 5, 20)
        );
        for bad in ["2024-13-01", "20-05-2024", "2024-02-30", "yesterday", ""] {
            let e = date("at", bad).unwrap_err();
            assert_eq!(e.code, Code::BadParameter);
            assert!(e.message.contains("`at`"), "{}", e.message);
        }
        assert_eq!(opt_date("from", Some("  ")).ok(), Some(None));
    }

    #[test]
    fn bbox_checks_shape_range_and_order() {
        assert_eq!(bbox("-5,10,5,25").ok(), Some([-5.0, 10.0, 5.0, 25.0]));
        let cases = [
            ("1,2,3", "four numbers"),
            ("a,2,3,4", "not a number"),
            ("-200,0,0,10", "longitudes"),
            ("0,-95,1,1", "latitudes"),
            ("5,0,-5,10", "minimum"),
            ("NaN,0,1,1", "not a number"),
        ];
        for (input, expected) in cases {
            let e = bbox(input).unwrap_err();
            assert!(e.message.contains(expected), "{input}: {}", e.message);
        }
    }

    #[test]
    fn counts_flags_and_cursors_are_bounded() {
        assert_eq!(count("limit", None, 7, 10).ok(), Some(7));
        assert_eq!(count("limit", Some("10"), 7, 10).ok(), Some(10));
        for bad in ["0", "11", "-1", "ten"] {
            assert!(count("limit", Some(bad), 7, 10).is_err(), "{bad}");
        }
        assert_eq!(flag("all", Some("true")).ok(), Some(true));
        assert!(flag("all", Some("yes please")).is_err());
        assert_eq!(cursor(Some("42")).ok(), Some(Some(42)));
        assert!(cursor(Some("-3")).is_err());
        assert!(actor_id(Some("jnim\u{0}")).is_err());
    }
}

//! Feeds: RSS and Atom files saved to disk (`.rss`, `.atom`, `.xml`), one document per
//! entry from its content (or summary when there is no content), with the entry's title,
//! link, date and authors and the feed's title as source.
//!
//! `feed-rs` parses a feed whole, so the file is bounded by a size limit upstream. When a
//! feed is truncated or damaged, the entries before the damage are recovered by cutting
//! the file after the last complete entry, and the damage is reported as one error.

use faultline_model::{Meta, SourceDoc, SourceFormat, SourceRef};

use crate::html::{self, Mode};
use crate::{Docs, IngestError, size};

pub(crate) fn read_feed(path: &str, bytes: &[u8], limit: u64) -> Docs {
    let error = |line: Option<u64>, problem: String| IngestError {
        path: path.to_owned(),
        line,
        problem,
    };
    match feed_rs::parser::parse(bytes) {
        Ok(feed) => Box::new(entries(path, feed, limit).into_iter()),
        Err(e) => {
            let problem = match &e {
                feed_rs::parser::ParseFeedError::ParseError(
                    feed_rs::parser::ParseErrorKind::NoFeedRoot,
                ) => {
                    return Box::new(std::iter::once(Err(error(
                        None,
                        "not an RSS or Atom feed".into(),
                    ))));
                }
                other => other.to_string(),
            };
            let recovered = recover(bytes).and_then(|b| feed_rs::parser::parse(b.as_slice()).ok());
            let mut items = recovered
                .map(|f| entries(path, f, limit))
                .unwrap_or_default();
            let after = items.len() as u64;
            let problem = if after > 0 {
                format!("feed is damaged after entry {after}: {problem}")
            } else {
                format!("feed cannot be read: {problem}")
            };
            items.push(Err(error(Some(after + 1), problem)));
            Box::new(items.into_iter())
        }
    }
}

/// The feed cut after its last complete entry and closed again, if it has one.
fn recover(bytes: &[u8]) -> Option<Vec<u8>> {
    let (end_tag, closing): (&[u8], &[u8]) = if rfind(bytes, b"</item>").is_some() {
        let rdf = find(bytes, b"<rdf:RDF").is_some();
        (
            b"</item>",
            if rdf {
                b"</rdf:RDF>"
            } else {
                b"</channel></rss>"
            },
        )
    } else {
        (b"</entry>", b"</feed>")
    };
    let cut = rfind(bytes, end_tag)? + end_tag.len();
    let mut fixed = bytes.get(..cut)?.to_vec();
    fixed.extend_from_slice(closing);
    Some(fixed)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn entries(
    path: &str,
    feed: feed_rs::model::Feed,
    limit: u64,
) -> Vec<Result<SourceDoc, IngestError>> {
    let source = feed
        .title
        .map(|t| t.content)
        .filter(|t| !t.trim().is_empty());
    let language = feed.language;
    feed.entries
        .into_iter()
        .zip(1u64..)
        .map(|(entry, n)| {
            let error = |problem: String| IngestError {
                path: path.to_owned(),
                line: Some(n),
                problem,
            };
            // Content is the article; a summary is what a feed carries when it has no more.
            let (body, is_html) = match (entry.content, entry.summary) {
                (Some(c), summary) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
                    let html = c.content_type.to_string().contains("html");
                    match c.body {
                        Some(body) => (body, html),
                        None => (summary.map(|s| s.content).unwrap_or_default(), true),
                    }
                }
                (_, Some(s)) => {
                    let html = s.content_type.to_string().contains("html");
                    (s.content, html)
                }
                (_, None) => (String::new(), false),
            };
            if body.trim().is_empty() {
                return Err(error("feed entry has no content or summary".into()));
            }
            if body.len() as u64 > limit {
                return Err(error(format!(
                    "feed entry is {}, over the {} limit per document",
                    size(body.len() as u64),
                    size(limit)
                )));
            }
            let (raw, page) = if is_html || looks_like_html(&body) {
                let extracted = html::extract(&body, Mode::Fragment).map_err(error)?;
                (extracted.raw, Some(body))
            } else {
                (body, None)
            };
            let authors: Vec<String> = entry.authors.into_iter().filter_map(|p| p.name).collect();
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.clone());
            Ok(SourceDoc {
                source: SourceRef {
                    path: path.to_owned(),
                    line: Some(n),
                    record: Some(entry.id).filter(|id| !id.is_empty()),
                    format: SourceFormat::Feed,
                },
                meta: Meta {
                    title: entry
                        .title
                        .map(|t| t.content)
                        .filter(|t| !t.trim().is_empty()),
                    url: link,
                    source: source.clone(),
                    author: (!authors.is_empty()).then(|| authors.join(", ")),
                    published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                    byline: None,
                    language: language.clone(),
                },
                raw,
                html: page,
            })
        })
        .collect()
}

/// RSS descriptions are typed as text but routinely hold escaped HTML.
fn looks_like_html(body: &str) -> bool {
    let lower = body
        .get(..body.len().min(2048))
        .unwrap_or(body)
        .to_ascii_lowercase();
    ["<p", "<br", "<div", "<a ", "<img", "<strong", "<em>"]
        .iter()
        .any(|tag| lower.contains(tag))
}

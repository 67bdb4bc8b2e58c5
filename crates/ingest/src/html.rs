//! HTML: turns a news page into its readable article text (one paragraph or heading per
//! line, a blank line between paragraphs) plus the metadata the page declares — meta tags,
//! JSON-LD, `<html lang>`, `<time datetime>`.
//!
//! Readability (`dom_smoothie`) finds the article body and drops navigation, share buttons,
//! comments and related links; when it refuses a page we fall back to the text of
//! `<article>`, `<main>` or the largest block of paragraphs with obvious boilerplate removed.
//! This module must not panic on malformed markup (html5ever is lenient; we only refuse a
//! page with no text at all) and does no IO.

use dom_query::{Document, NodeRef, Selection};
use dom_smoothie::{Config, Readability, TextMode};
use faultline_model::Meta;
use serde_json::Value;

/// How much of the input to trust as a whole page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A whole web page: run readability to find the article among the boilerplate.
    Page,
    /// An article body on its own (a feed entry's content): every paragraph is kept.
    Fragment,
}

/// The readable text of a page and what it says about itself.
#[derive(Debug)]
pub(crate) struct Extracted {
    pub raw: String,
    pub meta: Meta,
}

/// Extract the article text and metadata from `html`.
pub(crate) fn extract(html: &str, mode: Mode) -> Result<Extracted, String> {
    // dom_smoothie and html5ever are third-party parsers fed with arbitrary web pages; a
    // bug in them must cost one document, not the whole batch.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract_inner(html, mode)))
        .unwrap_or_else(|_| Err("the HTML reader failed on this page (internal error)".into()))
}

fn extract_inner(html: &str, mode: Mode) -> Result<Extracted, String> {
    if mode == Mode::Fragment {
        let doc = Document::fragment(html);
        let raw = normalise_blocks(&doc.formatted_text());
        if raw.is_empty() {
            return Err("HTML has no text".into());
        }
        return Ok(Extracted {
            raw,
            meta: Meta::default(),
        });
    }

    let doc = Document::from(html);
    let mut meta = read_meta(&doc);
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let readable = Readability::with_document(doc, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let mut raw = String::new();
    if let Some(article) = readable {
        raw = normalise_blocks(&article.text_content);
        meta.fill_from(Meta {
            title: non_empty(article.title),
            url: article.url.and_then(non_empty),
            source: article.site_name.and_then(non_empty),
            author: article.byline.and_then(non_empty),
            published: article.published_time.and_then(non_empty),
            byline: None,
            language: article.lang.and_then(non_empty),
        });
    }
    // Below readability's own confidence threshold (a brief, a broken page) its choice of
    // container is a guess; the boilerplate-stripped page is the better guess then.
    if raw.chars().count() < SHORT_TEXT {
        let fallback = fallback_text(html);
        if !fallback.is_empty() {
            raw = fallback;
        }
    }
    if raw.is_empty() {
        return Err("HTML page has no readable text".into());
    }
    Ok(Extracted { raw, meta })
}

/// dom_smoothie's default `char_threshold`: an article shorter than this is one it was
/// not sure of.
const SHORT_TEXT: usize = 500;

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// One paragraph per line with a blank line between blocks, trailing spaces gone, and
/// never more than one blank line in a row.
fn normalise_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = 0;
    }
    out
}

/// Elements that are never article text, whatever page they are on.
const NEVER_TEXT: &str = "script, style, noscript, template, nav, header, footer, aside, form, \
     button, iframe, svg, select, [role=navigation], [role=banner], \
     [role=contentinfo], [role=complementary], [aria-hidden=true], [hidden]";

/// Words that name boilerplate in class and id attributes across news sites.
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "breadcrumb",
    "newsletter",
    "subscribe",
    "promo",
    "cookie",
    "advert",
    "sidebar",
    "menu",
    "recommend",
    "popular",
    "tags",
];

/// The text of `<article>`, `<main>` or the element holding the most paragraph text, once
/// the obvious boilerplate is gone: for pages readability refuses (short briefs, odd
/// markup).
fn fallback_text(html: &str) -> String {
    let doc = Document::from(html);
    doc.select(NEVER_TEXT).remove();
    for word in BOILERPLATE_WORDS {
        let selector = format!("[class*={word}], [id*={word}]");
        for node in doc.select(&selector).nodes() {
            // A wrapper whose class happens to say "comments-enabled" still holds the story.
            let holds_article = Selection::from(*node)
                .select("article, main, h1, p")
                .length()
                > 3;
            if !holds_article {
                node.remove_from_parent();
            }
        }
    }
    let container = largest(doc.select("article"))
        .or_else(|| largest(doc.select("main, [role=main]")))
        .or_else(|| {
            paragraph_parent(&doc)
                .filter(|(len, _)| *len * 10 >= paragraph_text(&doc) * 8)
                .map(|(_, n)| n)
        })
        .or_else(|| doc.body());
    container
        .map(|node| normalise_blocks(&node.formatted_text()))
        .unwrap_or_default()
}

fn largest(selection: Selection<'_>) -> Option<NodeRef<'_>> {
    selection
        .nodes()
        .iter()
        .map(|n| (n.text().len(), *n))
        .filter(|(len, _)| *len > 0)
        .max_by_key(|(len, _)| *len)
        .map(|(_, n)| n)
}

fn paragraph_text(doc: &Document) -> usize {
    doc.select("p").nodes().iter().map(|p| p.text().len()).sum()
}

/// The element whose direct `<p>` children hold the most text, and that much text. Used
/// only when it holds most of the page's paragraph text; otherwise the story is spread
/// over several containers and the whole body is the safer choice.
fn paragraph_parent(doc: &Document) -> Option<(usize, NodeRef<'_>)> {
    let mut best: Option<(usize, NodeRef<'_>)> = None;
    for p in doc.select("p").nodes() {
        let Some(parent) = p.parent() else { continue };
        if best.is_some_and(|(_, b)| b.id == parent.id) {
            continue;
        }
        let len: usize = parent
            .element_children()
            .iter()
            .filter(|c| c.node_name().as_deref() == Some("p"))
            .map(|c| c.text().len())
            .sum();
        if best.is_none_or(|(l, _)| len > l) {
            best = Some((len, parent));
        }
    }
    best
}

/// Metadata from JSON-LD first (it is the most precise), then meta tags, then the page's
/// own `<title>`, `<time datetime>` and `<html lang>`.
fn read_meta(doc: &Document) -> Meta {
    let mut meta = Meta::default();
    for script in doc.select("script[type='application/ld+json']").nodes() {
        let text = script.text();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        if let Some(article) = find_article(&value, 0) {
            meta.fill_from(json_ld_meta(article));
        }
    }
    meta.fill_from(meta_tags(doc));
    let title = doc.select("head title").text();
    meta.fill_from(Meta {
        title: non_empty(title.to_string()),
        url: attr(doc, "link[rel=canonical]", "href"),
        published: attr(doc, "article time[datetime]", "datetime")
            .or_else(|| attr(doc, "time[datetime]", "datetime")),
        language: attr(doc, "html", "lang"),
        ..Meta::default()
    });
    meta
}

fn attr(doc: &Document, selector: &str, name: &str) -> Option<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .find_map(|n| n.attr(name).and_then(|v| non_empty(v.to_string())))
}

/// Meta tags by `property`, `name` or `itemprop`, in the order a field prefers them.
fn meta_tags(doc: &Document) -> Meta {
    let mut found: Vec<(String, String)> = Vec::new();
    for node in doc.select("meta[content]").nodes() {
        let Some(content) = node.attr("content").and_then(|c| non_empty(c.to_string())) else {
            continue;
        };
        for key_attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = node.attr(key_attr) {
                found.push((key.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    let first = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            found
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    };
    Meta {
        title: first(&["og:title", "twitter:title", "headline", "dc.title"]),
        url: first(&["og:url"]),
        source: first(&["og:site_name", "application-name", "publisher"]),
        author: first(&[
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "sailthru.author",
        ])
        .filter(|a| !a.starts_with("http")),
        published: first(&[
            "article:published_time",
            "datepublished",
            "og:published_time",
            "pubdate",
            "publishdate",
            "date",
            "dc.date",
            "dc.date.issued",
            "parsely-pub-date",
            "sailthru.date",
        ]),
        byline: None,
        language: first(&["content-language", "og:locale", "language"]),
    }
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
];

/// The first schema.org article object in a JSON-LD value (bare, in an array, or in an
/// `@graph`); depth-limited because the JSON comes from the page.
fn find_article(value: &Value, depth: usize) -> Option<&Value> {
    if depth > 8 {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|v| find_article(v, depth + 1)),
        Value::Object(map) => {
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                _ => false,
            };
            if is_article {
                return Some(value);
            }
            map.get("@graph").and_then(|g| find_article(g, depth + 1))
        }
        _ => None,
    }
}

fn json_ld_meta(article: &Value) -> Meta {
    let text = |key: &str| {
        article
            .get(key)
            .and_then(Value::as_str)
            .and_then(|s| non_empty(s.to_owned()))
    };
    let url = text("url").or_else(|| match article.get("mainEntityOfPage") {
        Some(Value::String(s)) => non_empty(s.clone()),
        Some(v) => v
            .get("@id")
            .and_then(Value::as_str)
            .and_then(|s| non_empty(s.to_owned())),
        None => None,
    });
    Meta {
        title: text("headline").or_else(|| text("name")),
        url,
        source: article.get("publisher").and_then(names),
        author: article.get("author").and_then(names),
        published: text("datePublished").or_else(|| text("dateCreated")),
        byline: None,
        language: text("inLanguage"),
    }
}

/// A person or organisation as JSON-LD writes it: a string, an object with `name`, or a
/// list of those, joined with ", ".
fn names(value: &Value) -> Option<String> {
    let one = |v: &Value| match v {
        Value::String(s) => non_empty(s.clone()),
        Value::Object(_) => v
            .get("name")
            .and_then(Value::as_str)
            .and_then(|s| non_empty(s.to_owned())),
        _ => None,
    };
    match value {
        Value::Array(items) => {
            let all: Vec<String> = items.iter().filter_map(one).collect();
            (!all.is_empty()).then(|| all.join(", "))
        }
        v => one(v),
    }
}

/// The charset an HTML page declares in its first bytes (`<meta charset>` or the
/// `http-equiv` Content-Type form), as the HTML prescan would find it.
pub(crate) fn declared_charset(head: &[u8]) -> Option<String> {
    let head = head.get(..head.len().min(4096)).unwrap_or(head);
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    lower.split("<meta").skip(1).find_map(|tag| {
        let tag = tag.split('>').next().unwrap_or_default();
        let (_, rest) = tag.split_once("charset=")?;
        let value: String = rest
            .trim_start_matches(['"', '\'', ' '])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        (!value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_declared_charsets() {
        let cases: [(&str, Option<&str>); 4] = [
            (
                "<html><head><meta charset=\"windows-1252\">",
                Some("windows-1252"),
            ),
            (
                "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">",
                Some("iso-8859-1"),
            ),
            (
                "<meta name=description content=x><meta charset='utf-8'>",
                Some("utf-8"),
            ),
            ("<html><head><title>Gao</title>", None),
        ];
        for (head, want) in cases {
            assert_eq!(declared_charset(head.as_bytes()).as_deref(), want, "{head}");
        }
    }

    #[test]
    fn blocks_are_one_per_line_with_single_blank_lines() {
        let text = "  Titre  \n\n\n\nPremier paragraphe.\nligne 2\n\n \n\nDernier.  ";
        assert_eq!(
            normalise_blocks(text),
            "Titre\n\nPremier paragraphe.\nligne 2\n\nDernier."
        );
    }

    #[test]
    fn json_ld_in_a_graph_gives_headline_author_and_publisher() {
        let value: Value = serde_json::from_str(
            r#"{"@context":"https://schema.org","@graph":[
                {"@type":"WebSite","name":"Le Sahel Hebdo"},
                {"@type":["NewsArticle"],"headline":"Attaque près de Ménaka",
                 "datePublished":"2024-02-03T08:15:00+00:00",
                 "author":[{"@type":"Person","name":"A. Traoré"},{"name":"M. Diallo"}],
                 "publisher":{"@type":"Organization","name":"Le Sahel Hebdo"}}]}"#,
        )
        .unwrap();
        let meta = json_ld_meta(find_article(&value, 0).unwrap());
        assert_eq!(meta.title.as_deref(), Some("Attaque près de Ménaka"));
        assert_eq!(meta.author.as_deref(), Some("A. Traoré, M. Diallo"));
        assert_eq!(meta.source.as_deref(), Some("Le Sahel Hebdo"));
        assert_eq!(meta.published.as_deref(), Some("2024-02-03T08:15:00+00:00"));
    }
}

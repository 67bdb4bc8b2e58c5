//! Documents: what a source reader produces ([`SourceDoc`]) and what the engine's first
//! stages turn it into ([`Document`]: cleaned text, offset map, language, sentences).
//!
//! Invariant: every span stored anywhere in faultline is a byte span of `Document::text`, and
//! `Document::offsets` maps it back into `Document::raw`, the text layer the reader produced.

use serde::{Deserialize, Serialize};

use crate::Span;

/// A document's identity: the hex BLAKE3 hash (128 bits) of its normalised cleaned text, so
/// the same article read from two files is one document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The container a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    #[default]
    Text,
    Html,
    Jsonl,
    Warc,
    Feed,
}

/// Where a document came from, precise enough to point a user at the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceRef {
    /// File path as given on the command line, or "-" for standard input.
    pub path: String,
    /// 1-based line (JSONL) or record number (WARC, feeds) inside the file.
    pub line: Option<u64>,
    /// The record's own id (JSONL `id`, WARC record id, feed entry id).
    pub record: Option<String>,
    pub format: SourceFormat,
}

impl SourceRef {
    /// The key that says "this is the same article" across versions: URL, else record id,
    /// else path and line.
    pub fn article_key(&self, meta: &Meta) -> String {
        if let Some(url) = &meta.url {
            return url.clone();
        }
        match (&self.record, self.line) {
            (Some(id), _) => format!("{}#{}", self.path, id),
            (None, Some(line)) => format!("{}:{}", self.path, line),
            (None, None) => self.path.clone(),
        }
    }
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => f.write_str(&self.path),
        }
    }
}

/// Metadata read from the container (HTML meta tags, JSON-LD, JSONL fields) or found in the
/// text by the cleaning stage (title line, byline, dateline). Values are kept as written;
/// the time stage normalises `published`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publisher or site name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date as the metadata states it (ISO 8601 or free text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// A byline or dateline line found in the text ("D 5 décembre 2023 H 07:00",
    /// "BAMAKO, 12 mars (Reuters) -"), kept so the time stage can read its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Language the container declares (`<html lang>`, JSONL `language`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Meta {
    /// Fill the fields `self` lacks from `other`; what the container said wins over what
    /// the text suggests.
    pub fn fill_from(&mut self, other: Meta) {
        fn keep(a: &mut Option<String>, b: Option<String>) {
            if a.is_none() {
                *a = b;
            }
        }
        keep(&mut self.title, other.title);
        keep(&mut self.url, other.url);
        keep(&mut self.source, other.source);
        keep(&mut self.author, other.author);
        keep(&mut self.published, other.published);
        keep(&mut self.byline, other.byline);
        keep(&mut self.language, other.language);
    }
}

/// What a source reader hands to the engine: decoded text and metadata, not yet cleaned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceDoc {
    pub source: SourceRef,
    pub meta: Meta,
    /// The text layer that cleaned text maps back to: the decoded file for plain text, the
    /// readable article text for HTML (with paragraph breaks as newlines).
    pub raw: String,
    /// The original page, when the document came from HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

/// The languages the engine has rules for; everything else is `Other` and still analysed
/// with language-neutral rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
    Other,
}

/// The detected language of a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639-1 code ("en", "fr", "es", …), or "und" when nothing could be told.
    pub code: String,
    /// 0.0 to 1.0.
    pub confidence: f64,
}

impl Language {
    pub fn undetermined() -> Self {
        Language {
            code: "und".into(),
            confidence: 0.0,
        }
    }

    pub fn lang(&self) -> Lang {
        match self.code.as_str() {
            "en" => Lang::En,
            "fr" => Lang::Fr,
            _ => Lang::Other,
        }
    }
}

impl Default for Language {
    fn default() -> Self {
        Language::undetermined()
    }
}

/// A line the cleaning stage dropped, kept so a user can see what was removed and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// Span of the removed line in `raw`.
    pub raw: Span,
    /// Which rule removed it ("share", "read-also", "byline", "duplicate", …).
    pub reason: String,
}

/// One run of cleaned text copied verbatim from the raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Run {
    clean: usize,
    raw: usize,
    len: usize,
}

/// Maps byte offsets of the cleaned text back to byte offsets of the raw text.
///
/// Cleaned text is built from runs copied from the raw text plus a few inserted characters
/// (a newline between kept lines, a space where a full stop lacked one); inserted
/// characters map to the raw position where they were inserted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
}

impl OffsetMap {
    /// The identity map over a text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        OffsetMap {
            runs: vec![Run {
                clean: 0,
                raw: 0,
                len,
            }],
        }
    }

    /// Raw offset of the character starting at clean offset `clean`.
    pub fn to_raw(&self, clean: usize) -> usize {
        let i = self.runs.partition_point(|r| r.clean <= clean);
        if i == 0 {
            return self.runs.first().map_or(clean, |r| r.raw);
        }
        let run = self.runs[i - 1];
        run.raw + (clean - run.clean).min(run.len)
    }

    /// Raw offset just after the character ending at clean offset `clean`: an end offset
    /// maps inside the run it closes, not to the start of the next one.
    pub fn to_raw_end(&self, clean: usize) -> usize {
        let i = self.runs.partition_point(|r| r.clean < clean);
        if i == 0 {
            return self.runs.first().map_or(clean, |r| r.raw);
        }
        let run = self.runs[i - 1];
        run.raw + (clean - run.clean).min(run.len)
    }

    /// The raw span a clean span came from.
    pub fn span_to_raw(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self.to_raw(span.start);
            return Span::new(at, at);
        }
        let start = self.to_raw(span.start);
        let end = self.to_raw_end(span.end).max(start);
        Span::new(start, end)
    }
}

/// Builds cleaned text and its offset map together, so they cannot drift apart.
#[derive(Debug, Default)]
pub struct CleanTextBuilder {
    text: String,
    map: OffsetMap,
    /// Raw offset that inserted text is attributed to.
    raw_cursor: usize,
}

impl CleanTextBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append `s`, which is `raw[raw_start..raw_start + s.len()]`.
    pub fn push_raw(&mut self, raw_start: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        let clean = self.text.len();
        match self.map.runs.last_mut() {
            Some(last) if last.clean + last.len == clean && last.raw + last.len == raw_start => {
                last.len += s.len();
            }
            _ => self.map.runs.push(Run {
                clean,
                raw: raw_start,
                len: s.len(),
            }),
        }
        self.text.push_str(s);
        self.raw_cursor = raw_start + s.len();
    }

    /// Append text that is not in the raw input (a separator).
    pub fn push_inserted(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        // An inserted run of length 0 in raw: record it so offsets inside map to the cursor.
        let clean = self.text.len();
        self.map.runs.push(Run {
            clean,
            raw: self.raw_cursor,
            len: 0,
        });
        self.text.push_str(s);
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }
}

/// A document after the text stages: cleaned text, language and sentences. Later stages
/// read it and return their own annotations; they never change it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub source: SourceRef,
    pub meta: Meta,
    pub raw: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Cleaned text: boilerplate lines removed, line ends normalised.
    pub text: String,
    pub offsets: OffsetMap,
    pub removed: Vec<RemovedLine>,
    pub language: Language,
    /// Sentence spans over `text`, in order, not overlapping.
    pub sentences: Vec<Span>,
    /// SimHash fingerprint of `text` (`faultline_engine::identity::simhash`): texts a few
    /// bits apart are near-duplicates, such as one wire story reprinted by two sites. 0 in
    /// analyses stored before the field existed.
    #[serde(default, with = "hex64")]
    pub simhash: u64,
}

/// A document without its text layers and metadata (`raw`, `html`, `text`, `offsets`,
/// `removed`, `meta`): what the store keeps in an analysis record next to the columns that
/// hold those, so that a write serialises each only once.
#[derive(Debug, Serialize)]
pub struct DocumentSkeleton<'a> {
    pub id: &'a DocId,
    pub source: &'a SourceRef,
    pub language: &'a Language,
    pub sentences: &'a [Span],
    #[serde(with = "hex64")]
    pub simhash: u64,
}

impl Document {
    pub fn skeleton(&self) -> DocumentSkeleton<'_> {
        DocumentSkeleton {
            id: &self.id,
            source: &self.source,
            language: &self.language,
            sentences: &self.sentences,
            simhash: self.simhash,
        }
    }
}

/// Two documents whose [`Document::simhash`] fingerprints differ in at most this many bits
/// are near-duplicates.
///
/// Why this number: a fingerprint bit differs between two texts with probability θ/π, θ the
/// angle between their shingle vectors, so the shorter the story, the more one edit moves
/// it. Syndicated copies of news stories of 9 to 30 sentences (one header, footer or
/// sentence changed; see the tests and docs/performance.md) measure 0 to 10 bits apart;
/// different stories share almost no shingles and measure 32 ± 4 bits apart, so 12 keeps
/// five standard deviations between unrelated stories and the threshold.
pub const NEAR_DUPLICATE_BITS: u32 = 12;

/// A 64-bit fingerprint travels in JSON as 16 hex digits: JavaScript and jq round integers
/// above 2^53, which would silently change it.
mod hex64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let s = String::deserialize(d)?;
        u64::from_str_radix(&s, 16).map_err(serde::de::Error::custom)
    }
}

impl Document {
    /// The sentence that contains byte `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<(usize, Span)> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        self.sentences
            .get(i)
            .filter(|s| s.start <= at && at < s.end)
            .map(|s| (i, *s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_map_round_trips_through_removed_lines_and_insertions() {
        let raw = "Title\r\nRead also: junk\r\nBody one.Two\r\n";
        let mut b = CleanTextBuilder::new();
        b.push_raw(0, "Title");
        b.push_inserted("\n");
        let body = raw.find("Body").unwrap();
        b.push_raw(body, "Body one.");
        b.push_inserted(" ");
        b.push_raw(body + 9, "Two");
        let (text, map) = b.finish();
        assert_eq!(text, "Title\nBody one. Two");
        let two = text.find("Two").unwrap();
        let raw_span = map.span_to_raw(Span::new(two, two + 3));
        assert_eq!(raw_span.text(raw), "Two");
        let body_clean = text.find("Body").unwrap();
        let raw_span = map.span_to_raw(Span::new(body_clean, text.len()));
        assert_eq!(raw_span.text(raw), "Body one.Two");
        let title = map.span_to_raw(Span::new(0, 5));
        assert_eq!(title.text(raw), "Title");
    }
}

//! WARC: reads web archives as Common Crawl's CC-NEWS ships them (`.warc`, `.warc.gz` as
//! one gzip member per record, decompressed upstream by `MultiGzDecoder`) and yields one
//! document per HTML response record.
//!
//! A streaming reader of our own: headers are read line by line with a bound, blocks by
//! their `Content-Length`, so memory holds one record at most. Request, metadata and
//! non-HTML records are skipped without error. Damage (a truncated record, a block that
//! does not start with a WARC header) ends the file with one clear error; documents read
//! before it are kept. Numbers in errors and `SourceRef.line` count records from 1.

use std::io::{self, BufRead, Read};

use faultline_model::{SourceDoc, SourceFormat, SourceRef};

use crate::html::{self, Mode};
use crate::lines::{Line, LineReader};
use crate::{IngestError, decode, size};

/// WARC and HTTP header lines longer than this are damage, not headers.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Nor is a header block with more lines than this.
const MAX_HEADERS: usize = 500;

pub(crate) struct WarcReader<R> {
    path: String,
    lines: LineReader<R>,
    limit: u64,
    record: u64,
    done: bool,
}

/// One record's WARC headers (names lower-cased).
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

enum Step {
    Doc(Box<SourceDoc>),
    Skip,
    Error(String),
    /// The file cannot be read past this point.
    Fatal(String),
    End,
}

impl<R: BufRead> WarcReader<R> {
    pub(crate) fn new(path: String, reader: R, limit: u64) -> Self {
        WarcReader {
            path,
            lines: LineReader::new(reader, MAX_HEADER_LINE),
            limit,
            record: 0,
            done: false,
        }
    }

    fn step(&mut self) -> Step {
        let version = loop {
            match self.lines.next_line() {
                Ok(None) => return Step::End,
                Ok(Some(Line::Bytes(b))) if b.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Some(Line::Bytes(b))) => break b,
                Ok(Some(Line::TooLong { .. })) => {
                    self.record += 1;
                    return Step::Fatal(
                        "expected a WARC record header, found a long line of other data".into(),
                    );
                }
                Err(e) => {
                    self.record += 1;
                    return Step::Fatal(format!("read failed, file ends here: {e}"));
                }
            }
        };
        self.record += 1;
        if !version.starts_with(b"WARC/") {
            let shown: String = String::from_utf8_lossy(&version).chars().take(40).collect();
            return Step::Fatal(format!(
                "expected a WARC record header (`WARC/1.x`), found {shown:?}; the file is damaged here"
            ));
        }
        let headers = match self.read_headers() {
            Ok(h) => h,
            Err(problem) => return Step::Fatal(problem),
        };
        let Some(length) = headers
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return Step::Fatal("WARC record has no valid Content-Length".into());
        };
        let is_response = headers
            .get("warc-type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("response"));
        let is_http = headers
            .get("content-type")
            .is_none_or(|t| t.to_ascii_lowercase().contains("application/http"));
        if !is_response || !is_http {
            return match self.skip(length) {
                Ok(()) => Step::Skip,
                Err(problem) => Step::Fatal(problem),
            };
        }
        if length > self.limit.saturating_add(64 * 1024) {
            return match self.skip(length) {
                Ok(()) => Step::Error(format!(
                    "WARC record is {}, over the {} limit per document",
                    size(length),
                    size(self.limit)
                )),
                Err(problem) => Step::Fatal(problem),
            };
        }
        let mut block = Vec::new();
        let read = self.lines.inner_mut().take(length).read_to_end(&mut block);
        if let Err(e) = read {
            return Step::Fatal(format!("WARC record is truncated: {e}"));
        }
        if (block.len() as u64) < length {
            return Step::Fatal(format!(
                "WARC record is truncated: {} of {} bytes",
                block.len(),
                length
            ));
        }
        self.response(&headers, &block)
    }

    fn read_headers(&mut self) -> Result<Headers, String> {
        let mut headers = Vec::new();
        loop {
            let line = match self.lines.next_line() {
                Ok(Some(Line::Bytes(b))) => b,
                Ok(Some(Line::TooLong { len })) => {
                    return Err(format!("WARC header line of {} is damaged", size(len)));
                }
                Ok(None) => return Err("WARC record is truncated inside its header".into()),
                Err(e) => return Err(format!("WARC record is truncated inside its header: {e}")),
            };
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                return Ok(Headers(headers));
            }
            if headers.len() >= MAX_HEADERS {
                return Err("WARC record has too many header lines; the file is damaged".into());
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
    }

    fn skip(&mut self, length: u64) -> Result<(), String> {
        let copied = io::copy(&mut self.lines.inner_mut().take(length), &mut io::sink())
            .map_err(|e| format!("WARC record is truncated: {e}"))?;
        if copied < length {
            return Err(format!(
                "WARC record is truncated: {copied} of {length} bytes"
            ));
        }
        Ok(())
    }

    fn response(&self, warc: &Headers, block: &[u8]) -> Step {
        let Some((status, http, body)) = split_http(block) else {
            return Step::Error("WARC response has no readable HTTP header".into());
        };
        if !(200..300).contains(&status) {
            return Step::Skip;
        }
        let content_type = http.get("content-type").unwrap_or("").to_ascii_lowercase();
        if !content_type.contains("html") {
            return Step::Skip;
        }
        let body = match decode_body(&http, body) {
            Ok(b) => b,
            Err(problem) => return Step::Error(problem),
        };
        if body.len() as u64 > self.limit {
            return Step::Error(format!(
                "HTML page is {}, over the {} limit per document",
                size(body.len() as u64),
                size(self.limit)
            ));
        }
        let charset = content_type
            .split(';')
            .find_map(|p| p.trim().strip_prefix("charset="))
            .map(|c| c.trim_matches(['"', '\'']).to_owned())
            .or_else(|| html::declared_charset(&body));
        let page = match decode::decode(&body, charset.as_deref()) {
            Ok(p) => p,
            Err(problem) => return Step::Error(problem),
        };
        let extracted = match html::extract(&page, Mode::Page) {
            Ok(e) => e,
            Err(problem) => return Step::Error(problem),
        };
        let mut meta = extracted.meta;
        if let Some(uri) = warc.get("warc-target-uri") {
            meta.url = Some(uri.trim_matches(['<', '>']).to_owned());
        }
        // The crawl date says when the page was fetched, not when it was written: only
        // when the page itself is silent.
        if meta.published.is_none() {
            meta.published = warc.get("warc-date").map(str::to_owned);
        }
        Step::Doc(Box::new(SourceDoc {
            source: SourceRef {
                path: self.path.clone(),
                line: Some(self.record),
                record: warc
                    .get("warc-record-id")
                    .map(|id| id.trim_matches(['<', '>']).to_owned()),
                format: SourceFormat::Warc,
            },
            meta,
            raw: extracted.raw,
            html: Some(page),
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<SourceDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let problem = match self.step() {
                Step::Doc(doc) => return Some(Ok(*doc)),
                Step::Skip => continue,
                Step::End => {
                    self.done = true;
                    return None;
                }
                Step::Error(problem) => problem,
                Step::Fatal(problem) => {
                    self.done = true;
                    problem
                }
            };
            return Some(Err(IngestError {
                path: self.path.clone(),
                line: Some(self.record),
                problem,
            }));
        }
        None
    }
}

/// An HTTP response: status code, headers (names lower-cased) and the body bytes.
fn split_http(block: &[u8]) -> Option<(u16, Headers, &[u8])> {
    let end = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(block.get(..end.0)?);
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("HTTP/") {
        return None;
    }
    let code = status.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some((code, Headers(headers), block.get(end.1..)?))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Undo the transfer and content encodings a crawler kept as received. (Common Crawl
/// renames the ones it already undid to `X-Crawler-*`, so these names mean real work.)
fn decode_body(http: &Headers, body: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = body.to_vec();
    if http
        .get("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        body = dechunk(&body).ok_or("WARC response has a damaged chunked body")?;
    }
    match http
        .get("content-encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("gzip" | "x-gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(body.as_slice())
                .read_to_end(&mut out)
                .map_err(|e| format!("WARC response body is not valid gzip: {e}"))?;
            Ok(out)
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(body.as_slice())
                .read_to_end(&mut out)
                .map_err(|e| format!("WARC response body is not valid deflate: {e}"))?;
            Ok(out)
        }
        _ => Ok(body),
    }
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(body.get(..line_end)?).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = body.get(line_end + 2..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks_http_bodies() {
        let body = b"7\r\n<p>Gao \r\n6;ext=1\r\nattack\r\n0\r\n\r\n";
        assert_eq!(dechunk(body).as_deref(), Some(&b"<p>Gao attack"[..]));
        assert_eq!(dechunk(b"zz\r\nxx"), None);
        assert_eq!(dechunk(b"10\r\nshort"), None);
    }

    #[test]
    fn reads_status_and_headers() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html>";
        let (code, headers, body) = split_http(block).unwrap();
        assert_eq!(code, 200);
        assert_eq!(
            headers.get("content-type"),
            Some("text/html; charset=UTF-8")
        );
        assert_eq!(body, b"<html>");
        assert!(split_http(b"GET / HTTP/1.1\r\n\r\n").is_none());
    }
}

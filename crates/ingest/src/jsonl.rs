//! JSON Lines: one article per line (`id`, `text` or `html`, optional `title`, `url`,
//! `published`, `source`, `language`), read as a stream so a file of any size costs the
//! memory of one line.
//!
//! A bad line (not JSON, no text, too long) is one error item naming its line number and
//! the stream goes on; only an IO failure (a truncated gzip member) ends the file.

use std::io::BufRead;

use faultline_model::{Meta, SourceDoc, SourceFormat, SourceRef};
use serde::Deserialize;
use serde_json::Value;

use crate::IngestError;
use crate::html::{self, Mode};
use crate::lines::{Line, LineReader};

/// The fields faultline reads from a record; others are ignored.
#[derive(Deserialize)]
struct Record {
    id: Option<Value>,
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<Value>,
    source: Option<String>,
    language: Option<String>,
}

pub(crate) struct JsonlReader<R> {
    path: String,
    lines: LineReader<R>,
    limit: u64,
    line_no: u64,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub(crate) fn new(path: String, reader: R, limit: u64) -> Self {
        let max_line = usize::try_from(limit).unwrap_or(usize::MAX);
        JsonlReader {
            path,
            lines: LineReader::new(reader, max_line),
            limit,
            line_no: 0,
            done: false,
        }
    }

    fn error(&self, problem: impl Into<String>) -> IngestError {
        IngestError {
            path: self.path.clone(),
            line: Some(self.line_no),
            problem: problem.into(),
        }
    }

    fn record(&self, bytes: &[u8]) -> Result<SourceDoc, IngestError> {
        let bytes = if self.line_no == 1 {
            bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
        } else {
            bytes
        };
        let text = std::str::from_utf8(bytes)
            .map_err(|e| self.error(format!("not valid UTF-8 (byte {})", e.valid_up_to() + 1)))?;
        // serde would read `[id, text]` as the struct in sequence form; records are objects.
        let trimmed = text.trim_start();
        if !trimmed.starts_with('{') {
            let problem = match serde_json::from_str::<serde::de::IgnoredAny>(trimmed) {
                Ok(_) => "not a JSON object".to_owned(),
                Err(e) => json_problem(&e),
            };
            return Err(self.error(problem));
        }
        let record: Record =
            serde_json::from_str(text).map_err(|e| self.error(json_problem(&e)))?;
        let id = match record.id {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let published = match record.published {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let mut meta = Meta {
            title: record.title.filter(|s| !s.trim().is_empty()),
            url: record.url.filter(|s| !s.trim().is_empty()),
            source: record.source.filter(|s| !s.trim().is_empty()),
            author: None,
            published,
            byline: None,
            language: record.language.filter(|s| !s.trim().is_empty()),
        };
        let has_text = record.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        let has_html = record.html.as_deref().is_some_and(|t| !t.trim().is_empty());
        let (raw, html, format) = match (record.text, record.html) {
            (Some(text), html) if has_text => {
                (text, html.filter(|_| has_html), SourceFormat::Jsonl)
            }
            (_, Some(page)) if has_html => {
                let extracted = html::extract(&page, Mode::Page).map_err(|p| self.error(p))?;
                // What the record states wins over what the page says about itself.
                meta.fill_from(extracted.meta);
                (extracted.raw, Some(page), SourceFormat::Jsonl)
            }
            (None, None) => return Err(self.error("record has no `text` or `html` field")),
            _ => return Err(self.error("record's `text`/`html` is empty")),
        };
        Ok(SourceDoc {
            source: SourceRef {
                path: self.path.clone(),
                line: Some(self.line_no),
                record: id,
                format,
            },
            meta,
            raw,
            html,
        })
    }
}

/// serde_json's message without its "at line 1 column N" (every record is line 1 for it).
fn json_problem(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_owned();
    match e.classify() {
        serde_json::error::Category::Data => {
            format!("bad record: {message} (column {})", e.column())
        }
        _ => format!("not valid JSON: {message} (column {})", e.column()),
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<SourceDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let line = match self.lines.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    self.line_no += 1;
                    return Some(Err(self.error(format!("read failed, file ends here: {e}"))));
                }
            };
            self.line_no += 1;
            match line {
                Line::TooLong { len } => {
                    return Some(Err(self.error(format!(
                        "line is {}, over the {} limit per document",
                        crate::size(len),
                        crate::size(self.limit)
                    ))));
                }
                Line::Bytes(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Line::Bytes(bytes) => return Some(self.record(&bytes)),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(input: &str) -> Vec<String> {
        JsonlReader::new("f.jsonl".into(), input.as_bytes(), 1000)
            .map(|r| match r {
                Ok(doc) => format!("ok {}", doc.raw),
                Err(e) => e.to_string(),
            })
            .collect()
    }

    #[test]
    fn each_bad_line_gets_its_own_error() {
        let input = concat!(
            "{\"id\": 7, \"text\": \"Gao: deux soldats tués.\"}\n",
            "not json\n",
            "[1, 2]\n",
            "{\"id\": \"b\", \"title\": \"Sans texte\"}\n",
            "{\"id\": \"c\", \"text\": \"   \"}\n",
            "{\"id\": \"d\", \"text\": 5}\n",
            "\n",
            "{\"text\": \"Kidal, 2 mai.\"}"
        );
        assert_eq!(
            problems(input),
            vec![
                "ok Gao: deux soldats tués.".to_owned(),
                "f.jsonl:2: not valid JSON: expected ident (column 2)".to_owned(),
                "f.jsonl:3: not a JSON object".to_owned(),
                "f.jsonl:4: record has no `text` or `html` field".to_owned(),
                "f.jsonl:5: record's `text`/`html` is empty".to_owned(),
                "f.jsonl:6: bad record: invalid type: integer `5`, expected a string (column 21)"
                    .to_owned(),
                "ok Kidal, 2 mai.".to_owned(),
            ]
        );
    }
}

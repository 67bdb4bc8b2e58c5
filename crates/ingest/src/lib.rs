//! Sources: turns paths (files, directories, `-` for standard input) into a stream of
//! [`SourceDoc`]s, one per article, or an [`IngestError`] naming the file, line and problem.
//!
//! Streaming by design: documents are produced one at a time, directories are walked
//! lazily, multi-document files (JSON Lines, WARC, feeds) are read record by record, and a
//! file larger than the size limit is refused from its metadata before it is read. A bad
//! input yields one error item and the stream goes on. Nothing here may panic on input
//! data, and nothing here analyses text: cleaning is the engine's job.

mod decode;
mod feed;
mod html;
mod jsonl;
mod lines;
mod sniff;
mod warc;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use faultline_model::{Meta, SourceDoc, SourceFormat, SourceRef};
use flate2::read::MultiGzDecoder;
use walkdir::{DirEntry, WalkDir};

use crate::sniff::Kind;

/// A problem with one input (a file, or one record of it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {problem}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct IngestError {
    /// The file as given (or found under a directory given), "-" for standard input.
    pub path: String,
    /// 1-based line (JSON Lines) or record number (WARC, feeds).
    pub line: Option<u64>,
    pub problem: String,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Documents larger than this are refused: a text or HTML file, one JSON Lines line,
    /// one WARC record. Feed files, read whole, may be up to [`FEED_SIZE_FACTOR`] times it.
    pub max_document_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_document_bytes: 5 * 1024 * 1024,
        }
    }
}

/// A feed file holds many entries and `feed-rs` reads it whole, so it gets a larger but
/// still bounded allowance.
pub const FEED_SIZE_FACTOR: u64 = 16;

/// All documents under `paths`, in a stable order (directories walked recursively, sorted
/// by name, hidden entries skipped; "-" reads standard input and sniffs its format).
pub fn sources(
    paths: Vec<PathBuf>,
    options: Options,
) -> impl Iterator<Item = Result<SourceDoc, IngestError>> + Send + use<> {
    Sources {
        pending: paths.into(),
        walk: None,
        current: None,
        options,
    }
}

/// The documents in one stream that is not a file on disk (an upload, a pipe): `name`
/// is used in sources and errors, and its extension (if any, `.gz` looked through) names
/// the format; otherwise the format is sniffed from the content, as for standard input.
pub fn read_stream<R: Read + Send + 'static>(
    name: &str,
    reader: R,
    options: &Options,
) -> impl Iterator<Item = Result<SourceDoc, IngestError>> + Send + use<R> {
    let ext = extension_chain(Path::new(name));
    open_stream(name.to_owned(), ext, Box::new(reader), None, options)
}

type Docs = Box<dyn Iterator<Item = Result<SourceDoc, IngestError>> + Send>;
type Walk = walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

struct Sources {
    pending: VecDeque<PathBuf>,
    walk: Option<Walk>,
    current: Option<Docs>,
    options: Options,
}

impl Iterator for Sources {
    type Item = Result<SourceDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(docs) = &mut self.current {
                if let Some(item) = docs.next() {
                    return Some(item);
                }
                self.current = None;
            }
            if let Some(walk) = &mut self.walk {
                match walk.next() {
                    Some(Ok(entry)) => {
                        // Sockets and FIFOs found in a tree are not articles (and opening
                        // a FIFO would block); a path named on the command line is read.
                        if entry.file_type().is_file() {
                            self.current = Some(open_file(entry.path(), &self.options));
                        }
                    }
                    Some(Err(e)) => return Some(Err(walk_error(&e))),
                    None => self.walk = None,
                }
                continue;
            }
            let path = self.pending.pop_front()?;
            if path.as_os_str() == "-" {
                self.current = Some(open_stream(
                    "-".into(),
                    None,
                    Box::new(io::stdin()),
                    None,
                    &self.options,
                ));
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    let walk = WalkDir::new(&path)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(not_hidden as fn(&DirEntry) -> bool);
                    self.walk = Some(walk);
                }
                Ok(_) => self.current = Some(open_file(&path, &self.options)),
                Err(e) => return Some(Err(error(&path, None, io_problem(&e)))),
            }
        }
    }
}

/// Dot-files inside a directory (`.DS_Store`, `.git`) are not articles; a path given by
/// name is always read.
fn not_hidden(entry: &DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
}

fn walk_error(e: &walkdir::Error) -> IngestError {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    let problem = match (e.loop_ancestor(), e.io_error()) {
        (Some(ancestor), _) => {
            format!("symbolic link loop (points back to {})", ancestor.display())
        }
        (None, Some(io)) => io_problem(io),
        (None, None) => e.to_string(),
    };
    error(&path, None, problem)
}

fn error(path: &Path, line: Option<u64>, problem: impl Into<String>) -> IngestError {
    IngestError {
        path: path.display().to_string(),
        line,
        problem: problem.into(),
    }
}

fn io_problem(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if e.raw_os_error() == Some(40) => "symbolic link loop".into(),
        _ => format!("cannot read: {e}"),
    }
}

/// A byte count for messages: "5.0 MB", "812 bytes".
pub(crate) fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

fn over_limit(len: u64, limit: u64) -> String {
    format!(
        "file is {}, over the {} limit per document",
        size(len),
        size(limit)
    )
}

fn one(item: Result<SourceDoc, IngestError>) -> Docs {
    Box::new(std::iter::once(item))
}

fn open_file(path: &Path, options: &Options) -> Docs {
    let shown = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return one(Err(error(path, None, io_problem(&e)))),
    };
    let len = match file.metadata() {
        Ok(m) if m.is_dir() => return one(Err(error(path, None, "is a directory"))),
        Ok(m) if m.is_file() => Some(m.len()),
        // A FIFO or device: its length is unknown until read.
        Ok(_) => None,
        Err(e) => return one(Err(error(path, None, io_problem(&e)))),
    };
    let ext = extension_chain(path);
    // A text or HTML file over the limit is refused before a byte of it is read.
    let single = ext
        .as_deref()
        .and_then(sniff::kind_from_extension)
        .is_some_and(|k| matches!(k, Kind::Text | Kind::Html));
    let compressed = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if let Some(n) = len.filter(|n| single && !compressed && *n > options.max_document_bytes) {
        return one(Err(error(
            path,
            None,
            over_limit(n, options.max_document_bytes),
        )));
    }
    open_stream(shown, ext, Box::new(file), len, options)
}

/// The extension that names the format, and whether `.gz` was on top of it.
fn extension_chain(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_owned())
}

/// Read up to [`sniff::HEAD_LEN`] bytes, then hand back a reader that replays them. A
/// stream whose first bytes already decide its format (see [`sniff::decided`]) is not
/// waited on for more: records piped in one at a time are read as they come.
///
/// A read error after some bytes (a small gzip file cut short) is not reported here: the
/// replaying reader returns it after the head, so the format reader keeps what came
/// before and names the record where the damage is.
fn read_head(mut reader: Box<dyn Read + Send>) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut head = vec![0; sniff::HEAD_LEN];
    let mut filled = 0;
    let mut failure = None;
    while let Some(free) = head.get_mut(filled..).filter(|f| !f.is_empty()) {
        match reader.read(free) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if head.get(..filled).is_some_and(sniff::decided) {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if filled == 0 => return Err(e),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    head.truncate(filled);
    let rest: Box<dyn Read + Send> = match failure {
        Some(e) => Box::new(FailAfter(Some(e))),
        None => reader,
    };
    Ok((head.clone(), Box::new(Cursor::new(head).chain(rest))))
}

/// A reader that reports one stored error, then ends.
struct FailAfter(Option<io::Error>);

impl Read for FailAfter {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

fn open_stream(
    shown: String,
    ext: Option<String>,
    reader: Box<dyn Read + Send>,
    mut len: Option<u64>,
    options: &Options,
) -> Docs {
    let fail = |problem: String| {
        one(Err(IngestError {
            path: shown.clone(),
            line: None,
            problem,
        }))
    };
    let (mut head, mut reader) = match read_head(reader) {
        Ok(x) => x,
        Err(e) => return fail(io_problem(&e)),
    };
    if head.is_empty() {
        return fail("empty file".into());
    }
    let mut compressed = false;
    if head.starts_with(sniff::GZIP_MAGIC) {
        let decoder: Box<dyn Read + Send> = Box::new(MultiGzDecoder::new(reader));
        (head, reader) = match read_head(decoder) {
            Ok(x) => x,
            Err(e) => return fail(format!("not a valid gzip file: {e}")),
        };
        if head.is_empty() {
            return fail("empty file (after gzip decompression)".into());
        }
        compressed = true;
        len = None;
    }
    if let Some(kind) = sniff::binary_kind(&head) {
        let what = if compressed {
            "compressed file holds"
        } else {
            "binary file"
        };
        return fail(format!("{what}: {kind}, not text"));
    }
    let kind = ext
        .as_deref()
        .and_then(sniff::kind_from_extension)
        .unwrap_or_else(|| sniff::kind_from_content(&head));
    let limit = options.max_document_bytes;
    match kind {
        Kind::Jsonl => {
            let buffered = BufReader::with_capacity(256 * 1024, reader);
            Box::new(jsonl::JsonlReader::new(shown, buffered, limit))
        }
        Kind::Warc => {
            let buffered = BufReader::with_capacity(256 * 1024, reader);
            Box::new(warc::WarcReader::new(shown, buffered, limit))
        }
        Kind::Feed => {
            let feed_limit = limit.saturating_mul(FEED_SIZE_FACTOR);
            match read_limited(reader, len, feed_limit) {
                Ok(bytes) => feed::read_feed(&shown, &bytes, limit),
                Err(problem) => fail(problem),
            }
        }
        Kind::Text | Kind::Html => {
            let bytes = match read_limited(reader, len, limit) {
                Ok(b) => b,
                Err(problem) => return fail(problem),
            };
            one(single_document(&shown, kind, &bytes))
        }
    }
}

/// Read a whole file that must fit in `limit`, checking the known length first so an
/// oversized file is refused without reading it.
fn read_limited(
    reader: Box<dyn Read + Send>,
    len: Option<u64>,
    limit: u64,
) -> Result<Vec<u8>, String> {
    if let Some(n) = len.filter(|n| *n > limit) {
        return Err(over_limit(n, limit));
    }
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("read failed: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "file is over the {} limit per document",
            size(limit)
        ));
    }
    Ok(bytes)
}

fn single_document(shown: &str, kind: Kind, bytes: &[u8]) -> Result<SourceDoc, IngestError> {
    let fail = |problem: String| IngestError {
        path: shown.to_owned(),
        line: None,
        problem,
    };
    let source = |format| SourceRef {
        path: shown.to_owned(),
        line: None,
        record: None,
        format,
    };
    match kind {
        Kind::Html => {
            let charset = html::declared_charset(bytes);
            let page = decode::decode(bytes, charset.as_deref()).map_err(fail)?;
            let extracted = html::extract(&page, html::Mode::Page).map_err(fail)?;
            Ok(SourceDoc {
                source: source(SourceFormat::Html),
                meta: extracted.meta,
                raw: extracted.raw,
                html: Some(page),
            })
        }
        _ => {
            let raw = decode::decode(bytes, None).map_err(fail)?;
            if raw.trim().is_empty() {
                return Err(fail("empty file (only whitespace)".into()));
            }
            Ok(SourceDoc {
                source: source(SourceFormat::Text),
                meta: Meta::default(),
                raw,
                html: None,
            })
        }
    }
}

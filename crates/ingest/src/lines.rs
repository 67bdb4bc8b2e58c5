//! Bounded lines: reads `\n`-terminated lines from a buffered stream without ever holding
//! more than a fixed number of bytes of one line, so a 200 MB line in a JSON Lines file or
//! a runaway WARC header is refused instead of filling memory.
//!
//! It only splits bytes; it does not decode text or know any format.

use std::io::{self, BufRead};

/// One line, without its `\n` (a trailing `\r` is kept; callers that care strip it).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Bytes(Vec<u8>),
    /// The line was longer than the limit; its bytes were skipped, not stored.
    TooLong {
        len: u64,
    },
}

pub(crate) struct LineReader<R> {
    inner: R,
    limit: usize,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(inner: R, limit: usize) -> Self {
        LineReader { inner, limit }
    }

    /// The stream after the lines read so far (to read a block of known length).
    pub(crate) fn inner_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The next line, or `None` at the end of the stream. A last line without `\n` counts.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Line>> {
        let mut line = Vec::new();
        let mut len: u64 = 0;
        let mut too_long = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if len == 0 {
                    return Ok(None);
                }
                break;
            }
            let newline = available.iter().position(|b| *b == b'\n');
            let take = newline.unwrap_or(available.len());
            let chunk = available.get(..take).unwrap_or_default();
            len += take as u64;
            if !too_long {
                if line.len() + chunk.len() > self.limit {
                    too_long = true;
                    line = Vec::new();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            let consumed = take + usize::from(newline.is_some());
            self.inner.consume(consumed);
            if newline.is_some() {
                break;
            }
        }
        Ok(Some(if too_long {
            Line::TooLong { len }
        } else {
            Line::Bytes(line)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_refuses_long_ones_without_keeping_them() {
        let input = format!("short\r\n{}\n\nlast", "x".repeat(100));
        // A tiny buffer makes the long line arrive in many pieces.
        let reader = io::BufReader::with_capacity(7, input.as_bytes());
        let mut lines = LineReader::new(reader, 20);
        let mut got = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            got.push(line);
        }
        assert_eq!(
            got,
            vec![
                Line::Bytes(b"short\r".to_vec()),
                Line::TooLong { len: 100 },
                Line::Bytes(Vec::new()),
                Line::Bytes(b"last".to_vec()),
            ]
        );
    }
}

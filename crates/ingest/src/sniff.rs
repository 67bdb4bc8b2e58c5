//! Sniffing: decides how to read an input from its file name and its first bytes — which
//! container format it is, whether it is gzip-compressed, and whether it is binary data
//! (PDF, images, archives, executables) that must be refused before anything decodes it.
//!
//! Content wins over the name for binary data (a PDF renamed `.txt` is still a PDF); the
//! name wins otherwise, and content decides only when the name says nothing. No IO here.

/// The container formats faultline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Html,
    Jsonl,
    Warc,
    Feed,
}

/// How many leading bytes the sniffers look at.
pub(crate) const HEAD_LEN: usize = 8 * 1024;

pub(crate) const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];

/// Known binary formats by their magic bytes, named for the error message.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office document",
    ),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an XZ archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
];

/// Why the head of a file says it is not text, if it does.
pub(crate) fn binary_kind(head: &[u8]) -> Option<&'static str> {
    for (magic, name) in MAGIC {
        if head.starts_with(magic) {
            // "MZ" and "BZh" are also how some words start; ask for more evidence.
            if (*magic == b"MZ" || *magic == b"BZh") && !has_nul(head) {
                continue;
            }
            return Some(name);
        }
    }
    if head.len() >= 12 && head.starts_with(b"RIFF") {
        return Some(match head.get(8..12) {
            Some(b"WEBP") => "a WebP image",
            Some(b"WAVE") => "a WAV audio file",
            Some(b"AVI ") => "an AVI video",
            _ => "a RIFF media file",
        });
    }
    if head.get(4..8) == Some(b"ftyp") {
        return Some("an MP4/QuickTime media file");
    }
    // UTF-16 text has NULs too; it is recognised by its byte order mark or pattern first.
    if has_nul(head) && !looks_utf16(head) {
        return Some("binary data (contains NUL bytes)");
    }
    None
}

fn has_nul(head: &[u8]) -> bool {
    head.contains(&0)
}

fn looks_utf16(head: &[u8]) -> bool {
    head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || crate::decode::utf16_without_bom(head).is_some()
}

/// The format a file name announces (after any `.gz` is taken off), if it announces one.
pub(crate) fn kind_from_extension(ext: &str) -> Option<Kind> {
    match ext.to_ascii_lowercase().as_str() {
        "txt" | "text" => Some(Kind::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(Kind::Html),
        "jsonl" | "ndjson" => Some(Kind::Jsonl),
        "warc" => Some(Kind::Warc),
        "rss" | "atom" | "xml" => Some(Kind::Feed),
        _ => None,
    }
}

/// The format the content shows, for inputs whose name says nothing (standard input, files
/// without a known extension).
/// Whether the bytes read so far settle what [`kind_from_content`] and the gzip check make
/// of the stream, so that reading on to [`HEAD_LEN`] would change nothing but the wait:
/// gzip's magic, or a JSON Lines or WARC stream with its first line complete. (A NUL byte
/// further on is then left to the format reader, which names the record it spoils.)
pub(crate) fn decided(head: &[u8]) -> bool {
    if head.starts_with(GZIP_MAGIC) {
        return true;
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(start) = text.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    let rest = text.get(start..).unwrap_or_default();
    (rest.starts_with(b"{") || rest.starts_with(b"WARC/")) && rest.contains(&b'\n')
}

pub(crate) fn kind_from_content(head: &[u8]) -> Kind {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head.get(start..).unwrap_or_default();
    if head.starts_with(b"WARC/") {
        return Kind::Warc;
    }
    if head.starts_with(b"{") {
        return Kind::Jsonl;
    }
    let lower: Vec<u8> = head.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    let contains = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.starts_with(b"<") {
        if contains(b"<rss") || contains(b"<feed") || contains(b"<rdf:rdf") {
            return Kind::Feed;
        }
        if contains(b"<html")
            || contains(b"<!doctype html")
            || contains(b"<body")
            || contains(b"<p")
        {
            return Kind::Html;
        }
    }
    Kind::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A head is complete early only when more bytes could not change the verdict: gzip's
    /// magic, or the first whole line of JSON Lines or WARC; text, HTML and feeds are judged
    /// on the whole window.
    #[test]
    fn heads_are_decided_early_only_for_line_formats() {
        let cases: [(&[u8], bool); 9] = [
            (b"\x1f\x8b\x08", true),
            (b"{\"id\": 1}\n", true),
            (b"\xEF\xBB\xBF  \n{\"id\": 1}\n{\"id", true),
            (b"{\"id\": 1, \"text\": \"still being wr", false),
            (b"WARC/1.0\r\n", true),
            (b"WARC/1.0", false),
            (b"<?xml version=\"1.0\"?>\n", false),
            (b"Bamako, 12 mars (AFP) -\n", false),
            (b"   \n\n", false),
        ];
        for (head, decided_early) in cases {
            assert_eq!(
                decided(head),
                decided_early,
                "{:?}",
                String::from_utf8_lossy(head)
            );
            if decided_early && !head.starts_with(GZIP_MAGIC) {
                // What was decided early is what the whole window decides.
                let mut longer = head.to_vec();
                longer.extend_from_slice(b"<html><p>more</p>\n");
                assert_eq!(kind_from_content(head), kind_from_content(&longer));
            }
        }
    }

    #[test]
    fn binary_heads_are_named() {
        let cases: [(&[u8], Option<&str>); 8] = [
            (b"%PDF-1.7\n%\xe2\xe3", Some("a PDF document")),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("a PNG image")),
            (
                b"PK\x03\x04\x14\0\x06\0",
                Some("a ZIP archive (or an Office document)"),
            ),
            (b"RIFF\x10\0\0\0WEBPVP8 ", Some("a WebP image")),
            (
                b"text\0with\0nuls\0here\0\0\0\0x",
                Some("binary data (contains NUL bytes)"),
            ),
            (b"MZinga is a word, not an exe", None),
            (b"Bamako, 12 mars (AFP) - ", None),
            (b"\xff\xfeB\0a\0m\0a\0k\0o\0", None),
        ];
        for (head, want) in cases {
            assert_eq!(
                binary_kind(head),
                want,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn content_sniffing_picks_the_format() {
        let cases: [(&[u8], Kind); 7] = [
            (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Kind::Warc),
            (b"  {\"id\": \"a1\", \"text\": \"...\"}\n", Kind::Jsonl),
            (
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
                Kind::Feed,
            ),
            (b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", Kind::Feed),
            (b"<!DOCTYPE html>\n<html lang=\"fr\">", Kind::Html),
            (b"\xEF\xBB\xBFMopti, 4 avril - Des hommes armes", Kind::Text),
            (b"<3 is not markup, it is a heart", Kind::Text),
        ];
        for (head, want) in cases {
            assert_eq!(
                kind_from_content(head),
                want,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }
}

//! Decoding: turns the bytes of one document into text, whatever encoding it was saved in
//! (UTF-8, UTF-16 with or without a byte order mark, Windows-1252/Latin-1 and the other
//! legacy encodings `chardetng` knows), and refuses bytes that no encoding explains.
//!
//! It never guesses silently on binary data: a decoded text full of control characters is
//! reported as a problem instead of being handed on as mojibake. It does no IO.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decode `bytes` into text. `declared` is an encoding label the container states (an HTML
/// `<meta charset>`, an HTTP `Content-Type` charset); it is trusted only when the bytes are
/// not already valid UTF-8, because pages often declare Latin-1 and are saved as UTF-8.
///
/// The returned text has any byte order mark removed and line ends untouched.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>) -> Result<String, String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return decode_with(encoding, body);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_text(text.to_owned());
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_with(encoding, bytes);
    }
    let declared = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE);
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    });
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    // A multi-byte guess that does not fit: Windows-1252 decodes every byte, so the
    // control-character check is what decides whether this is text at all.
    let text = if had_errors {
        WINDOWS_1252.decode_without_bom_handling(bytes).0
    } else {
        text
    };
    check_text(text.into_owned()).map_err(|_| {
        "not valid UTF-8, and no text encoding explains the bytes (corrupt or binary data)"
            .to_owned()
    })
}

fn decode_with(encoding: &'static Encoding, body: &[u8]) -> Result<String, String> {
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(format!(
            "starts with a {} byte order mark but is not valid {}",
            encoding.name(),
            encoding.name()
        ));
    }
    check_text(text.into_owned())
}

/// UTF-16 saved without a byte order mark shows as ASCII letters alternating with NUL
/// bytes; recognise it so it is decoded rather than refused as binary.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(4096) & !1)?;
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = pair {
            zero_even += usize::from(*a == 0);
            zero_odd += usize::from(*b == 0);
        }
    }
    // Mostly-ASCII text in UTF-16 has a NUL in nearly every pair, always on the same side.
    if zero_odd * 10 >= pairs * 7 && zero_even * 10 <= pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 7 && zero_odd * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Refuse a decoded text that is mostly control characters: that is binary data decoded
/// as if it were text, not an article.
fn check_text(text: String) -> Result<String, String> {
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}');
        if control || c == '\u{fffd}' {
            odd += 1;
        }
    }
    if total > 0 && odd * 100 > total.max(20) {
        return Err(
            "not valid text: too many control characters (corrupt or binary data)".to_owned(),
        );
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding_to_the_same_french_text() {
        let text = "Des combats ont éclaté près de Tombouctou, a déclaré l'armée malienne.";
        let (latin1, _, _) = WINDOWS_1252.encode(text);
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let utf16le_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf8_bom: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
        let cases: [(&str, &[u8]); 6] = [
            ("utf-8", text.as_bytes()),
            ("utf-8 with bom", &utf8_bom),
            ("windows-1252", &latin1),
            ("utf-16le", &utf16le),
            ("utf-16be", &utf16be),
            ("utf-16le without bom", &utf16le_no_bom),
        ];
        for (name, bytes) in cases {
            assert_eq!(decode(bytes, None).as_deref(), Ok(text), "{name}");
        }
    }

    #[test]
    fn declared_charset_is_used_only_when_bytes_are_not_utf8() {
        let text = "Gao, 3 février : l'armée annonce un bilan";
        let (latin1, _, _) = WINDOWS_1252.encode(text);
        assert_eq!(decode(&latin1, Some("iso-8859-1")).as_deref(), Ok(text));
        // Declared Latin-1 but saved as UTF-8: the bytes win.
        assert_eq!(decode(text.as_bytes(), Some("latin1")).as_deref(), Ok(text));
    }

    #[test]
    fn refuses_bytes_that_are_not_text() {
        let mut noise = Vec::new();
        let mut x: u32 = 12345;
        for _ in 0..2000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push(((x >> 16) as u8) | 1);
        }
        assert!(decode(&noise, None).is_err());
    }

    #[test]
    fn keeps_crlf_line_ends() {
        assert_eq!(decode(b"a\r\nb\r\n", None).as_deref(), Ok("a\r\nb\r\n"));
    }
}

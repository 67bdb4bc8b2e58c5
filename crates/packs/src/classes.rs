//! What a character is to the tokenizers of the time and facts packs: part of a word, a
//! digit, a punctuation mark, or white space between tokens.
//!
//! Both packs cut text the same way (letters run together, ASCII digits run together, any
//! other visible character stands alone), so both read one classification; each keeps its
//! own tokenizer because they keep different things per token.

/// The kind of token a character starts or continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenClass {
    /// A run of letters.
    Word,
    /// A run of ASCII digits.
    Number,
    /// Any other single non-space character.
    Punct,
}

/// The token class of a character; None for white space, which separates tokens.
pub(crate) fn char_class(c: char) -> Option<TokenClass> {
    if c.is_alphabetic() {
        Some(TokenClass::Word)
    } else if c.is_ascii_digit() {
        Some(TokenClass::Number)
    } else if c.is_whitespace() {
        None
    } else {
        Some(TokenClass::Punct)
    }
}

/// [`char_class`] of an ASCII byte, from a table (the tokenizers class every byte of every
/// document); None for white space and for bytes outside ASCII, which the caller decodes.
#[inline]
pub(crate) fn ascii_class(b: u8) -> Option<TokenClass> {
    ASCII_CLASS.get(usize::from(b)).copied().flatten()
}

static ASCII_CLASS: [Option<TokenClass>; 128] = {
    let mut table = [Some(TokenClass::Punct); 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            Some(TokenClass::Word)
        } else if c.is_ascii_digit() {
            Some(TokenClass::Number)
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            // `char::is_whitespace` on ASCII: tab to carriage return, and space.
            None
        } else {
            Some(TokenClass::Punct)
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_table_classes_as_char_class_does() {
        for b in 0u8..128 {
            assert_eq!(ascii_class(b), char_class(char::from(b)), "byte {b}");
        }
        assert_eq!(
            ascii_class(0xc3),
            None,
            "bytes outside ASCII are decoded by the caller"
        );
    }
}

//! Byte tables shared by stages that walk text byte by byte on its ASCII stretches.
//!
//! Line keys (clean) and the fingerprint's words (identity) both want "letters lower-cased,
//! digits kept, everything else a separator"; one table keeps them from drifting apart.

/// Each ASCII letter and digit in lower case, and 0 for every other ASCII byte: one lookup
/// per byte says whether it belongs to a word and gives what to hash or keep.
pub(crate) static LOWER_ALNUM: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// [`LOWER_ALNUM`] with a space instead of 0: keys that separate words by one space write
/// every separator as a space and squeeze them afterwards ([`squeeze_spaces`]).
pub(crate) static LOWER_ALNUM_OR_SPACE: [u8; 128] = {
    let mut table = [b' '; 128];
    let mut b = 0;
    while b < 128 {
        if LOWER_ALNUM[b] != 0 {
            table[b] = LOWER_ALNUM[b];
        }
        b += 1;
    }
    table
};

/// Makes each run of spaces one space and drops those at either end. Writing a space for
/// every separator and squeezing once costs a fraction of deciding, byte by byte, whether a
/// space is owed before the next word.
pub(crate) fn squeeze_spaces(bytes: &mut Vec<u8>) {
    let mut after_space = true;
    bytes.retain(|&b| {
        let keep = b != b' ' || !after_space;
        after_space = b == b' ';
        keep
    });
    if bytes.last() == Some(&b' ') {
        bytes.pop();
    }
}

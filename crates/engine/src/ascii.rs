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

//! Document identity: a hash of the normalised cleaned text ([`doc_id`]), and a similarity
//! fingerprint ([`simhash`]) that stays close when a text is lightly edited.
//!
//! Normalisation for the id folds what differs between two copies of one article but not its
//! words: Unicode composition (NFC), runs of white space, and letter case are ignored, so the
//! same article saved by two scrapers, or with CRLF line ends, gets one id.
//!
//! The fingerprint is for syndicated wire copy: the same story reprinted with another header,
//! footer or one sentence more or less gets a different id but a fingerprint a few bits away.
//! Both hashes are stable across runs, platforms and Rust versions (they are stored), so
//! neither may use `std`'s `DefaultHasher` or anything seeded at run time.

use faultline_model::DocId;
use unicode_normalization::UnicodeNormalization;

pub fn doc_id(clean_text: &str) -> DocId {
    let mut hasher = blake3::Hasher::new();
    let mut buf = [0u8; 4];
    let mut pending_space = false;
    let mut started = false;
    for c in clean_text.nfc() {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            hasher.update(b" ");
            pending_space = false;
        }
        started = true;
        for lc in c.to_lowercase() {
            hasher.update(lc.encode_utf8(&mut buf).as_bytes());
        }
    }
    let hash = hasher.finalize();
    DocId(hash.to_hex()[..32].to_string())
}

/// Words per shingle. Three is the usual choice for near-duplicate detection: long enough
/// that two different stories on one topic share few shingles, short enough that one edited
/// sentence changes few of them.
const SHINGLE: usize = 3;

/// Two documents whose fingerprints differ in at most this many bits are near-duplicates.
///
/// Why this number: a fingerprint bit differs between two texts with probability θ/π, θ the
/// angle between their shingle vectors. Syndicated copies of a seed-sized story (one
/// header, footer or sentence changed) share ~95% of their shingles and measure 2 to 8 bits
/// apart; different stories share almost none and measure ~32 ± 4 bits apart, so 10 leaves
/// a margin of five standard deviations on the unrelated side.
pub const NEAR_DUPLICATE_BITS: u32 = 10;

/// A 64-bit SimHash (Charikar) over the word 3-shingles of `clean_text`: each shingle's hash
/// votes +1 or -1 on every bit, and the fingerprint keeps the sign of each sum. Words are
/// runs of letters and digits, lower-cased, so punctuation, spacing and case do not count.
/// A text of fewer than three words is fingerprinted on its words; an empty text is 0.
pub fn simhash(clean_text: &str) -> u64 {
    let mut votes = [0i32; 64];
    let mut window = [0u64; SHINGLE];
    let mut words = 0usize;
    for word in clean_text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        window.rotate_left(1);
        window[SHINGLE - 1] = word_hash(word);
        words += 1;
        if words >= SHINGLE {
            vote(&mut votes, shingle_hash(&window));
        }
    }
    if words == 0 {
        return 0;
    }
    if words < SHINGLE {
        for h in &window[SHINGLE - words..] {
            vote(&mut votes, *h);
        }
    }
    votes
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0)
        .fold(0u64, |acc, (bit, _)| acc | (1u64 << bit))
}

/// Number of differing bits between two fingerprints.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Whether two fingerprints are close enough to call the texts near-duplicates.
pub fn is_near_duplicate(a: u64, b: u64) -> bool {
    hamming(a, b) <= NEAR_DUPLICATE_BITS
}

fn vote(votes: &mut [i32; 64], hash: u64) {
    for (bit, v) in votes.iter_mut().enumerate() {
        if hash >> bit & 1 == 1 {
            *v += 1;
        } else {
            *v -= 1;
        }
    }
}

/// FNV-1a over the lower-cased word, then a finaliser: FNV alone mixes its high bits poorly,
/// and SimHash needs every bit to be a fair coin.
fn word_hash(word: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut buf = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    mix(h)
}

/// Order matters: "army attacked rebels" and "rebels attacked army" are different shingles.
fn shingle_hash(words: &[u64; SHINGLE]) -> u64 {
    words
        .iter()
        .fold(0x9e37_79b9_7f4a_7c15u64, |acc, w| mix(acc ^ w))
}

/// MurmurHash3's 64-bit finaliser: every input bit flips each output bit with probability ½.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_words_different_spacing_and_case_share_an_id() {
        assert_eq!(
            doc_id("Le FAMa a repris Kidal.\r\n"),
            doc_id("  le fama   a repris\nKidal.")
        );
        assert_ne!(doc_id("Kidal was taken."), doc_id("Kidal was not taken."));
    }

    #[test]
    fn composed_and_decomposed_accents_share_an_id() {
        assert_eq!(doc_id("Ménaka"), doc_id("Me\u{301}naka"));
    }

    /// Pinned values: fingerprints are stored, so a change to the hash must be deliberate
    /// (and come with a migration that recomputes them).
    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(simhash(""), 0);
        assert_eq!(simhash(" ,;. "), 0);
        assert_eq!(simhash("Kidal"), word_hash("kidal"));
        let h = simhash("The army entered Kidal on Tuesday.");
        assert_eq!(h, simhash("the ARMY entered, Kidal on   Tuesday"));
        assert_eq!(format!("{h:016x}"), PINNED);
    }
    const PINNED: &str = "36108eb540714c60";

    #[test]
    fn word_order_matters() {
        let a = simhash("Soldiers attacked the rebels near Gao after the rebels attacked a convoy");
        let b = simhash("The rebels attacked soldiers near Gao after soldiers attacked a convoy");
        assert!(hamming(a, b) > 0);
    }
}

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
use unicode_normalization::{IsNormalized, UnicodeNormalization};

pub fn doc_id(clean_text: &str) -> DocId {
    // The normalised text is built first and hashed in one call: feeding BLAKE3 one
    // character at a time cost more than the hashing. Most text is already NFC, and the
    // quick check lets it skip the composing iterator; both paths give the same bytes.
    let mut normal = String::with_capacity(clean_text.len());
    match unicode_normalization::is_nfc_quick(clean_text.chars()) {
        IsNormalized::Yes => fold_into(clean_text.chars(), &mut normal),
        IsNormalized::No | IsNormalized::Maybe => fold_into(clean_text.nfc(), &mut normal),
    }
    let hash = blake3::hash(normal.as_bytes());
    DocId(hash.to_hex()[..32].to_string())
}

/// Lower-cased characters with runs of white space as one space, none at either end.
fn fold_into(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Words per shingle. Three is the usual choice for near-duplicate detection: long enough
/// that two different stories on one topic share few shingles, short enough that one edited
/// sentence changes few of them.
const SHINGLE: usize = 3;

/// The threshold lives in the model because the store applies it too.
pub use faultline_model::document::NEAR_DUPLICATE_BITS;

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
    // Branch-free (+1 for a set bit, -1 for a clear one) so the loop vectorises: the branchy
    // form was most of the fingerprint's cost.
    for (bit, v) in votes.iter_mut().enumerate() {
        *v += ((hash >> bit) & 1) as i32 * 2 - 1;
    }
}

/// FNV-1a over the lower-cased word, then a finaliser: FNV alone mixes its high bits poorly,
/// and SimHash needs every bit to be a fair coin.
fn word_hash(word: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut step = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    };
    if word.is_ascii() {
        word.bytes().for_each(|b| step(b.to_ascii_lowercase()));
    } else {
        let mut buf = [0u8; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buf).bytes().for_each(&mut step);
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

    /// Pinned values: ids are stored keys, so a faster implementation must give the same
    /// bytes (and a deliberate change needs a migration).
    #[test]
    fn ids_are_stable() {
        for (text, id) in [
            (
                "Le FAMa a repris Kidal.",
                "25655d496e9084d4bb6cbc4fbc304210",
            ),
            (
                "  Ménaka, Me\u{301}naka   ÉTAT islamique\n\n",
                "0158b4df5afc923de40c5094126d29ff",
            ),
            ("", "af1349b9f5f9a1a6a0404dea36dcc949"),
        ] {
            assert_eq!(doc_id(text).0, id, "{text:?}");
        }
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

    const WIRE_EN: &str = "Gunmen killed at least 14 civilians in an attack on a village \
near Ménaka in eastern Mali on Sunday, local officials and residents said. The assailants \
arrived on motorcycles at dawn, set fire to granaries and took away livestock, a local \
elected official told reporters by telephone. Most of the victims were men working in the \
fields, according to a resident who asked not to be named for security reasons. No group \
immediately claimed responsibility for the attack. The region has been contested for years \
by the Islamic State in the Sahel and the al-Qaeda-linked JNIM, which both recruit among \
local communities. The army said in a statement on Monday that it had sent reinforcements \
to the area and was pursuing the attackers. Humanitarian organisations say thousands of \
people have fled villages around Ménaka since the start of the year. Mali has been ruled \
by a military junta since 2020, which has turned away from France and towards Russia for \
security support. Attacks on civilians have increased across the central Sahel, according \
to conflict monitors.";

    const OTHER_EN: &str = "Soldiers repelled an attack on a military camp near Gao in \
northern Mali on Tuesday, killing several assailants, the armed forces said in a statement. \
The attackers, who used explosives and heavy machine guns, targeted the camp shortly after \
midnight, according to a security source. Two soldiers were wounded and evacuated to the \
regional hospital, the source said. The army did not say which group carried out the \
assault, but jihadists linked to al-Qaeda have claimed several similar raids in the area \
this year. Residents of Gao reported hearing gunfire for more than an hour. The junta \
has promised to restore state authority across the north after the departure of United \
Nations peacekeepers. Analysts say armed groups have exploited the withdrawal to expand \
their operations along the main roads.";

    const WIRE_FR: &str = "Au moins douze civils ont été tués dimanche dans l'attaque d'un \
village proche de Djibo, dans le nord du Burkina Faso, ont indiqué des sources locales. Les \
assaillants, arrivés à moto, ont incendié des habitations et emporté du bétail, selon un \
habitant joint par téléphone. L'attaque n'a pas été revendiquée dans l'immédiat. La région \
est le théâtre d'attaques régulières attribuées aux groupes jihadistes liés à al-Qaïda et \
à l'État islamique. L'armée a annoncé lundi l'envoi de renforts et des opérations de \
ratissage dans la zone. Des milliers d'habitants ont fui les villages environnants depuis \
le début de l'année, selon des organisations humanitaires. Le Burkina Faso est dirigé par \
une junte militaire depuis 2022.";

    /// The edits syndication makes: another site's header, another footer, a sentence
    /// added (an update) or dropped (cut for space).
    fn syndicated_copies(story: &str) -> [String; 4] {
        let sentences: Vec<&str> = story.split_inclusive(". ").collect();
        let middle = sentences.len() / 2;
        let dropped: String = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != middle)
            .map(|(_, s)| *s)
            .collect();
        let added = format!(
            "{}Contacted by telephone, the governor's office declined to comment. {}",
            sentences[..middle].concat(),
            sentences[middle..].concat()
        );
        [
            format!("Sahel Daily News | Security | 14:05\n{story}"),
            format!("{story}\nCopyright AFP. All reproduction rights reserved."),
            dropped,
            added,
        ]
    }

    #[test]
    fn syndicated_copies_are_near_duplicates() {
        for story in [WIRE_EN, WIRE_FR] {
            let original = simhash(story);
            for copy in syndicated_copies(story) {
                let d = hamming(original, simhash(&copy));
                assert_ne!(doc_id(story), doc_id(&copy), "a copy is another document");
                assert!(
                    is_near_duplicate(original, simhash(&copy)),
                    "{d} bits: {copy}"
                );
            }
        }
    }

    #[test]
    fn different_stories_on_one_topic_are_not_near_duplicates() {
        let pairs = [(WIRE_EN, OTHER_EN), (WIRE_EN, WIRE_FR), (OTHER_EN, WIRE_FR)];
        for (a, b) in pairs {
            let d = hamming(simhash(a), simhash(b));
            assert!(d > 2 * NEAR_DUPLICATE_BITS, "{d} bits apart:\n{a}\n{b}");
        }
    }

    #[test]
    fn word_order_matters() {
        let a = simhash("Soldiers attacked the rebels near Gao after the rebels attacked a convoy");
        let b = simhash("The rebels attacked soldiers near Gao after soldiers attacked a convoy");
        assert!(hamming(a, b) > 0);
    }
}

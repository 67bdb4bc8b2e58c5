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
    // quick check lets it skip the composing iterator; both paths give the same bytes
    // (NFC of NFC text is itself), so the check only decides how much work is done.
    let normal = fold_nfc_text(clean_text).unwrap_or_else(|| {
        let mut folder = IdFolder::with_capacity(clean_text.len());
        clean_text.nfc().for_each(|c| folder.push_char(c));
        folder.finish()
    });
    let hash = blake3::hash(&normal);
    DocId(hash.to_hex()[..32].to_string())
}

/// The id's normal form of a text already in NFC, or None when the quick check cannot
/// say so. Byte by byte: news text is mostly ASCII, which needs neither decoding nor the
/// composition tables. ASCII characters are starters that reset the quick check, so
/// checking each run of other characters on its own gives the whole text's answer.
fn fold_nfc_text(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut folder = IdFolder::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        let ascii_end = faultline_packs::ascii_run_end(bytes, at);
        if ascii_end > at {
            folder.push_ascii(bytes.get(at..ascii_end).unwrap_or(&[]));
            at = ascii_end;
            continue;
        }
        let end = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(u8::is_ascii))
            .map_or(bytes.len(), |i| at + i);
        let run = text.get(at..end)?;
        if unicode_normalization::is_nfc_quick(run.chars()) != IsNormalized::Yes {
            return None;
        }
        run.chars().for_each(|c| folder.push_char(c));
        at = end;
    }
    Some(folder.finish())
}

/// Builds the id's normal form: lower-cased characters with runs of white space as one
/// space, none at either end. White space is written as a space as it comes and the runs
/// are made one at the end, in one pass: deciding byte by byte whether a space was due
/// cost more than the hashing.
struct IdFolder {
    out: Vec<u8>,
}

impl IdFolder {
    fn with_capacity(n: usize) -> Self {
        IdFolder {
            out: Vec::with_capacity(n),
        }
    }

    /// ASCII bytes.
    fn push_ascii(&mut self, run: &[u8]) {
        self.out
            .extend(run.iter().map(|&b| ID_FOLDS[usize::from(b & 0x7f)]));
    }

    fn push_char(&mut self, c: char) {
        if c.is_ascii() {
            // An ASCII char is one byte: the cast cannot truncate.
            self.push_ascii(&[c as u8]);
        } else if c.is_whitespace() {
            self.out.push(b' ');
        } else {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                self.out
                    .extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }

    fn finish(mut self) -> Vec<u8> {
        crate::ascii::squeeze_spaces(&mut self.out);
        self.out
    }
}

/// Each ASCII byte as the id's normal form writes it: white space as `char::is_whitespace`
/// has it (tab to carriage return, and space) as a space, letters in lower case.
static ID_FOLDS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'\t'..=b'\r' | b' ' => b' ',
            _ => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

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
    let mut votes = Votes::default();
    let mut window = [0u64; SHINGLE];
    let mut words = 0usize;
    for_each_word_hash(clean_text, |hash| {
        window.rotate_left(1);
        window[SHINGLE - 1] = hash;
        words += 1;
        if words >= SHINGLE {
            votes.add(shingle_hash(&window));
        }
    });
    if words == 0 {
        return 0;
    }
    if words < SHINGLE {
        for h in &window[SHINGLE - words..] {
            votes.add(*h);
        }
    }
    votes.majority()
}

/// Number of differing bits between two fingerprints.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Whether two fingerprints are close enough to call the texts near-duplicates.
pub fn is_near_duplicate(a: u64, b: u64) -> bool {
    hamming(a, b) <= NEAR_DUPLICATE_BITS
}

/// The SimHash tally. A bit's sum of ±1 votes is positive exactly when more than half the
/// hashes set it, so only the set bits are counted. They are counted eight bits at a time
/// in byte-wide lanes of a `u64` (a table spreads a byte's bits over a word's bytes), and the
/// lanes are emptied into wide counters before a byte can overflow: one add per byte of a
/// hash instead of one per bit, which was most of the fingerprint's cost.
struct Votes {
    lanes: [u64; 8],
    in_lanes: u32,
    ones: [u64; 64],
    total: u64,
}

impl Default for Votes {
    fn default() -> Self {
        Votes {
            lanes: [0; 8],
            in_lanes: 0,
            ones: [0; 64],
            total: 0,
        }
    }
}

impl Votes {
    fn add(&mut self, hash: u64) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            let byte = (hash >> (8 * k)) & 0xff;
            *lane += SPREAD.get(byte as usize).copied().unwrap_or(0);
        }
        self.total += 1;
        self.in_lanes += 1;
        if self.in_lanes == 255 {
            self.empty_lanes();
        }
    }

    fn empty_lanes(&mut self) {
        for (ones, lane) in self.ones.chunks_exact_mut(8).zip(&mut self.lanes) {
            for (i, count) in ones.iter_mut().enumerate() {
                *count += (*lane >> (8 * i)) & 0xff;
            }
            *lane = 0;
        }
        self.in_lanes = 0;
    }

    fn majority(mut self) -> u64 {
        self.empty_lanes();
        let total = self.total;
        self.ones
            .iter()
            .enumerate()
            .filter(|(_, ones)| 2 * **ones > total)
            .fold(0u64, |acc, (bit, _)| acc | (1u64 << bit))
    }
}

/// For each byte value, a word holding its bit `i` in byte `i`.
static SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut spread = 0u64;
        let mut i = 0;
        while i < 8 {
            spread |= ((b as u64 >> i) & 1) << (8 * i);
            i += 1;
        }
        table[b] = spread;
        b += 1;
    }
    table
};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// Calls `found` with the hash of each word (run of letters and digits) of `text`, in
/// order: FNV-1a over the lower-cased word, then a finaliser (FNV alone mixes its high
/// bits poorly, and SimHash needs every bit to be a fair coin). Words are hashed while
/// they are cut, byte by byte, decoding only characters outside ASCII.
fn for_each_word_hash(text: &str, mut found: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let alnum = if b.is_ascii() {
            at += 1;
            let lower = crate::ascii::LOWER_ALNUM[usize::from(b & 0x7f)];
            if lower != 0 {
                h = fnv_step(h, lower);
            }
            lower != 0
        } else {
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            at += c.len_utf8();
            let alnum = c.is_alphanumeric();
            if alnum {
                let mut buf = [0u8; 4];
                for l in c.to_lowercase() {
                    for &lb in l.encode_utf8(&mut buf).as_bytes() {
                        h = fnv_step(h, lb);
                    }
                }
            }
            alnum
        };
        if alnum {
            in_word = true;
        } else if in_word {
            found(mix(h));
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        found(mix(h));
    }
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

    /// The definitions as first written, character by character and bit by bit: the fast
    /// forms must give the same bytes, since ids and fingerprints are stored.
    mod reference {
        use super::super::{SHINGLE, mix, shingle_hash};
        use unicode_normalization::{IsNormalized, UnicodeNormalization};

        pub fn doc_id(clean_text: &str) -> String {
            let mut normal = String::new();
            match unicode_normalization::is_nfc_quick(clean_text.chars()) {
                IsNormalized::Yes => fold_into(clean_text.chars(), &mut normal),
                _ => fold_into(clean_text.nfc(), &mut normal),
            }
            blake3::hash(normal.as_bytes()).to_hex()[..32].to_string()
        }

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
                out.extend(c.to_lowercase());
            }
        }

        pub fn simhash(clean_text: &str) -> u64 {
            let mut votes = [0i64; 64];
            let mut window = [0u64; SHINGLE];
            let mut words = 0usize;
            let mut vote = |h: u64| {
                for (bit, v) in votes.iter_mut().enumerate() {
                    *v += if (h >> bit) & 1 == 1 { 1 } else { -1 };
                }
            };
            for word in clean_text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                window.rotate_left(1);
                window[SHINGLE - 1] = word_hash(word);
                words += 1;
                if words >= SHINGLE {
                    vote(shingle_hash(&window));
                }
            }
            if words == 0 {
                return 0;
            }
            if words < SHINGLE {
                for h in &window[SHINGLE - words..] {
                    vote(*h);
                }
            }
            (0..64)
                .filter(|&bit| votes[bit] > 0)
                .fold(0u64, |acc, bit| acc | (1u64 << bit))
        }

        pub fn word_hash(word: &str) -> u64 {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
            }
            mix(h)
        }
    }
    use reference::word_hash;

    /// Texts where the fast paths and the slow ones meet: ASCII and not, decomposed
    /// accents (not NFC), white space outside ASCII, letters whose lower case is longer,
    /// digits of other scripts, and more than 255 shingles (the tally's lanes empty).
    #[test]
    fn fast_forms_agree_with_the_definitions() {
        let long = WIRE_EN.repeat(3) + WIRE_FR;
        let texts = [
            "",
            "   ",
            "Kidal",
            "Le FAMa a repris Kidal.\r\n",
            "Les combattants du JNIM ont attaqué Boulkessi\u{a0}: 12\u{2009}soldats tués.",
            "Me\u{301}naka, Ménaka et MÉNAKA\u{300}\u{301} — Tin-Zaouatène\u{2028}İstanbul",
            "Σ ΟΔΟΣ ǅ ß ﬁ, l'armée ; «\u{202f}Nous avons riposté\u{202f}», a-t-il dit. ٣ ١٢",
            "\u{b}\u{c}tab\there\u{85}next\u{1c}sep",
            WIRE_EN,
            WIRE_FR,
            &long,
        ];
        for text in texts {
            assert_eq!(doc_id(text).0, reference::doc_id(text), "{text:?}");
            assert_eq!(simhash(text), reference::simhash(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_forms_agree_on_any_mix(
            text in "[ a-zA-Z0-9éÉ\u{301}\u{300}\u{327}\u{a0}\u{2009}\u{b}ßİΣﬁ٣'’.,;\n\t-]{0,120}"
        ) {
            proptest::prop_assert_eq!(doc_id(&text).0, reference::doc_id(&text));
            proptest::prop_assert_eq!(simhash(&text), reference::simhash(&text));
        }
    }

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

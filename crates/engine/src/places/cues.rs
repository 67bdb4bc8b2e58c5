//! Context around a place name: the words just before and after it that say how precise the
//! place is ("near X", "the X region", "la région de X", "le cercle de X", "northern Mali") and
//! the signs that a capitalised name is part of a person's or an organisation's name instead.
//!
//! Reads text only; it knows nothing of the gazetteer beyond the folded words it is handed,
//! and never fails: odd offsets simply give "no cue".

use faultline_packs::gazetteer::fold;

/// What the words around a name say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cues {
    /// "near X", "outskirts of X", "X area", "30 km north of X", "près de X": the event is
    /// around the town, not in it (ACLED precision 2).
    pub vicinity: bool,
    /// "le cercle de X", "the X cercle", "X district": the second-level unit named after X (a
    /// cercle of Mali), not the town.
    pub district: bool,
    /// "the X region", "la région de X", "X province": the region named after X (precision 3).
    pub region: bool,
    /// Start of a direction word that qualifies a country ("northern Mali", "le nord du
    /// Mali"), so the mention can cover it.
    pub direction_start: Option<usize>,
}

/// Phrases that, ending right before a name, put the place around the town. Folded.
const VICINITY_BEFORE: &[&str] = &[
    "near",
    "near the town of",
    "near the village of",
    "nearby",
    "close to",
    "not far from",
    "outskirts of",
    "outside",
    "around",
    "in the vicinity of",
    "in the area of",
    "the area of",
    "vicinity of",
    "km from",
    "kilometres from",
    "kilometers from",
    "miles from",
    "north of",
    "south of",
    "east of",
    "west of",
    "northeast of",
    "northwest of",
    "southeast of",
    "southwest of",
    "north east of",
    "north west of",
    "south east of",
    "south west of",
    "commune of",
    "pres de",
    "a proximite de",
    "a proximite du",
    "aux environs de",
    "dans les environs de",
    "non loin de",
    "a la peripherie de",
    "a la sortie de",
    "au nord de",
    "au sud de",
    "a l est de",
    "a l ouest de",
    "au nord est de",
    "au nord ouest de",
    "au sud est de",
    "au sud ouest de",
    "km de",
    "kilometres de",
    "commune de",
    "commune d",
    "zone de",
];

/// Words that, following a name, put the place around the town. Folded.
const VICINITY_AFTER: &[&str] = &["area", "areas", "outskirts", "surroundings", "vicinity"];

/// Phrases that, ending right before a name, make it the cercle named after it. Folded. "District
/// of" is how English reports often render "cercle de".
const DISTRICT_BEFORE: &[&str] = &[
    "cercle de",
    "cercle d",
    "cercle du",
    "cercles de",
    "cercle of",
    "cercles of",
    "circle of",
    "district of",
];

/// Words that, following a name, make it the cercle named after it. Folded.
const DISTRICT_AFTER: &[&str] = &["cercle", "circle", "district"];

/// Phrases that, ending right before a name, make it a region. Folded.
const REGION_BEFORE: &[&str] = &[
    "region of",
    "regions of",
    "province of",
    "wilaya of",
    "region de",
    "region d",
    "region du",
    "regions de",
    "province de",
    "province du",
    "province d",
    "wilaya de",
    "wilaya d",
];

/// Words that, following a name, make it a region. Folded.
const REGION_AFTER: &[&str] = &["region", "regions", "province", "wilaya"];

/// Direction words that may qualify a country name. Folded, ending right before the name.
const DIRECTION_BEFORE: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north eastern",
    "north western",
    "south eastern",
    "south western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "the north of",
    "the south of",
    "the east of",
    "the west of",
    "the centre of",
    "the center of",
    "nord du",
    "sud du",
    "centre du",
    "est du",
    "ouest du",
    "nord est du",
    "nord ouest du",
    "sud est du",
    "sud ouest du",
];

/// Capitalised words that may stand right before a place name without making it part of a
/// person's name: prepositions and articles at the start of a sentence, directions and
/// place-type words. Folded.
const NEUTRAL_BEFORE: &[&str] = &[
    "in", "near", "at", "from", "to", "of", "around", "outside", "across", "between", "towards",
    "toward", "into", "through", "since", "and", "or", "the", "a", "an", "northern", "southern",
    "eastern", "western", "central", "north", "south", "east", "west", "greater", "upper", "lower",
    "a", "au", "aux", "en", "de", "du", "des", "la", "le", "les", "l", "d", "pres", "vers", "dans",
    "sur", "entre", "depuis", "et", "ou", "region", "province", "cercle", "commune", "city",
    "town", "village", "ville", "localite", "while", "when", "after", "before", "during", "lors",
    "apres", "avant", "pendant",
];

/// Capitalised words that may follow a place name without making it part of a longer name.
const NEUTRAL_AFTER: &[&str] = &[
    "region",
    "regions",
    "province",
    "cercle",
    "circle",
    "district",
    "department",
    "departement",
    "commune",
    "city",
    "town",
    "area",
    "airport",
    "aeroport",
    "camp",
];

/// Name particles of Sahelian and Arabic personal names: a capitalised word after one of these
/// is a person's name ("Ag Intalla", "ould Sidi").
const NAME_PARTICLES: &[&str] = &["ag", "ould", "ben", "bin", "ibn", "abu", "abou", "wuld"];

/// Verbs of saying: a bare name followed by one is a speaker, not a place.
const SPEECH_AFTER: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "declared",
    "stated",
    "explained",
    "announced",
    "insisted",
    "claimed",
    "warned",
    "argued",
    "a",
    "declare",
    "affirme",
    "explique",
    "annonce",
    "ajoute",
];

/// The few words right before a name, folded once so that every phrase list is checked
/// against the same window (folding is the costly part; there are four lists).
struct Window<'t> {
    /// Offset of `raw` in the text.
    start: usize,
    raw: &'t str,
    folded: String,
}

impl<'t> Window<'t> {
    /// The window before `end`, or `None` when no space separates it from the name ("X-Y",
    /// a word fused to it).
    fn before(text: &'t str, end: usize) -> Option<Self> {
        let head = text.get(..end)?;
        let trimmed = head.trim_end_matches([' ', '\t']);
        // French elides before a vowel: "le cercle d'Ansongo", "la région d'Agadez".
        let trimmed = match trimmed.strip_suffix(['\'', '\u{2019}']) {
            Some(t) if trimmed.len() == head.len() => t,
            _ => trimmed,
        };
        if trimmed.len() == head.len() && !head.is_empty() {
            return None;
        }
        // Look back over a window of a few words only.
        let start = floor_boundary(trimmed, trimmed.len().saturating_sub(48));
        let raw = trimmed.get(start..)?;
        Some(Window {
            start,
            raw,
            folded: fold(raw),
        })
    }

    /// Start offset of the earliest phrase of `phrases` that ends the window on a word
    /// boundary.
    fn phrase(&self, phrases: &[&str]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for p in phrases {
            let ends_window = self
                .folded
                .strip_suffix(p)
                .is_some_and(|head| head.is_empty() || head.ends_with(' '));
            if ends_window {
                // Map back: the phrase covers the last `words(p)` words of the window.
                let words = p.split(' ').count();
                if let Some(start) = start_of_last_words(self.raw, words) {
                    let at = self.start + start;
                    best = Some(best.map_or(at, |b: usize| b.min(at)));
                }
            }
        }
        best
    }
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Offset in `s` where its last `n` words start, words being split at white space,
/// apostrophes and hyphens (as folding splits them).
fn start_of_last_words(s: &str, n: usize) -> Option<usize> {
    let is_sep = |c: char| c.is_whitespace() || matches!(c, '\'' | '\u{2019}' | '-');
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices().rev() {
        if is_sep(c) {
            if in_word {
                count += 1;
                if count == n {
                    return Some(i + c.len_utf8());
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    if in_word && count + 1 == n {
        Some(0)
    } else {
        None
    }
}

/// The word right before `start`, separated from it by spaces only (not punctuation).
pub fn word_before(text: &str, start: usize) -> Option<&str> {
    let head = text.get(..start)?;
    let trimmed = head.trim_end_matches([' ', '\t']);
    if trimmed.len() == head.len() {
        return None;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-' | '.'))
        .last()
        .map(|(i, _)| i)?;
    let w = trimmed.get(word_start..)?;
    let w = w.trim_end_matches('.');
    (!w.is_empty() && w.chars().any(char::is_alphabetic)).then_some(w)
}

/// The word right after `end`, separated from it by spaces only.
pub fn word_after(text: &str, end: usize) -> Option<&str> {
    let tail = text.get(end..)?;
    let trimmed = tail.trim_start_matches([' ', '\t']);
    if trimmed.len() == tail.len() {
        return None;
    }
    let len = trimmed
        .char_indices()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '-' | '\u{2019}' | '\''))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    trimmed.get(..len)
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Read the cues around the name at `start..end`.
pub fn read_cues(text: &str, start: usize, end: usize) -> Cues {
    let after = word_after(text, end).map(fold);
    let after = after.as_deref();
    let window = Window::before(text, start);
    let before = |phrases: &[&str]| window.as_ref().and_then(|w| w.phrase(phrases));
    let vicinity =
        before(VICINITY_BEFORE).is_some() || after.is_some_and(|w| VICINITY_AFTER.contains(&w));
    let region =
        before(REGION_BEFORE).is_some() || after.is_some_and(|w| REGION_AFTER.contains(&w));
    let district =
        before(DISTRICT_BEFORE).is_some() || after.is_some_and(|w| DISTRICT_AFTER.contains(&w));
    Cues {
        vicinity,
        district,
        region,
        direction_start: before(DIRECTION_BEFORE),
    }
}

/// Whether a capitalised gazetteer name looks like part of a person's or a group's name.
pub fn looks_like_person_or_org(text: &str, start: usize, end: usize) -> bool {
    if let Some(prev) = word_before(text, start) {
        let folded = fold(prev);
        if NAME_PARTICLES.contains(&folded.as_str()) {
            return true;
        }
        let neutral = NEUTRAL_BEFORE.contains(&folded.as_str());
        // "Assimi Goïta", "President Bazoum", "Ag Intalla": a capitalised word right before,
        // unless it is a preposition opening the sentence or an all-capitals dateline.
        if starts_upper(prev) && !neutral && !is_all_caps(prev) {
            return true;
        }
    }
    if let Some(next) = word_after(text, end) {
        let folded = fold(next);
        // "Kidal Ag Intalla", "Coordination of Azawad Movements", "San Pedro Group".
        if starts_upper(next) && !NEUTRAL_AFTER.contains(&folded.as_str()) && !is_all_caps(next) {
            return true;
        }
        // "Diop said", "Kita told reporters".
        if SPEECH_AFTER.contains(&folded.as_str()) && folded != "a" {
            let before = word_before(text, start).map(fold);
            let cued = before.is_some_and(|b| NEUTRAL_BEFORE.contains(&b.as_str()));
            if !cued {
                return true;
            }
        }
    }
    false
}

fn is_all_caps(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues_for(sentence: &str, name: &str) -> Cues {
        let start = sentence.find(name).unwrap();
        read_cues(sentence, start, start + name.len())
    }

    #[test]
    fn vicinity_district_and_region_cues_in_both_languages() {
        // (sentence, name, vicinity, district, region)
        let table = [
            (
                "Gunmen attacked a convoy near Gao on Monday.",
                "Gao",
                true,
                false,
                false,
            ),
            (
                "Clashes broke out on the outskirts of Ménaka.",
                "Ménaka",
                true,
                false,
                false,
            ),
            (
                "An IED exploded 30 km north of Boni.",
                "Boni",
                true,
                false,
                false,
            ),
            (
                "Fighting continued in the Douentza area.",
                "Douentza",
                true,
                false,
                false,
            ),
            (
                "Des hommes armés ont attaqué près de Tessit.",
                "Tessit",
                true,
                false,
                false,
            ),
            (
                "L'attaque a eu lieu à proximité de Léré.",
                "Léré",
                true,
                false,
                false,
            ),
            (
                "Dans le cercle de Bourem, la situation reste tendue.",
                "Bourem",
                false,
                true,
                false,
            ),
            (
                "Des villages du cercle d'Ansongo ont été vidés.",
                "Ansongo",
                false,
                true,
                false,
            ),
            (
                "Des villages du cercle d’Abeïbara ont été vidés.",
                "Abeïbara",
                false,
                true,
                false,
            ),
            (
                "Herders fled the Niono cercle in March.",
                "Niono",
                false,
                true,
                false,
            ),
            (
                "Troops patrolled the district of Bankass.",
                "Bankass",
                false,
                true,
                false,
            ),
            (
                "Civilians fled the Ménaka region last year.",
                "Ménaka",
                false,
                false,
                true,
            ),
            (
                "Des affrontements dans la région de Kidal.",
                "Kidal",
                false,
                false,
                true,
            ),
            (
                "Violence spread across the region of Mopti.",
                "Mopti",
                false,
                false,
                true,
            ),
            (
                "Soldiers entered Kidal on Tuesday.",
                "Kidal",
                false,
                false,
                false,
            ),
            (
                "L'armée est entrée à Kidal mardi.",
                "Kidal",
                false,
                false,
                false,
            ),
            // An apostrophe inside a name is no elision: "near" stands before "N'", so it does
            // not reach "Tillit".
            (
                "Gunmen struck near N'Tillit.",
                "Tillit",
                false,
                false,
                false,
            ),
            (
                "Gunmen struck near N'Tillit.",
                "N'Tillit",
                true,
                false,
                false,
            ),
        ];
        for (s, name, vicinity, district, region) in table {
            let c = cues_for(s, name);
            assert_eq!(
                (c.vicinity, c.district, c.region),
                (vicinity, district, region),
                "{s}"
            );
        }
    }

    #[test]
    fn direction_words_before_a_country_are_found() {
        for (s, dir) in [
            ("Rebels hold towns in northern Mali.", "northern Mali"),
            ("Les rebelles contrôlent le nord du Mali.", "nord du Mali"),
            ("Violence in central Mali rose.", "central Mali"),
        ] {
            let start = s.find("Mali").unwrap();
            let c = read_cues(s, start, start + 4);
            let from = c.direction_start.expect(s);
            assert_eq!(&s[from..start + 4], dir);
        }
        let s = "Troops returned to Mali.";
        let start = s.find("Mali").unwrap();
        assert_eq!(read_cues(s, start, start + 4).direction_start, None);
    }

    #[test]
    fn names_inside_person_and_group_names_are_flagged() {
        let table = [
            ("Junta leader Assimi Goïta spoke.", "Goïta", true),
            ("Alghabass Ag Intalla sent a message.", "Intalla", true),
            ("The Coordination of Azawad Movements said.", "Azawad", true),
            ("Diop said the talks would go on.", "Diop", true),
            ("Fighting in Kidal left many dead.", "Kidal", false),
            ("In Gao, markets reopened.", "Gao", false),
            ("Troops reached the Kidal Region on Friday.", "Kidal", false),
            ("BAMAKO (Reuters) - Troops left.", "BAMAKO", false),
            ("San est une ville du Mali.", "San", false),
            ("Oumar San Diego arrived.", "San", true),
        ];
        for (s, name, flagged) in table {
            let start = s.find(name).unwrap();
            assert_eq!(
                looks_like_person_or_org(s, start, start + name.len()),
                flagged,
                "{s}"
            );
        }
    }
}

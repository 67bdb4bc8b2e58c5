//! The language stage: which language a document (or a short field such as a title or a
//! feed summary) is written in, with a confidence in 0..1.
//!
//! Whole documents go through `whatlang` (fast, many languages) in chunks of consecutive
//! paragraphs whose votes are weighted by length, so a page with a French breadcrumb over
//! an English body comes out English. Short texts go through `lingua` restricted to the
//! languages compiled into the workspace, because trigram statistics on a few words are
//! unreliable ("last November" reads as Catalan to whatlang). A language declared by the
//! container is a hint that settles unclear cases, never a verdict against clear text.
//!
//! It must not fail: any input, including empty text or text with no letters, gives a
//! [`Language`] ("und" with confidence 0 when nothing can be told). It does no IO; the
//! `lingua` detector is built once and only read afterwards.

use std::collections::HashMap;
use std::sync::LazyLock;

use faultline_model::Language;
use lingua::{IsoCode639_1, LanguageDetector, LanguageDetectorBuilder};

/// Below this many characters a text is "short" and goes to lingua.
const SHORT_TEXT_CHARS: usize = 200;

/// Consecutive paragraphs are read together up to about this many characters.
const CHUNK_CHARS: usize = 1000;

/// How many characters whatlang reads in a whole document, shared among the voting chunks.
/// whatlang's cost grows with what it reads, and it was a fifth of the whole analysis when it
/// read every character; a few hundred characters of running prose per chunk tell English
/// from French as reliably (the language tests and seed articles check this).
const SAMPLE_BUDGET: usize = 2400;

/// Each voting chunk is read at least this far, however many chunks vote.
const MIN_SAMPLE_CHARS: usize = 300;

/// How many chunks of a long document vote (evenly spaced).
const MAX_VOTERS: usize = 8;

/// The languages lingua is compiled with (see the workspace `Cargo.toml`).
const LINGUA_LANGUAGES: [lingua::Language; 7] = [
    lingua::Language::English,
    lingua::Language::French,
    lingua::Language::Spanish,
    lingua::Language::Portuguese,
    lingua::Language::German,
    lingua::Language::Italian,
    lingua::Language::Arabic,
];

static SHORT_DETECTOR: LazyLock<LanguageDetector> =
    LazyLock::new(|| LanguageDetectorBuilder::from_languages(&LINGUA_LANGUAGES).build());

/// Builds the short-text detector now (see `crate::warm_up`); lingua still loads each
/// language's model when a text first needs it.
pub(crate) fn warm_up() {
    LazyLock::force(&SHORT_DETECTOR);
}

/// Detect the main language of a document's cleaned text. `declared` is what the
/// container says (`<html lang>`, a JSONL field), in any common spelling ("fr", "fr-FR",
/// "fra", "French").
pub fn detect_language(text: &str, declared: Option<&str>) -> Language {
    rounded(detect_declared(text, declared))
}

/// Confidence to three decimals. lingua sums its per-language scores in hash-map order,
/// so the last digits of a confidence changed from run to run on mixed-script text, and
/// exports must be byte-identical for the same input; nobody reads a seventh decimal.
fn rounded(language: Language) -> Language {
    Language {
        confidence: (language.confidence * 1000.0).round() / 1000.0,
        ..language
    }
}

fn detect_declared(text: &str, declared: Option<&str>) -> Language {
    let detected = if text.chars().count() < SHORT_TEXT_CHARS {
        detect_short(text)
    } else {
        detect_long(text)
    };
    let Some(hint) = declared.and_then(normalize_code) else {
        return detected;
    };
    if detected.code == hint {
        Language {
            code: hint,
            confidence: detected.confidence.clamp(0.9, 1.0),
        }
    } else if detected.code == "und" {
        Language {
            code: hint,
            confidence: 0.5,
        }
    } else if detected.confidence < 0.5 {
        // The text does not clearly say otherwise: trust the container.
        Language {
            code: hint,
            confidence: 0.5,
        }
    } else {
        detected
    }
}

/// Detect the language of a short text (a title, a feed summary, a phrase) with lingua,
/// falling back to whatlang for scripts and languages lingua is not compiled with.
pub fn detect_short(text: &str) -> Language {
    rounded(detect_short_unrounded(text))
}

fn detect_short_unrounded(text: &str) -> Language {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return Language::undetermined();
    }
    let other = whatlang::detect(text).filter(|info| {
        let code = iso639_1(info.lang());
        !LINGUA_LANGUAGES
            .iter()
            .any(|l| l.iso_code_639_1().to_string() == code)
    });
    // A non-Latin script that lingua cannot name (Cyrillic, Devanagari, CJK…) is decided
    // by its script, which whatlang reads reliably even on a few words.
    if let Some(info) = &other {
        let script = info.script();
        if script != whatlang::Script::Latin && script != whatlang::Script::Arabic {
            return Language {
                code: iso639_1(info.lang()).to_string(),
                confidence: info.confidence().clamp(0.0, 1.0),
            };
        }
    }
    let values = SHORT_DETECTOR.compute_language_confidence_values(text);
    let best = values.first().map(|(lang, conf)| (*lang, *conf));
    match (best, other) {
        (Some((_, conf)), Some(info)) if info.is_reliable() && conf < 0.6 => Language {
            code: iso639_1(info.lang()).to_string(),
            confidence: info.confidence().clamp(0.0, 1.0),
        },
        (Some((lang, conf)), _) if conf > 0.0 => Language {
            code: iso_code(lang.iso_code_639_1()),
            confidence: conf.clamp(0.0, 1.0),
        },
        _ => Language::undetermined(),
    }
}

/// Whole-document detection: whatlang on chunks of consecutive paragraphs, votes weighted
/// by chunk length times whatlang's confidence; the confidence reported is the winner's
/// share of all weight. Chunks rather than single paragraphs because each whatlang call
/// has a fixed cost that dominates on short paragraphs; a French header inside an English
/// chunk is outvoted by the body's trigrams just as it would be paragraph by paragraph.
fn detect_long(text: &str) -> Language {
    let chunks = chunks(text);
    let step = chunks.len().div_ceil(MAX_VOTERS).max(1);
    let voters = chunks.len().div_ceil(step).max(1);
    let sample_chars = (SAMPLE_BUDGET / voters).max(MIN_SAMPLE_CHARS);
    let mut weights: HashMap<&'static str, f64> = HashMap::new();
    let mut total = 0.0;
    for chunk in chunks.into_iter().step_by(step) {
        let chars = chunk.chars().count() as f64;
        total += chars;
        // A sample tells the language as well as a whole giant line, at bounded cost.
        let sample = chunk
            .char_indices()
            .nth(sample_chars)
            .and_then(|(end, _)| chunk.get(..end))
            .unwrap_or(chunk);
        if let Some((code, confidence)) = by_function_words(sample) {
            *weights.entry(code).or_default() += chars * confidence;
        } else if let Some(info) = whatlang::detect(sample) {
            *weights.entry(iso639_1(info.lang())).or_default() += chars * info.confidence();
        }
    }
    let best = weights
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(a.0)));
    match best {
        Some((code, weight)) if total > 0.0 && weight > 0.0 => Language {
            code: code.to_string(),
            confidence: (weight / total).clamp(0.0, 1.0),
        },
        _ => detect_short(text),
    }
}

/// English words that are frequent in any English prose and rare in other languages'
/// prose ("in", "on", "a" are left out: German, Dutch, Italian and French use them too).
const ENGLISH_WORDS: [&str; 24] = [
    "the", "and", "of", "to", "was", "were", "with", "that", "which", "has", "have", "had", "said",
    "from", "by", "this", "they", "their", "been", "after", "would", "will", "its", "who",
];

/// The same for French ("il", "la", "de", "en" are left out: Italian and Spanish use them).
const FRENCH_WORDS: [&str; 24] = [
    "le", "les", "des", "du", "et", "est", "une", "dans", "qui", "pour", "avec", "ont", "été",
    "sur", "au", "aux", "selon", "cette", "par", "pas", "sont", "mais", "ces", "leur",
];

/// Decide English or French from function words alone, when they leave no doubt, or say
/// nothing. whatlang compares a text with the trigram profiles of every language it knows,
/// which made language detection a fifth of the whole analysis; running prose in English
/// or French is told apart as surely by its commonest words, and anything unclear (another
/// language, a list of names, a mix) still goes to whatlang.
fn by_function_words(sample: &str) -> Option<(&'static str, f64)> {
    let (mut words, mut en, mut fr) = (0usize, 0usize, 0usize);
    for_each_short_word(sample, |lower| {
        words += 1;
        if ENGLISH_WORDS.contains(&lower) {
            en += 1;
        } else if FRENCH_WORDS.contains(&lower) {
            fr += 1;
        }
    });
    let hits = en + fr;
    // Prose has a function word in every four or five words; a Spanish or Italian text
    // brushes against these lists only now and then.
    if hits < 12 || hits * 8 < words {
        return None;
    }
    let (code, top) = if en >= fr { ("en", en) } else { ("fr", fr) };
    let share = top as f64 / hits as f64;
    (share >= 0.9).then_some((code, share))
}

/// Calls `word` for each word (run of letters) of `text`, in order: with the word in lower
/// case when it has at most six bytes, and with "" for a longer one (function words are
/// short, so longer words are only counted). Byte by byte, decoding only what is not
/// ASCII, and lower-cased letter by letter into a buffer on the stack: a `String` per word
/// was a fifth of language detection. (Letter by letter, a closing Greek capital sigma
/// lowers to "σ", not "ς": no function word is Greek.)
fn for_each_short_word(text: &str, mut word: impl FnMut(&str)) {
    const SHORT: usize = 6;
    // Lower case can be longer than the word ("İ" is three bytes in lower case).
    let mut lower = [0u8; 4 * SHORT];
    let (mut len, mut lower_len) = (0usize, 0usize);
    let mut emit = |len: usize, lower: &[u8]| {
        if len > SHORT {
            word("");
        } else {
            word(std::str::from_utf8(lower).unwrap_or(""));
        }
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let (letter, size) = if b.is_ascii() {
            let letter = b.is_ascii_alphabetic();
            if letter && len < SHORT {
                if let Some(slot) = lower.get_mut(lower_len) {
                    *slot = b.to_ascii_lowercase();
                }
                lower_len += 1;
            }
            (letter, 1)
        } else {
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let letter = c.is_alphabetic();
            if letter && len + c.len_utf8() <= SHORT {
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &lb in l.encode_utf8(&mut buf).as_bytes() {
                        if let Some(slot) = lower.get_mut(lower_len) {
                            *slot = lb;
                        }
                        lower_len += 1;
                    }
                }
            }
            (letter, c.len_utf8())
        };
        at += size;
        if letter {
            len += size;
        } else if len > 0 {
            emit(len, lower.get(..lower_len).unwrap_or(&[]));
            (len, lower_len) = (0, 0);
        }
    }
    if len > 0 {
        emit(len, lower.get(..lower_len).unwrap_or(&[]));
    }
}

/// Cut `text` at line ends into runs of at least `CHUNK_CHARS` characters (the last may
/// be shorter), skipping lines without letters.
fn chunks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = 0usize;
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        if line.chars().filter(|c| c.is_alphabetic()).take(2).count() < 2 {
            continue;
        }
        let chunk_start = *start.get_or_insert(line_start);
        chars += line.chars().count();
        if chars >= CHUNK_CHARS {
            out.extend(text.get(chunk_start..at).map(str::trim));
            start = None;
            chars = 0;
        }
    }
    if let Some(chunk_start) = start {
        out.extend(text.get(chunk_start..).map(str::trim));
    }
    out
}

/// Turn a declared language ("fr", "fr-FR", "FRA", "French", "français") into an ISO
/// 639-1 code, or `None` when it names nothing we know.
pub fn normalize_code(declared: &str) -> Option<String> {
    let primary = declared
        .trim()
        .split(['-', '_', ';', ',', ' '])
        .next()?
        .to_lowercase();
    if primary.is_empty() || primary == "und" || primary == "mul" || primary == "zxx" {
        return None;
    }
    if primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase()) {
        return Some(primary);
    }
    if let Some(lang) = whatlang::Lang::from_code(primary.as_str()) {
        return Some(iso639_1(lang).to_string());
    }
    whatlang::Lang::all()
        .iter()
        .find(|l| l.eng_name().eq_ignore_ascii_case(&primary) || l.name().to_lowercase() == primary)
        .map(|l| iso639_1(*l).to_string())
}

fn iso_code(code: IsoCode639_1) -> String {
    code.to_string().to_lowercase()
}

/// whatlang names languages by ISO 639-3; faultline speaks ISO 639-1 where one exists.
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words as first cut: split on non-letters, lower-cased with `str::to_lowercase`
    /// (which writes a Greek capital sigma at a word's end as final "ς" where lower-casing
    /// letter by letter writes "σ"; no function word has either, so texts with one are left
    /// out here).
    fn short_words_by_split(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(|w| {
                if w.len() > 6 {
                    String::new()
                } else {
                    w.to_lowercase()
                }
            })
            .collect()
    }

    #[test]
    fn short_words_are_cut_and_lowered_like_split_words() {
        for text in [
            "",
            "The army SAID that it had been attacked; l'armée a été ATTAQUÉE.",
            "Ménaka, Tombouctou — « Selon LEUR porte-parole », 12 morts.",
            "İİİ İSTANBUL ǅemal ÉTÉ été Été été3été x",
            "  \u{a0}Ⱥⱥ σας 漢字 و",
        ] {
            let mut got = Vec::new();
            for_each_short_word(text, |w| got.push(w.to_string()));
            assert_eq!(got, short_words_by_split(text), "{text:?}");
        }
    }

    const SPANISH: &str = "El ejército maliense anunció el martes que había recuperado el control de la localidad de Léré, en la región de Tombuctú, tras varios días de combates contra hombres armados. Los habitantes contactados por teléfono describen una ciudad desierta. Un comerciante que pidió el anonimato contó que se oyeron disparos durante toda la noche, y que muchas familias huyeron hacia el sur del país.";
    const ITALIAN: &str = "L'esercito maliano ha annunciato martedì di aver ripreso il controllo della località di Léré, nella regione di Timbuctù, dopo diversi giorni di combattimenti contro uomini armati. Gli abitanti raggiunti al telefono descrivono una città deserta. Un commerciante che ha chiesto l'anonimato ha raccontato che si sono sentiti spari per tutta la notte e che molte famiglie sono fuggite verso il sud del paese.";
    const PORTUGUESE: &str = "O exército do Mali anunciou na terça-feira que tinha retomado o controlo da localidade de Léré, na região de Tombuctu, após vários dias de combates contra homens armados. Os habitantes contactados por telefone descrevem uma cidade deserta. Um comerciante que pediu o anonimato contou que se ouviram tiros durante toda a noite e que muitas famílias fugiram para o sul do país.";
    const GERMAN: &str = "Die malische Armee hat am Dienstag erklärt, sie habe nach mehreren Tagen heftiger Kämpfe gegen bewaffnete Männer die Kontrolle über die Ortschaft Léré in der Region Timbuktu zurückgewonnen. Telefonisch erreichte Einwohner beschreiben eine verlassene Stadt. Ein Händler, der anonym bleiben wollte, berichtete, man habe die ganze Nacht Schüsse gehört, und viele Familien seien in den Süden des Landes geflohen.";
    const ENGLISH: &str = "The Malian army said on Tuesday that it had retaken control of the town of Léré, in the Timbuktu region, after several days of fighting against armed men. Residents reached by telephone described a deserted town. A trader who asked not to be named said that gunfire could be heard throughout the night and that many families had fled to the south of the country.";
    const FRENCH: &str = "L'armée malienne a annoncé mardi avoir repris le contrôle de la localité de Léré, dans la région de Tombouctou, après plusieurs jours de combats contre des hommes armés. Des habitants joints par téléphone décrivent une ville désertée. Un commerçant qui a requis l'anonymat raconte que des tirs ont été entendus toute la nuit et que de nombreuses familles ont fui vers le sud du pays.";

    #[test]
    fn function_words_decide_only_english_and_french_prose() {
        let cases = [
            (ENGLISH, Some("en")),
            (FRENCH, Some("fr")),
            (SPANISH, None),
            (ITALIAN, None),
            (PORTUGUESE, None),
            (GERMAN, None),
            // Names and numbers, no prose: nothing to go on.
            (
                "Gao, Kidal, Ménaka, Tombouctou, Mopti, Ségou, Kayes, Sikasso",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                by_function_words(text).map(|(code, _)| code),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn other_languages_are_still_told_by_whatlang() {
        for (text, code) in [
            (SPANISH, "es"),
            (ITALIAN, "it"),
            (PORTUGUESE, "pt"),
            (GERMAN, "de"),
            (ENGLISH, "en"),
            (FRENCH, "fr"),
        ] {
            assert_eq!(detect_language(text, None).code, code, "{text}");
        }
    }
}

//! Properties of the three text stages on arbitrary input: they never panic, cleaned lines
//! map back to identical raw text, removed lines and sentence spans lie on character
//! boundaries inside their text, and sentences are trimmed, ordered and non-overlapping.

use faultline_engine::{clean::clean_text, language::detect_language, sentences::split_sentences};
use faultline_model::{Lang, Span};
use proptest::prelude::*;

/// Pieces of news copy that exercise the rules (abbreviations, quotes of both styles,
/// line ends of every kind, boilerplate words, non-Latin scripts), glued at random.
const PIECES: &[&str] = &[
    "M.",
    "Mr.",
    "Gen.",
    "U.S.",
    "J.",
    "etc.",
    " ",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\u{2028}",
    "\u{a0}",
    "\u{feff}",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "’",
    "(",
    ")",
    "[",
    "]",
    ".",
    "...",
    "…",
    "?",
    "!",
    ",",
    ":",
    "-",
    "Kidal",
    "the",
    "army",
    "l'armée",
    "a attaqué",
    "5 mins",
    "Read also",
    "Lire aussi",
    "Share this Article",
    "By",
    "Par",
    "Accueil",
    "»",
    ">",
    "|",
    "2.5",
    "12",
    "2023",
    "décembre",
    "Soukaina Sghir",
    "Photo:",
    "©",
    "é",
    "É",
    "日本語",
    "Ω",
    "مالي",
    "\u{0}",
    "\t",
    "\u{200b}",
    "e\u{301}",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
}

fn on_boundaries(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

fn check(raw: &str) {
    let cleaned = clean_text(raw);
    assert!(!cleaned.text.contains('\r'));
    let mut at = 0;
    for line in cleaned.text.split('\n') {
        let span = Span::new(at, at + line.len());
        assert_eq!(cleaned.offsets.span_to_raw(span).text(raw), line);
        at += line.len() + 1;
    }
    for removed in &cleaned.removed {
        assert!(on_boundaries(raw, removed.raw), "{removed:?}");
        assert!(!removed.raw.is_empty());
    }
    let language = detect_language(&cleaned.text, None);
    assert!((0.0..=1.0).contains(&language.confidence), "{language:?}");
    assert!(!language.code.is_empty());
    for lang in [Lang::En, Lang::Fr, Lang::Other] {
        for text in [cleaned.text.as_str(), raw] {
            let spans = split_sentences(text, lang);
            let mut previous_end = 0;
            for span in spans {
                assert!(on_boundaries(text, span), "{span:?} in {text:?}");
                assert!(span.start >= previous_end, "overlap at {span:?}");
                let s = span.text(text);
                assert!(!s.is_empty());
                assert_eq!(s.trim(), s, "untrimmed {s:?}");
                previous_end = span.end;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn stages_hold_their_invariants_on_news_like_text(raw in news_like()) {
        check(&raw);
    }

    #[test]
    fn stages_hold_their_invariants_on_any_text(raw in "\\PC{0,200}|(?s).{0,200}") {
        check(&raw);
    }
}

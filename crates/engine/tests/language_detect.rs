//! Language detection on whole documents (the seeds, and French and English paragraphs
//! written for these tests), on short fields (titles, summaries, phrases), with a declared
//! language as a hint, and on text in other languages and with no language at all.

use faultline_engine::{
    clean::clean_text,
    language::{detect_language, detect_short, normalize_code},
};

const SEEDS: [(&str, &str); 5] = [
    (
        "000",
        include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
    ),
    (
        "001",
        include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
    ),
    (
        "002",
        include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
    ),
    (
        "003",
        include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
    ),
    (
        "004",
        include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
    ),
];

const FRENCH_PARAGRAPHS: &str = "L'armée malienne a annoncé mardi avoir repris le contrôle de la localité de Léré, dans la région de Tombouctou, après plusieurs jours de combats contre des hommes armés.\nDes habitants joints par téléphone décrivent une ville désertée. « Nous avons entendu des tirs toute la nuit », raconte un commerçant qui a requis l'anonymat.\nLe Cadre stratégique permanent, qui regroupe d'anciens rebelles, a dénoncé dans la soirée des frappes aveugles visant des civils.";

const ENGLISH_PARAGRAPHS: &str = "Suspected jihadists attacked an army post near the central Malian town of Mopti on Tuesday, killing at least seven soldiers, the army said in a statement.\nThe attack was claimed by the al-Qaeda-linked JNIM, according to a statement shared by its propaganda arm on social networks.\nLast year, Mali's military government ordered the United Nations peacekeeping mission to leave the country.";

#[test]
fn every_seed_is_english_cleaned_or_raw() {
    for (name, raw) in SEEDS {
        let cleaned = clean_text(raw);
        for text in [cleaned.text.as_str(), raw] {
            let language = detect_language(text, None);
            assert_eq!(language.code, "en", "seed {name}");
            assert!(language.confidence > 0.7, "seed {name}: {language:?}");
        }
    }
}

#[test]
fn mixed_page_takes_the_language_of_its_bulk() {
    // Seed 003 raw has a French breadcrumb and byline over an English body.
    let raw = SEEDS[3].1;
    assert_eq!(detect_language(raw, None).code, "en");
    // The other way round: an English header over a French body.
    let page =
        format!("Home > Africa > Mali\nBy Jane Doe | Updated 5 December 2023\n{FRENCH_PARAGRAPHS}");
    assert_eq!(detect_language(&page, None).code, "fr");
}

#[test]
fn whole_documents_in_french_and_english() {
    let fr = detect_language(FRENCH_PARAGRAPHS, None);
    assert_eq!(fr.code, "fr");
    assert!(fr.confidence > 0.8, "{fr:?}");
    let en = detect_language(ENGLISH_PARAGRAPHS, None);
    assert_eq!(en.code, "en");
    assert!(en.confidence > 0.8, "{en:?}");
}

#[test]
fn short_fields() {
    let cases: &[(&str, &str)] = &[
        ("last November", "en"),
        ("A new deal in Mali", "en"),
        (
            "Mali: Signatories armed groups launch operation to secure the North",
            "en",
        ),
        ("Jihadists attack army post near Mopti", "en"),
        (
            "Mali : l'armée annonce avoir repris le contrôle de Léré",
            "fr",
        ),
        ("Vous êtes ici : Accueil » Afrique de l'Ouest » Mali", "fr"),
        ("Un nouvel accord au Mali", "fr"),
        ("le mois dernier", "fr"),
        ("Ataque yihadista contra un puesto militar en Malí", "es"),
        ("Anschlag auf Militärposten in Mali", "de"),
        ("Ataque jihadista contra posto militar no Mali", "pt"),
        ("هجوم على معسكر للجيش في مالي", "ar"),
        ("Нападение на военный лагерь в Мали", "ru"),
    ];
    for (text, want) in cases {
        let got = detect_short(text);
        assert_eq!(got.code, *want, "text {text:?}: {got:?}");
        assert!((0.0..=1.0).contains(&got.confidence));
        // detect_language sends short texts the same way.
        assert_eq!(detect_language(text, None).code, *want, "text {text:?}");
    }
}

#[test]
fn nothing_to_tell_is_undetermined() {
    for text in ["", "   ", "12 345 — 67", "…", "x", "\u{0}\u{1}"] {
        let got = detect_language(text, None);
        assert_eq!(got.code, "und", "text {text:?}");
        assert_eq!(got.confidence, 0.0);
    }
}

#[test]
fn declared_language_is_a_hint_not_a_verdict() {
    // Agreeing: confidence goes up.
    let fr = detect_language(FRENCH_PARAGRAPHS, Some("fr-FR"));
    assert_eq!(fr.code, "fr");
    assert!(fr.confidence >= 0.9);
    // Clearly contradicted by the text: the text wins.
    assert_eq!(detect_language(ENGLISH_PARAGRAPHS, Some("fr")).code, "en");
    // Nothing to tell from the text: the declaration settles it.
    let digits = detect_language("2024 — 12 — 05", Some("French"));
    assert_eq!(digits.code, "fr");
    assert!(digits.confidence > 0.0 && digits.confidence < 1.0);
    // An unknown declaration is ignored.
    assert_eq!(detect_language(ENGLISH_PARAGRAPHS, Some("und")).code, "en");
}

#[test]
fn declared_codes_are_normalised() {
    let cases: &[(&str, Option<&str>)] = &[
        ("fr", Some("fr")),
        ("FR", Some("fr")),
        ("fr-FR", Some("fr")),
        ("en_GB", Some("en")),
        ("fra", Some("fr")),
        ("eng", Some("en")),
        ("French", Some("fr")),
        ("english", Some("en")),
        ("und", None),
        ("", None),
        ("klingon", None),
    ];
    for (declared, want) in cases {
        assert_eq!(normalize_code(declared).as_deref(), *want, "{declared:?}");
    }
}

/// The same text gets the same confidence every time, to the digit: exports of the same
/// corpus must be byte-identical, and lingua's scores on mixed-script text used to differ
/// in their last digits from one call to the next.
#[test]
fn confidence_is_the_same_on_every_call_and_has_three_decimals() {
    for text in [
        "Attaque à Kidal : 12 morts — هجوم على كيدال",
        "JNIM claims Boulkessi attack; الجيش المالي يرد",
        "Les FAMa à Ménaka",
        "A short English headline about Gao",
    ] {
        let first = detect_short(text);
        let thousandths = first.confidence * 1000.0;
        assert!(
            (thousandths - thousandths.round()).abs() < 1e-9,
            "{text}: {}",
            first.confidence
        );
        for _ in 0..20 {
            assert_eq!(detect_short(text), first, "{text}");
            assert_eq!(detect_language(text, None), detect_language(text, None));
        }
    }
}

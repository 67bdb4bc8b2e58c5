//! The cleaning stage on the five seed articles: their boilerplate lines are gone, every
//! article sentence is still there, metadata is found, and every cleaned sentence maps back
//! to the identical text in the raw file. The seeds are the acceptance test; the rules
//! themselves are exercised on other text in `clean_rules.rs`.

use faultline_engine::{clean::clean_text, language::detect_language, sentences::split_sentences};
use faultline_model::Span;

struct Seed {
    name: &'static str,
    raw: &'static str,
    /// Lines that must be gone from the cleaned text (checked as whole lines).
    gone: &'static [&'static str],
    /// Text that must still be in the cleaned text.
    kept: &'static [&'static str],
    title: Option<&'static str>,
    author: Option<&'static str>,
    byline: Option<&'static str>,
}

const SEEDS: &[Seed] = &[
    Seed {
        name: "000",
        raw: include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
        gone: &[
            "5 mins",
            "Read alsoThe fighting between the CSP and the Jnim, “a godsend” for the Malian state",
            "Read alsoMali: a military leader of the CSP rebels rallies the Jnim jihadists",
        ],
        kept: &[
            "In Mali, the rebels of the CSP (Strategic Framework for the Defense of the People of Azawad), signatories of the late 2015 peace agreement",
            "It is as “ responsible for reconciliation, cohabitation and relations with traditional authorities » within the CSP",
            "Non-aggression pact, free movement, information sharing",
            "“ We were all amazed »",
            "“ Alignment »",
            "the means.continues this source with a form of resigned lucidity.",
            "A defector who highlighted both the difference and the porosity existing between rebel groups and jihadists.",
        ],
        title: None,
        author: None,
        byline: None,
    },
    Seed {
        name: "001",
        raw: include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
        gone: &[
            "Mali: Signatories’ armed groups launch operation to secure the North",
            "David Bache",
            "► Read also Mali: Failure of the meeting between the CSP and the government in Gao",
        ],
        kept: &[
            "Mali Signatories armed groups launch operation to secure the North",
            "380 vehicles and almost 2,500 men are mobilized",
            "Show of force was also aimed at the authorities of Bamako",
            "International Mediation",
            "Mohamed el Maouloud Ramadane, spokesman for the CSP, explains the objectives of this joint action\n",
            "There have already been patrols that have brought together the various components of the CSP",
        ],
        title: Some("Mali Signatories armed groups launch operation to secure the North"),
        author: Some("David Bache"),
        byline: None,
    },
    Seed {
        name: "002",
        raw: include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
        gone: &[],
        kept: &[
            "One of the main jihadist leaders in the Sahel, Iyad Ag-Ghaly, recently met",
            "North Strategic Node",
            "” A novelty “",
            "from 2012. , then signed a peace agreement in 2015",
            "An international mission of good offices is due to go to Kidal on Wednesday to try to renew ties, we learned from diplomatic sources.",
        ],
        title: None,
        author: None,
        byline: None,
    },
    Seed {
        name: "003",
        raw: include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
        gone: &[
            "Vous êtes ici : Accueil » Afrique de l’Ouest » Mali » A new deal in Mali",
            "D 5 décembre 2023",
        ],
        kept: &[
            "A new deal in Mali",
            "While the capture of Kidal, a stronghold of the Tuareg rebellion, is a success for the junta",
            "Cadre Stratégique Permanent pour la Paix, la Sécurité et le Développement (CSP-PSD)",
            "A ten-year flashback that bodes ill for the future.",
        ],
        title: Some("A new deal in Mali"),
        author: Some("Paul Martial"),
        byline: Some("D 5 décembre 2023"),
    },
    Seed {
        name: "004",
        raw: include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
        gone: &[
            "Soukaina Sghir",
            "3 Min Read",
            "Share this Article",
            "Leave a comment",
        ],
        kept: &[
            "Mali: The CSP Plans to Extend its Campaign to All Northern Regions",
            "The conflict between the Malian army and the CSP (Permanent Strategic Framework) persists",
            "“The CSP forces have withdrawn, not broken, destroyed, or annihilated.",
            "The evolving situation underscores the complex and challenging dynamics facing Mali, with both military and political avenues presenting intricate paths forward.",
        ],
        title: Some("Mali: The CSP Plans to Extend its Campaign to All Northern Regions"),
        author: Some("Soukaina Sghir"),
        byline: None,
    },
];

#[test]
fn seed_boilerplate_lines_are_gone() {
    for seed in SEEDS {
        let cleaned = clean_text(seed.raw);
        for gone in seed.gone {
            assert!(
                !cleaned.text.lines().any(|l| l.starts_with(gone)),
                "seed {}: {gone:?} is still in the cleaned text",
                seed.name
            );
        }
    }
}

#[test]
fn seed_article_text_is_kept() {
    for seed in SEEDS {
        let cleaned = clean_text(seed.raw);
        for kept in seed.kept {
            assert!(
                cleaned.text.contains(kept),
                "seed {}: {kept:?} was dropped",
                seed.name
            );
        }
    }
}

/// Every line of raw text that ends like a sentence and is long is article text: it must
/// survive cleaning, whatever the rules (the duplicate caption of seed 001 is short).
#[test]
fn seed_long_sentence_lines_all_survive() {
    for seed in SEEDS {
        let cleaned = clean_text(seed.raw);
        for line in seed.raw.lines().map(str::trim) {
            let long_sentence = line.split_whitespace().count() >= 15
                && line
                    .trim_end_matches([' ', '»', '”', '“', '"'])
                    .ends_with(['.', '?', '!']);
            if long_sentence {
                assert!(
                    cleaned.text.contains(line),
                    "seed {}: sentence line dropped: {line:?}",
                    seed.name
                );
            }
        }
    }
}

#[test]
fn seed_metadata_is_found() {
    for seed in SEEDS {
        let meta = clean_text(seed.raw).meta;
        assert_eq!(
            meta.title.as_deref(),
            seed.title,
            "seed {} title",
            seed.name
        );
        assert_eq!(
            meta.author.as_deref(),
            seed.author,
            "seed {} author",
            seed.name
        );
        match seed.byline {
            Some(start) => assert!(
                meta.byline.as_deref().is_some_and(|b| b.starts_with(start)),
                "seed {} byline {:?}",
                seed.name,
                meta.byline
            ),
            None => assert_eq!(meta.byline, None, "seed {} byline", seed.name),
        }
    }
}

#[test]
fn seed_removed_lines_have_reasons_and_point_into_raw() {
    let expected: &[(&str, &[(&str, &str)])] = &[
        (
            "000",
            &[
                ("reading-time", "5 mins"),
                ("read-also", "Read alsoThe fighting"),
            ],
        ),
        (
            "001",
            &[
                ("duplicate", "Mali: Signatories’"),
                ("author", "David Bache"),
                ("read-also", "► Read also"),
            ],
        ),
        (
            "003",
            &[
                ("breadcrumb", "Vous êtes ici"),
                ("byline", "D 5 décembre 2023"),
            ],
        ),
        (
            "004",
            &[
                ("author", "Soukaina Sghir"),
                ("reading-time", "3 Min Read"),
                ("share", "Share this Article"),
                ("share", "Leave a comment"),
            ],
        ),
    ];
    for (name, wanted) in expected {
        let seed = SEEDS
            .iter()
            .find(|s| s.name == *name)
            .expect("seed in table");
        let cleaned = clean_text(seed.raw);
        for (reason, start) in *wanted {
            assert!(
                cleaned
                    .removed
                    .iter()
                    .any(|r| r.reason == *reason && r.raw.text(seed.raw).starts_with(start)),
                "seed {name}: no {reason} removal of {start:?} in {:?}",
                cleaned.removed
            );
        }
    }
}

#[test]
fn seed_sentences_map_back_to_identical_raw_text() {
    for seed in SEEDS {
        let cleaned = clean_text(seed.raw);
        let language = detect_language(&cleaned.text, None);
        let sentences = split_sentences(&cleaned.text, language.lang());
        assert!(
            sentences.len() > 5,
            "seed {}: {} sentences",
            seed.name,
            sentences.len()
        );
        for sentence in sentences {
            let clean = sentence.text(&cleaned.text);
            let raw = cleaned.offsets.span_to_raw(sentence).text(seed.raw);
            assert_eq!(clean, raw, "seed {}", seed.name);
        }
        if let Some(title) = cleaned.title {
            let raw = cleaned.offsets.span_to_raw(title);
            assert_eq!(Some(raw.text(seed.raw)), seed.title);
        }
    }
}

#[test]
fn cleaned_text_has_one_paragraph_per_line_and_no_blank_lines() {
    for seed in SEEDS {
        let cleaned = clean_text(seed.raw);
        assert!(!cleaned.text.contains("\n\n"), "seed {}", seed.name);
        assert!(!cleaned.text.contains('\r'), "seed {}", seed.name);
        assert_eq!(cleaned.text.trim(), cleaned.text, "seed {}", seed.name);
        let all = Span::new(0, cleaned.text.len());
        assert!(cleaned.offsets.span_to_raw(all).end <= seed.raw.len());
    }
}

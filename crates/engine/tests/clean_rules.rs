//! The cleaning rules on text written for these tests (English and French news pages in
//! `fixtures/text/`, and single lines): which lines go, with which reason, which stay, and
//! what metadata is read. Article sentences must never be dropped.

use faultline_engine::clean::{Cleaned, clean_text};

fn reasons(cleaned: &Cleaned, raw: &str) -> Vec<(String, String)> {
    cleaned
        .removed
        .iter()
        .map(|r| (r.reason.clone(), r.raw.text(raw).to_string()))
        .collect()
}

/// One boilerplate line inside a short article: it must go, with `reason`, and the
/// article around it must stay.
#[test]
fn boilerplate_lines_are_removed_with_their_reason() {
    let cases: &[(&str, &str)] = &[
        ("5 mins", "reading-time"),
        ("3 Min Read", "reading-time"),
        ("Lecture : 4 min", "reading-time"),
        ("Temps de lecture : 6 minutes", "reading-time"),
        ("Reading time: 2 min", "reading-time"),
        ("Read alsoThe junta extends the transition", "read-also"),
        ("Read also: Niger closes its border with Benin", "read-also"),
        ("► Read also Mali: talks fail in Algiers", "read-also"),
        ("READ MORE: Burkina Faso army recaptures Djibo", "read-also"),
        ("See also", "read-also"),
        (
            "Related: Wagner fighters killed near Tinzaouaten",
            "read-also",
        ),
        ("Lire aussi Mali : la Minusma quitte Kidal", "read-also"),
        (
            "À lire aussi : Niger, la junte expulse l'ambassadeur",
            "read-also",
        ),
        (
            "A lire aussi - Tchad : la transition prolongée",
            "read-also",
        ),
        ("Share this Article", "share"),
        ("Share", "share"),
        ("Partager", "share"),
        ("Partager sur Facebook", "share"),
        ("Tweet", "share"),
        ("Facebook Twitter WhatsApp Email", "share"),
        ("Leave a comment", "share"),
        ("Leave a Reply", "share"),
        ("0 comments", "share"),
        ("12 commentaires", "share"),
        ("Laisser un commentaire", "share"),
        ("Subscribe to our newsletter", "subscribe"),
        ("Abonnez-vous pour lire la suite", "subscribe"),
        (
            "Vous êtes ici : Accueil » Afrique de l’Ouest » Mali » Un nouvel accord",
            "breadcrumb",
        ),
        ("Home > Africa > West Africa", "breadcrumb"),
        ("News › World › Africa › Mali", "breadcrumb"),
        ("Photo: AFP", "credit"),
        ("Photo : Reuters/Stringer", "credit"),
        ("© Reuters", "credit"),
        ("(AFP)", "credit"),
        ("Crédit photo : DR", "credit"),
        ("© 2024 Sahel Daily. All rights reserved.", "credit"),
        ("Advertisement", "advert"),
        ("Publicité", "advert"),
        ("By Jane Doe", "byline"),
        ("By Jane Doe and Moussa Keita, Reuters", "byline"),
        ("Par Jean Dupont", "byline"),
        ("Published on 12 March 2024", "byline"),
        ("Mis à jour le 5 décembre 2023 à 18h02", "byline"),
        ("Publié le 03/11/2023 à 07:45", "byline"),
        (
            "D 5 décembre 2023     H 07:00     A Paul Martial     C 0 messages",
            "byline",
        ),
        ("Tuesday 5 December 2023 | 10:42 GMT", "byline"),
        ("* * *", "decoration"),
        ("Lire la suite", "read-also"),
        ("Sur le même sujet", "read-also"),
        ("Les plus lus :", "read-also"),
        ("Related Articles", "read-also"),
        ("Photo by Moussa Kalapo/AFP", "credit"),
        ("Friday, May 17, 2024", "byline"),
    ];
    let before = "Gunmen attacked a village near Bandiagara on Sunday, killing at least twelve civilians, local officials said.";
    let after = "The army said it had sent reinforcements to the area and opened an investigation.";
    for (line, reason) in cases {
        let raw = format!("{before}\n{line}\n{after}\n");
        let cleaned = clean_text(&raw);
        assert_eq!(
            reasons(&cleaned, &raw),
            vec![(reason.to_string(), line.to_string())],
            "line {line:?}"
        );
        assert_eq!(cleaned.text, format!("{before}\n{after}"), "line {line:?}");
    }
}

/// Lines that look a little like boilerplate but are article text.
#[test]
fn article_lines_that_resemble_boilerplate_are_kept() {
    let cases: &[&str] = &[
        "Related attacks were reported in Gao and Ménaka, where the Islamic State group is active.",
        "By Tuesday evening, the army had retaken the town and set up checkpoints on the main road.",
        "Par ailleurs, le gouvernement a annoncé la fermeture des écoles de la région de Ségou.",
        "Par Kidal transitent chaque semaine des dizaines de camions venus d'Algérie, selon des sources locales.",
        "Photos of the attack circulated on social networks on Monday, showing burned vehicles in the market.",
        "Share prices of gold miners operating in Mali fell after the junta revised the mining code.",
        "The operation lasted 5 mins according to a witness, who said the gunmen fled on motorbikes.",
        "The rebels said that the capture of Kidal on 14 November 2023 was a turning point in the war.",
        "North Strategic Node",
        "Excessive martial declarations",
        "Mali: attack on army camp in Boulkessi kills 22 soldiers",
        "Subscribers to the mobile network reported outages in Ménaka after the attack on the relay.",
        "The convoy travelled Gao / Ansongo / Ménaka without escort.",
        "Mali - Niger - Burkina Faso: the Alliance of Sahel States signs a defence pact",
        "À lire les rapports de l'ONU, la situation humanitaire s'est encore dégradée",
        "Dossier sensible, la question touareg revient au premier plan à Bamako",
        "Updated casualty figures",
        "Photo de famille des chefs d'État de l'AES à Niamey",
        "Related groups",
        "See you in Gao, the rebel leader told his fighters",
        // Short dated sentences are article text, not publication stamps.
        "The attack happened on 5 December 2023.",
        "L'attaque a eu lieu le 5 décembre 2023.",
        "Fighting resumed on 2 March.",
    ];
    let lead = "Gunmen attacked a village near Bandiagara on Sunday, killing at least twelve civilians, local officials said.";
    let tail = "The army said it had sent reinforcements to the area and opened an investigation.";
    for line in cases {
        let raw = format!("{lead}\n{line}\n{tail}");
        let cleaned = clean_text(&raw);
        assert!(
            cleaned.removed.is_empty(),
            "line {line:?} removed: {:?}",
            reasons(&cleaned, &raw)
        );
        assert_eq!(cleaned.text, raw);
    }
}

#[test]
fn french_page_fixture() {
    let raw = include_str!("fixtures/text/fr_article.txt");
    let cleaned = clean_text(raw);
    let removed: Vec<String> = cleaned.removed.iter().map(|r| r.reason.clone()).collect();
    assert_eq!(
        removed,
        [
            "breadcrumb",
            "byline",
            "byline",
            "reading-time",
            "read-also",
            "credit",
            "read-also",
            "share",
            "subscribe",
            "share",
            "share"
        ]
    );
    let meta = &cleaned.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Mali : l'armée annonce avoir repris le contrôle de Léré")
    );
    assert_eq!(meta.author.as_deref(), Some("Aminata Traoré"));
    assert_eq!(
        meta.byline.as_deref(),
        Some("Publié le 12 mars 2024 à 10h30")
    );
    for kept in [
        "BAMAKO, 12 mars (AFP) - L'armée malienne a annoncé mardi",
        "M. Dembélé n'a pas précisé le bilan des pertes dans les rangs de l'armée.",
        "Mme Cissé, enseignante, affirme que l'école est fermée depuis le 4 mars.",
        "a dénoncé dans la soirée des « frappes aveugles » visant des civils.",
    ] {
        assert!(cleaned.text.contains(kept), "{kept:?} dropped");
    }
    assert_eq!(cleaned.text.lines().count(), 5);
}

#[test]
fn english_page_fixture_with_crlf_line_ends() {
    let raw = include_str!("fixtures/text/en_article.txt").replace('\n', "\r\n");
    let cleaned = clean_text(&raw);
    let got = reasons(&cleaned, &raw);
    let want: &[(&str, &str)] = &[
        ("breadcrumb", "Home > Africa > Mali"),
        ("duplicate", "Jihadists attack army post near Mopti"),
        ("byline", "By John Mensah, Reuters"),
        ("byline", "Published on March 12, 2024 at 9:15 a.m."),
        ("reading-time", "3 min read"),
        (
            "read-also",
            "Read more: Mali's junta extends transition by five years",
        ),
        ("credit", "Photo: Reuters/Stringer"),
        (
            "read-also",
            "Related: Burkina Faso suspends BBC and VOA broadcasts",
        ),
        (
            "duplicate",
            "Soldiers patrol a street in Mopti, Mali, March 11, 2024.",
        ),
        ("byline", "Reporting by John Mensah; Editing by Sarah White"),
        ("author", "John Mensah"),
        ("share", "Share this:"),
        ("share", "Facebook Twitter WhatsApp Email"),
        ("share", "12 Comments"),
        ("subscribe", "Subscribe to our newsletter"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    assert!(!cleaned.text.contains('\r'));
    assert_eq!(
        cleaned.meta.title.as_deref(),
        Some("Jihadists attack army post near Mopti")
    );
    assert_eq!(cleaned.meta.author.as_deref(), Some("John Mensah"));
    assert_eq!(
        cleaned.meta.byline.as_deref(),
        Some("Published on March 12, 2024 at 9:15 a.m.")
    );
    // The first occurrence of the repeated caption stays: it is the one in place.
    assert_eq!(
        cleaned
            .text
            .matches("Soldiers patrol a street in Mopti")
            .count(),
        1
    );
    for line in cleaned.text.lines() {
        let start = cleaned.text.find(line).unwrap_or(0);
        let span = faultline_model::Span::new(start, start + line.len());
        assert_eq!(cleaned.offsets.span_to_raw(span).text(&raw), line);
    }
}

#[test]
fn wire_dateline_is_offered_as_byline_and_kept_in_text() {
    let raw = "Army repels attack on Sévaré\n\nSEVARE, Mali, Jan 26 (Reuters) - The Malian army said on Thursday it had repelled an attack on its base in Sévaré.";
    let cleaned = clean_text(raw);
    assert_eq!(
        cleaned.meta.byline.as_deref(),
        Some("SEVARE, Mali, Jan 26 (Reuters) -")
    );
    assert!(
        cleaned
            .text
            .contains("SEVARE, Mali, Jan 26 (Reuters) - The Malian army")
    );
}

#[test]
fn author_lines_only_where_authors_stand() {
    // A name under the title and a name after the last paragraph are authors; a heading
    // of the same shape in the middle of the article is not.
    let raw = "Army Retakes Anéfis\nAïcha Diallo\nThe army said on Monday it had retaken the town of Anéfis after two days of fighting with rebels.\nNorthern Front Line\nThe rebels said they had withdrawn to spare civilians, a claim the army rejected.\nMoussa Ag Attaher";
    let cleaned = clean_text(raw);
    assert_eq!(
        reasons(&cleaned, raw),
        vec![
            ("author".to_string(), "Aïcha Diallo".to_string()),
            ("author".to_string(), "Moussa Ag Attaher".to_string())
        ]
    );
    assert!(cleaned.text.contains("\nNorthern Front Line\n"));
    assert_eq!(cleaned.meta.author.as_deref(), Some("Aïcha Diallo"));
}

#[test]
fn blank_lines_and_line_ends_are_normalised() {
    let raw = "\u{FEFF}  Title of the piece  \r\n\r\n\r\n\rFirst paragraph here.\r\r\nSecond\u{a0}paragraph.\u{2028}Third.\n\n";
    let cleaned = clean_text(raw);
    assert_eq!(
        cleaned.text,
        "Title of the piece\nFirst paragraph here.\nSecond\u{a0}paragraph.\nThird."
    );
    assert_eq!(cleaned.meta.title.as_deref(), Some("Title of the piece"));
}

#[test]
fn odd_inputs_give_empty_or_verbatim_results() {
    for raw in ["", "   ", "\n\n\r\n", "\u{0}\u{1}", "…", "x"] {
        let cleaned = clean_text(raw);
        assert!(cleaned.text.len() <= raw.len(), "{raw:?}");
    }
    let huge = "word ".repeat(200_000) + ".";
    let cleaned = clean_text(&huge);
    assert_eq!(cleaned.text, huge.trim());
}

//! Stage tests for the place stage in English and French: what is a place, which entry it
//! resolves to, and the ACLED precision its wording gives, including the traps named in the
//! places issue (people's names, country adjectives, common words, look-alike towns abroad).

use std::sync::LazyLock;

use faultline_engine::places::geocode;
use faultline_model::place::PlaceMention;
use faultline_model::{DocId, Document, Language, OffsetMap};
use faultline_packs::gazetteer::Gazetteer;

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::embedded);

fn doc(text: &str, lang: &str) -> Document {
    Document {
        id: DocId("test".into()),
        source: Default::default(),
        meta: Default::default(),
        raw: text.into(),
        html: None,
        text: text.into(),
        offsets: OffsetMap::identity(text.len()),
        removed: Vec::new(),
        language: Language {
            code: lang.into(),
            confidence: 1.0,
        },
        sentences: Vec::new(),
        simhash: 0,
    }
}

fn places(text: &str, lang: &str) -> Vec<PlaceMention> {
    geocode(&doc(text, lang), &GAZETTEER, &[])
}

/// Expect the mention covering `span` to resolve to an entry named `name` in `country` with
/// `precision`.
fn check(text: &str, lang: &str, span: &str, name: &str, country: &str, precision: u8) {
    let found = places(text, lang);
    let Some(p) = found.iter().find(|p| p.text == span) else {
        panic!("no place {span:?} in {text:?}; found {found:#?}");
    };
    assert_eq!(
        (p.name.as_str(), p.country.as_str(), p.geo_precision),
        (name, country, precision),
        "{text}: {p:#?}"
    );
    assert_eq!(&text[p.start..p.end], span);
}

fn absent(text: &str, lang: &str, span: &str) {
    let found = places(text, lang);
    assert!(
        !found.iter().any(|p| p.text.contains(span)),
        "{span:?} taken as a place in {text:?}: {found:#?}"
    );
}

#[test]
fn towns_regions_and_vicinity_in_english() {
    let table = [
        (
            "Malian soldiers entered Kidal on Tuesday.",
            "Kidal",
            "Kidal",
            "ML",
            1,
        ),
        (
            "Gunmen attacked a convoy near Gao, Mali, on Monday.",
            "Gao",
            "Gao",
            "ML",
            2,
        ),
        (
            "Clashes erupted on the outskirts of Ménaka in eastern Mali.",
            "Ménaka",
            "Ménaka",
            "ML",
            2,
        ),
        (
            "The Islamic State group has killed hundreds in the Ménaka region of Mali.",
            "Ménaka",
            "Ménaka",
            "ML",
            3,
        ),
        (
            "Fighting spread across the Kidal region of Mali.",
            "Kidal",
            "Kidal",
            "ML",
            3,
        ),
        (
            "Rebels vowed to retake Timbuktu and Taoudeni in Mali.",
            "Taoudeni",
            "Taoudenni",
            "ML",
            1,
        ),
        (
            "Mali's army said it had secured Tombouctou.",
            "Tombouctou",
            "Timbuktu",
            "ML",
            1,
        ),
        (
            "Talks were hosted in Algiers by the Algerian government.",
            "Algiers",
            "Algiers",
            "DZ",
            1,
        ),
        (
            "An explosive device hit a bus in the Douentza area of central Mali.",
            "Douentza",
            "Douentza",
            "ML",
            2,
        ),
        (
            "Jihadists attacked Djibo in northern Burkina Faso.",
            "Djibo",
            "Djibo",
            "BF",
            1,
        ),
        (
            "Soldiers were killed near Tillabéri in western Niger.",
            "Tillabéri",
            "Tillabéri",
            "NE",
            2,
        ),
    ];
    for (text, span, name, country, precision) in table {
        check(text, "en", span, name, country, precision);
    }
}

#[test]
fn towns_regions_and_vicinity_in_french() {
    let table = [
        (
            "L'armée malienne est entrée à Kidal mardi.",
            "Kidal",
            "Kidal",
            "ML",
            1,
        ),
        (
            "Des hommes armés ont attaqué un convoi près de Gao, au Mali.",
            "Gao",
            "Gao",
            "ML",
            2,
        ),
        (
            "Des affrontements ont eu lieu dans la région de Kidal, au Mali.",
            "Kidal",
            "Kidal",
            "ML",
            3,
        ),
        (
            "Les combats se poursuivent à proximité de Ménaka, au Mali.",
            "Ménaka",
            "Ménaka",
            "ML",
            2,
        ),
        (
            "Le convoi a quitté Ségou pour Tombouctou au Mali.",
            "Ségou",
            "Ségou",
            "ML",
            1,
        ),
        (
            "Une embuscade a visé l'armée dans le cercle de Bourem au Mali.",
            "Bourem",
            "Cercle de Bourem",
            "ML",
            2,
        ),
        (
            "Les pourparlers ont eu lieu à Alger, selon le gouvernement algérien.",
            "Alger",
            "Algiers",
            "DZ",
            1,
        ),
        (
            "Des rebelles se sont retirés vers Aguel'hoc, dans le nord du Mali.",
            "Aguel'hoc",
            "Aguelhok",
            "ML",
            1,
        ),
    ];
    for (text, span, name, country, precision) in table {
        check(text, "fr", span, name, country, precision);
    }
}

/// Expect `span` to resolve to a cercle (an ADM2 entry) named `name`, at precision 2, with the
/// admin2 name the admin table gives.
fn check_cercle(text: &str, lang: &str, span: &str, name: &str) {
    check(text, lang, span, name, "ML", 2);
    let found = places(text, lang);
    let p = found.iter().find(|p| p.text == span).unwrap();
    assert_eq!(p.feature, "ADM2", "{text}");
    assert!(p.gazetteer_id.starts_with("admin2:ML."), "{text}: {p:#?}");
    assert!(p.admin2.is_some(), "{text}: {p:#?}");
}

#[test]
fn cercles_are_named_by_their_cue_in_english() {
    let table = [
        (
            "Jihadists ambushed a patrol in the Gourma-Rharous cercle of Mali on Friday.",
            "Gourma-Rharous cercle",
            "Cercle de Gourma-Rharous",
        ),
        (
            "Villagers in Niono Cercle, Mali, reported new attacks on their fields.",
            "Niono Cercle",
            "Cercle de Niono",
        ),
        (
            "Malian troops redeployed to the cercle of Bourem after the clashes.",
            "Bourem",
            "Cercle de Bourem",
        ),
        (
            "Fighting spread across the district of Bankass in central Mali.",
            "Bankass",
            "Cercle de Bankass",
        ),
        // Mopti outweighs its cercle on population; the cue still decides.
        (
            "Violence in the Mopti cercle displaced thousands, Malian officials said.",
            "Mopti cercle",
            "Cercle de Mopti",
        ),
        (
            "Violence in the cercle of Mopti displaced thousands, Malian officials said.",
            "Mopti",
            "Cercle de Mopti",
        ),
    ];
    for (text, span, name) in table {
        check_cercle(text, "en", span, name);
    }
}

#[test]
fn cercles_are_named_by_their_cue_in_french() {
    let table = [
        (
            "Le cercle de Gourma-Rharous reste sous la menace des jihadistes au Mali.",
            "Gourma-Rharous",
            "Cercle de Gourma-Rharous",
        ),
        (
            "Des déplacés ont fui le cercle d'Ansongo, dans le sud-est du Mali.",
            "Ansongo",
            "Cercle d'Ansongo",
        ),
        (
            "Des déplacés ont fui le cercle d’Abeïbara, dans la région de Kidal.",
            "Abeïbara",
            "Cercle d'Abeïbara",
        ),
        (
            "Les autorités du cercle de Ménaka ont décrété un couvre-feu.",
            "Ménaka",
            "Cercle de Ménaka",
        ),
        (
            "Dans le cercle de Tombouctou, les écoles restent fermées au Mali.",
            "Tombouctou",
            "Cercle de Tombouctou",
        ),
    ];
    for (text, span, name) in table {
        check_cercle(text, "fr", span, name);
    }
}

#[test]
fn without_a_cercle_cue_the_town_or_region_wins() {
    let table = [
        (
            "The army retook Niono on Monday, Malian officials said.",
            "en",
            "Niono",
            "Niono",
            1,
        ),
        (
            "Les habitants de Gourma-Rharous ont fui vers Gao, au Mali.",
            "fr",
            "Gourma-Rharous",
            "Gourma Rharous",
            1,
        ),
        (
            "L'armée malienne est entrée à Bourem jeudi.",
            "fr",
            "Bourem",
            "Bourem",
            1,
        ),
        (
            "Civilians fled the Ménaka region of Mali.",
            "en",
            "Ménaka",
            "Ménaka",
            3,
        ),
        (
            "Des combats ont éclaté dans la région de Tombouctou, au Mali.",
            "fr",
            "Tombouctou",
            "Tombouctou",
            3,
        ),
    ];
    for (text, lang, span, name, precision) in table {
        check(text, lang, span, name, "ML", precision);
        let found = places(text, lang);
        let p = found.iter().find(|p| p.text == span).unwrap();
        assert_ne!(p.feature, "ADM2", "{text}");
    }
}

#[test]
fn a_cercle_missing_from_the_pack_falls_back_to_its_town() {
    // Léré became a cercle in 2023; GeoNames has no such unit yet, so the town stands for it.
    check(
        "Des hommes armés ont attaqué le nouveau cercle de Léré, au Mali.",
        "fr",
        "Léré",
        "Léré",
        "ML",
        2,
    );
}

#[test]
fn cercle_coordinates_come_from_the_cited_source() {
    // fr.wikipedia gives the Gourma-Rharous cercle its own point, 90 km south of the town.
    let found = places("Attacks rose in the Gourma-Rharous cercle of Mali.", "en");
    let p = found.iter().find(|p| p.feature == "ADM2").unwrap();
    assert!(
        (p.lat - 16.08333).abs() < 1e-4 && (p.lon + 1.75).abs() < 1e-4,
        "{p:#?}"
    );
    assert_eq!(p.admin1.as_deref(), Some("Tombouctou"));
}

#[test]
fn a_town_geonames_misplaces_takes_its_cited_coordinates() {
    // GeoNames puts Bamba (Bourem cercle, on the Niger) near the Guinean border; the supplement
    // replaces its point with the one de.wikipedia gives.
    for (text, lang) in [
        (
            "Gunmen looted the market of Bamba, Mali, on Thursday.",
            "en",
        ),
        (
            "Des hommes armés ont pillé le marché de Bamba, au Mali, jeudi.",
            "fr",
        ),
    ] {
        check(text, lang, "Bamba", "Bamba", "ML", 1);
        let found = places(text, lang);
        let p = found.iter().find(|p| p.text == "Bamba").unwrap();
        assert!(p.lat > 16.9 && p.lon < -1.3 && p.lon > -1.5, "{p:#?}");
    }
}

#[test]
fn countries_and_their_parts_get_region_precision() {
    check(
        "Rebels control much of northern Mali.",
        "en",
        "northern Mali",
        "Mali",
        "ML",
        3,
    );
    check(
        "Les rebelles contrôlent le nord du Mali.",
        "fr",
        "nord du Mali",
        "Mali",
        "ML",
        3,
    );
    let text = "In Mali, the army said jihadists attacked a camp in the center of the country.";
    check(text, "en", "the center of the country", "Mali", "ML", 3);
    let text = "Au Mali, l'armée a été attaquée dans le centre du pays.";
    check(text, "fr", "le centre du pays", "Mali", "ML", 3);
}

#[test]
fn look_alike_names_resolve_by_the_document_country() {
    // Léré: the pack also has Léré in France and in Chad.
    check(
        "Rebels seized Léré, a town in Mali near the Mauritanian border.",
        "en",
        "Léré",
        "Léré",
        "ML",
        1,
    );
    check(
        "Des combats ont eu lieu à Léré, dans le centre du Tchad, selon N'Djamena.",
        "fr",
        "Léré",
        "Léré",
        "TD",
        1,
    );
    // Adrar: Algerian town and province, Mauritanian region, and the Malian massif.
    let mali = "The CSP rebels withdrew to the Adrar after Malian troops took Kidal.";
    let p = places(mali, "en");
    let adrar = p.iter().find(|p| p.text == "Adrar").expect("Adrar");
    assert_eq!(
        (adrar.country.as_str(), adrar.name.as_str()),
        ("ML", "Adrar des Ifoghas"),
        "{adrar:#?}"
    );
    let algeria = "A sandstorm closed roads in Adrar, in southern Algeria, near Reggane.";
    let p = places(algeria, "en");
    let adrar = p.iter().find(|p| p.text == "Adrar").expect("Adrar");
    assert_eq!(adrar.country, "DZ", "{adrar:#?}");
}

#[test]
fn features_and_variants_from_the_supplement() {
    check(
        "Most fighters returned to the Adrar Tigharghar mountain range in Mali.",
        "en",
        "Adrar Tigharghar",
        "Adrar des Ifoghas",
        "ML",
        3,
    );
    check(
        "Wagner and FAMa troops were ambushed at Tinzaouaten, Mali.",
        "en",
        "Tinzaouaten",
        "Tinzaouaten",
        "ML",
        1,
    );
    check(
        "Des combats ont éclaté à Tin-Zaouatene, au Mali.",
        "fr",
        "Tin-Zaouatene",
        "Tinzaouaten",
        "ML",
        1,
    );
    check(
        "Smugglers crossed at In-Khalil on the Algerian border of Mali.",
        "en",
        "In-Khalil",
        "In Khalil",
        "ML",
        1,
    );
    check(
        "Floods hit the Inner Niger Delta in Mali.",
        "en",
        "Inner Niger Delta",
        "Inner Niger Delta",
        "ML",
        3,
    );
    check(
        "Le chef de la région de Bandiagara, au Mali, a parlé.",
        "fr",
        "Bandiagara",
        "Bandiagara",
        "ML",
        3,
    );
}

#[test]
fn people_groups_and_adjectives_are_not_places() {
    let table = [
        (
            "Foreign minister Abdoulaye Diop spoke in Bamako.",
            "en",
            "Diop",
        ),
        ("Junta leader Assimi Goïta visited Kidal.", "en", "Goïta"),
        (
            "Alghabass Ag Intalla asked his troops to hold their positions in Mali.",
            "en",
            "Intalla",
        ),
        (
            "The Malian army and Wagner mercenaries entered Kidal.",
            "en",
            "Malian",
        ),
        (
            "The Malian army and Wagner mercenaries entered Kidal.",
            "en",
            "Wagner",
        ),
        (
            "The Coordination of Azawad Movements rejected the plan in Mali.",
            "en",
            "Azawad",
        ),
        (
            "L'armée malienne et les mercenaires de Wagner sont entrés à Kidal.",
            "fr",
            "malienne",
        ),
        (
            "Le président Bazoum a été renversé au Niger.",
            "fr",
            "Bazoum",
        ),
        (
            "Oumar San Diego, a teacher, was freed in Mali.",
            "en",
            "San",
        ),
        (
            "Jihadists are active across the Sahel, in Mali and Niger.",
            "en",
            "Sahel",
        ),
    ];
    for (text, lang, span) in table {
        absent(text, lang, span);
    }
}

#[test]
fn common_words_and_lower_case_are_not_places() {
    absent(
        "They said they would march on the capital by the end of the year.",
        "en",
        "end",
    );
    absent("the convoy left gao before dawn", "en", "gao");
    // "San" and "Kita" as towns, with the cues that make them places.
    check(
        "Gunmen killed three people in San, Mali, on Sunday.",
        "en",
        "San",
        "San",
        "ML",
        1,
    );
    check(
        "Des soldats ont été déployés à Kita, au Mali.",
        "fr",
        "Kita",
        "Kita",
        "ML",
        1,
    );
}

#[test]
fn actor_mentions_block_places_inside_them() {
    use faultline_model::actor::Mention;
    let text = "Fighters of the Gao Brigade entered Kidal.";
    let start = text.find("Gao").unwrap();
    // Built from JSON so the test does not depend on the actor stage's optional fields.
    let actor: Mention = serde_json::from_value(serde_json::json!({
        "text": "Gao Brigade",
        "start": start,
        "end": start + "Gao Brigade".len(),
        "actor": null,
        "how": "candidate",
    }))
    .unwrap();
    let found = geocode(&doc(text, "en"), &GAZETTEER, &[actor]);
    let names: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(names, ["Kidal"]);
}

#[test]
fn odd_text_never_panics() {
    for text in [
        "",
        " ",
        "Ménaka",
        "ÉÉÉ Kidal-",
        "\u{0}Gao\u{0}",
        "à",
        "Kidal\nRegion",
        "’Gao’",
    ] {
        let _ = places(text, "und");
    }
}

/// No place, and in particular no far-away one, for the name `span` in `text`.
fn unresolved(text: &str, lang: &str, span: &str) {
    let found = places(text, lang);
    assert!(
        !found.iter().any(|p| p.text == span),
        "{span:?} resolved in {text:?}: {found:#?}"
    );
}

#[test]
fn sahel_localities_from_the_curated_list() {
    let table = [
        (
            "Jihadists attacked an army post between Boni and Hombori on Sunday.",
            "en",
            "Boni",
            "Boni",
            "ML",
            1,
        ),
        (
            "Une embuscade a visé un convoi près de Boni, sur la route de Hombori.",
            "fr",
            "Boni",
            "Boni",
            "ML",
            2,
        ),
        (
            "Dozens of civilians were killed in Solhan, a village in Yagha province.",
            "en",
            "Solhan",
            "Solhan",
            "BF",
            1,
        ),
        (
            "L'attaque du camp militaire d'Inatès a fait 71 morts dans les rangs de l'armée.",
            "fr",
            "Inatès",
            "Inatès",
            "NE",
            1,
        ),
        (
            "Soldiers were ambushed near Chinégodar, close to the border.",
            "en",
            "Chinégodar",
            "Siné Godar",
            "NE",
            2,
        ),
        (
            "Les FAMa ont repris Sévaré et Konna après des combats.",
            "fr",
            "Konna",
            "Konna",
            "ML",
            1,
        ),
    ];
    for (text, lang, span, name, country, precision) in table {
        check(text, lang, span, name, country, precision);
    }
}

#[test]
fn sahel_spellings_reach_the_right_town() {
    let table = [
        // GeoNames gives Zinder the alias Sinder; the supplement drops it for the Tillabéri commune.
        (
            "Des hommes armés ont attaqué Sinder, dans la région de Tillabéri.",
            "fr",
            "Sinder",
            "Sinder",
            "NE",
        ),
        (
            "Soldiers based in Banibangou repelled the attack.",
            "en",
            "Banibangou",
            "Bani Bangou",
            "NE",
        ),
        (
            "Le convoi a quitté Fada pour Pama mardi.",
            "fr",
            "Fada",
            "Fada N'gourma",
            "BF",
        ),
        (
            "Migrants stranded in Dirkou were moved south.",
            "en",
            "Dirkou",
            "Dirkou",
            "NE",
        ),
        (
            "The attack on the mosque of Fambita killed 44 worshippers.",
            "en",
            "Fambita",
            "Fambita",
            "NE",
        ),
    ];
    for (text, lang, span, name, country) in table {
        check(text, lang, span, name, country, 1);
    }
}

#[test]
fn far_places_reached_through_an_alias_give_no_place() {
    // "Tori" (a commune of Bankass cercle, Mali) is an alternate name of Turin, "Dessa" (a
    // commune of Tillabéri, Niger) one of Dessie in Ethiopia, "Bani" (Séno, Burkina Faso) one
    // of Bāneh in Iran: none of the three villages is in the gazetteer, so no place is right.
    let table = [
        (
            "Malian soldiers said gunmen had burned granaries in Tori overnight.",
            "en",
            "Tori",
        ),
        (
            "Des hommes armés ont attaqué le marché de Dessa, selon des sources locales.",
            "fr",
            "Dessa",
        ),
        (
            "Villagers fled Bani after jihadists torched the market, residents said.",
            "en",
            "Bani",
        ),
        (
            "Des habitants de Tori et de Dessa ont fui vers les villes voisines.",
            "fr",
            "Tori",
        ),
    ];
    for (text, lang, span) in table {
        unresolved(text, lang, span);
    }
}

#[test]
fn small_far_towns_need_their_country_named_nearby() {
    // Tamale (Ghana) and Bonn (Germany) are known by their own names but are neither capitals
    // nor major cities: bare, in a Sahel text, they are more likely a misread than a place.
    unresolved(
        "Malian refugees reached Tamale after a week on the road, the UNHCR said.",
        "en",
        "Tamale",
    );
    unresolved(
        "Des réfugiés maliens ont rejoint Bonn, selon le HCR.",
        "fr",
        "Bonn",
    );
    check(
        "Malian refugees reached Tamale, in northern Ghana, after a week on the road.",
        "en",
        "Tamale",
        "Tamale",
        "GH",
        1,
    );
    check(
        "Le ministre malien a rencontré ses homologues à Bonn, en Allemagne.",
        "fr",
        "Bonn",
        "Bonn",
        "DE",
        1,
    );
}

#[test]
fn capitals_and_major_cities_abroad_are_still_places() {
    let table = [
        (
            "Mali's foreign minister held talks in Algiers on Monday.",
            "en",
            "Algiers",
            "Algiers",
            "DZ",
        ),
        (
            "The junta leader flew to a summit in Paris after the attack on Boni.",
            "en",
            "Paris",
            "Paris",
            "FR",
        ),
        (
            "Le chef de la junte malienne s'est rendu à Moscou la semaine dernière.",
            "fr",
            "Moscou",
            "Moscow",
            "RU",
        ),
        (
            "Une délégation malienne est attendue à Pékin, puis à Londres.",
            "fr",
            "Londres",
            "London",
            "GB",
        ),
        (
            "Traders from Kano and Lagos used to buy cattle in Gao, Mali.",
            "en",
            "Kano",
            "Kano",
            "NG",
        ),
    ];
    for (text, lang, span, name, country) in table {
        check(text, lang, span, name, country, 1);
    }
}

#[test]
fn texts_about_a_far_country_keep_its_towns() {
    // A text about Germany: its towns are near the document's focus even when the country's
    // name is more than a couple of sentences away.
    let text = "German police said on Tuesday that they had arrested three men suspected of \
        raising money for a jihadist group. The men, aged between 24 and 41, were detained \
        after months of surveillance, prosecutors said in a statement, adding that the \
        investigation had begun after a tip from a foreign intelligence service and that \
        further arrests were possible in the coming weeks. One of the suspects was held in \
        Bonn.";
    check(text, "en", "Bonn", "Bonn", "DE", 1);
}

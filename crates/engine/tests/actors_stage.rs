//! Stage tests for actor recognition and linking, in English and French news style.
//!
//! Each case is a text with `^^^` lines under it marking every mention the stage must find,
//! followed by the expected actor id (`-` for a mention left unlinked) and optionally the
//! way it was found (`id/generic`). The check is exact: a mention nobody marked fails the
//! case too, which is how "Malian alone is not an actor" and the traps are tested.

use chrono::NaiveDate;
use faultline_engine::actors::find_mentions;
use faultline_model::actor::{Mention, MentionHow};
use faultline_model::{DocId, Document, Language, OffsetMap, SourceRef, Span};
use faultline_packs::actors::ActorPack;

/// One pack for all cases: building it is cheap, but the property test runs hundreds.
fn pack() -> &'static ActorPack {
    static PACK: std::sync::OnceLock<ActorPack> = std::sync::OnceLock::new();
    PACK.get_or_init(ActorPack::embedded)
}

fn document(text: &str) -> Document {
    Document {
        id: DocId("test".into()),
        source: SourceRef::default(),
        meta: Default::default(),
        raw: text.to_string(),
        html: None,
        text: text.to_string(),
        offsets: OffsetMap::identity(text.len()),
        removed: Vec::new(),
        language: Language::undetermined(),
        sentences: vec![Span::new(0, text.len())],
        simhash: 0,
    }
}

fn how_name(h: MentionHow) -> &'static str {
    match h {
        MentionHow::Alias => "alias",
        MentionHow::Acronym => "acronym",
        MentionHow::Generic => "generic",
        MentionHow::Role => "role",
        MentionHow::Candidate => "candidate",
    }
}

/// An expected mention: start, end, actor id (`-` for none), and optionally how.
type Expected = (usize, usize, String, Option<String>);

/// Parse a marked case into the text and its expected mentions.
fn parse(marked: &str) -> (String, Vec<Expected>) {
    let mut text = String::new();
    let mut expected = Vec::new();
    let mut last_line: Option<(usize, String)> = None;
    for line in marked.trim_matches('\n').lines() {
        if line.trim_start().starts_with('^') {
            let Some((line_start, ref tl)) = last_line else {
                panic!("marker line before any text: {line}");
            };
            let chars: Vec<char> = line.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                if chars[i] != '^' {
                    i += 1;
                    continue;
                }
                let s = i;
                while i < chars.len() && chars[i] == '^' {
                    i += 1;
                }
                let e = i;
                let label: String = chars[i..].iter().collect::<String>();
                let label = label.split_whitespace().next().unwrap_or("").to_string();
                let (id, how) = match label.split_once('/') {
                    Some((id, how)) => (id.to_string(), Some(how.to_string())),
                    None => (label.clone(), None),
                };
                let byte = |col: usize| -> usize {
                    tl.char_indices().nth(col).map_or(tl.len(), |(b, _)| b)
                };
                expected.push((line_start + byte(s), line_start + byte(e), id, how));
                i += label.len() + 1;
            }
        } else {
            if !text.is_empty() {
                text.push('\n');
            }
            last_line = Some((text.len(), line.to_string()));
            text.push_str(line);
        }
    }
    (text, expected)
}

fn render(text: &str, mentions: &[Mention]) -> String {
    mentions
        .iter()
        .map(|m| {
            format!(
                "  {}..{} {:?} -> {}/{} {}",
                m.start,
                m.end,
                &text[m.start..m.end],
                m.actor.as_ref().map_or("-", |a| a.id.as_str()),
                how_name(m.how),
                m.resolution.as_ref().map_or("", |r| r.why.as_str())
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_at(marked: &str, date: Option<&str>) -> Vec<Mention> {
    let (text, expected) = parse(marked);
    let pack = pack();
    let date = date.map(|d| d.parse::<NaiveDate>().unwrap());
    let mentions = find_mentions(&document(&text), pack, date);
    let mut problems = Vec::new();
    for (s, e, id, how) in &expected {
        match mentions.iter().find(|m| m.start == *s && m.end == *e) {
            None => problems.push(format!("missing {:?} ({id})", &text[*s..*e])),
            Some(m) => {
                let got = m.actor.as_ref().map_or("-", |a| a.id.as_str());
                if got != id {
                    problems.push(format!("{:?}: want {id}, got {got}", &text[*s..*e]));
                }
                if let Some(h) = how
                    && how_name(m.how) != h
                {
                    problems.push(format!(
                        "{:?}: want how {h}, got {}",
                        &text[*s..*e],
                        how_name(m.how)
                    ));
                }
            }
        }
    }
    for m in &mentions {
        if !expected
            .iter()
            .any(|(s, e, _, _)| m.start == *s && m.end == *e)
        {
            problems.push(format!("unexpected {:?}", &text[m.start..m.end]));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nin:\n{text}\nfound:\n{}",
        problems.join("\n"),
        render(&text, &mentions)
    );
    mentions
}

fn check(marked: &str) -> Vec<Mention> {
    check_at(marked, None)
}

#[test]
fn wagner_the_group_is_not_richard_wagner() {
    check(
        "
The Wagner Group deployed to Mali in 2021, while an opera by Richard Wagner played in Bamako.
    ^^^^^^^^^^^^ wagner
",
    );
    check(
        "
Russian mercenaries from Wagner attacked the village, Malian officials said.
^^^^^^^^^^^^^^^^^^^ wagner/generic
                         ^^^^^^ wagner/alias
",
    );
    check(
        "
Le compositeur Richard Wagner n'a rien à voir avec le groupe Wagner, présent au Mali.
                                                      ^^^^^^^^^^^^^ wagner
",
    );
}

#[test]
fn the_army_belongs_to_the_country_the_text_is_about() {
    check(
        "
Burkina Faso: the army said on Monday that soldiers repelled an attack near Djibo, in northern Burkina.
                  ^^^^ fama_bf/generic
",
    );
    check(
        "
In Niger, the army said it had killed dozens of assailants near Tillabéri, north of Niamey.
              ^^^^ fds_niger
",
    );
    check(
        "
In Mali, the army retook the town of Kidal after a week of fighting.
             ^^^^ fama
",
    );
    // No country settles it: the mention stays unresolved.
    check(
        "
The army said it repelled an attack on a base overnight.
    ^^^^ -/generic
",
    );
}

/// A country named right at the reference ("Niger's junta", "la junte du Niger") decides,
/// even when another country's actors are more salient in the text.
#[test]
fn a_country_attached_to_a_generic_reference_decides_it() {
    check(
        "
The Burkinabe army repelled an attack on Djibo. Niger's junta said it had arrested three opposition figures.
    ^^^^^^^^^^^^^^ fama_bf
                                                        ^^^^^ gov_niger/generic
",
    );
    check(
        "
L'armée burkinabè a repoussé une attaque. La junte du Niger a rompu avec Paris.
  ^^^^^^^^^^^^^^^ fama_bf
                                             ^^^^^ gov_niger/generic
",
    );
    check(
        "
The Malian army advanced on Kidal. The junta of Burkina Faso expelled two diplomats.
    ^^^^^^^^^^^ fama
                                       ^^^^^ gov_bf/generic
",
    );
}

#[test]
fn acronyms_match_as_written_and_never_inside_words() {
    check(
        "
The MAA and the HCUA met near Kidal; the Maa family and the word amaam are not groups.
    ^^^ maa     ^^^^ hcua
",
    );
    check(
        "
Jnim fighters ambushed the convoy near Boni, and JNIM later claimed the attack.
^^^^ jnim                                        ^^^^ jnim
",
    );
    check(
        "
Le GSIM a revendiqué l'attaque contre l'armée malienne près de Boni, au Mali.
   ^^^^ jnim
                                        ^^^^^^^^^^^^^^ fama
",
    );
    check(
        "
Fighters of the CSP-PSD and the FAMa clashed; the csp statement was not signed.
                ^^^^^^^ csp     ^^^^ fama
",
    );
}

#[test]
fn islamic_state_core_and_sahel_branch_follow_the_context() {
    check(
        "
The Islamic State claimed the bombing in Raqqa, and Syrian and Iraqi officials blamed the group.
    ^^^^^^^^^^^^^ is_core
",
    );
    check(
        "
Islamic State fighters killed villagers near Ménaka, in eastern Mali, local officials said.
^^^^^^^^^^^^^ is_sahel
",
    );
    check(
        "
L'État islamique au Sahel a attaqué Ménaka, selon des sources maliennes.
  ^^^^^^^^^^^^^^^^^^^^^^^ is_sahel
",
    );
}

#[test]
fn generic_references_resolve_by_apposition_recency_and_state() {
    check(
        "
Au Mali, les rebelles du FLA ont attaqué un camp de l'armée près de Kidal.
             ^^^^^^^^ fla/generic
                         ^^^ fla
                                                      ^^^^^ fama/generic
",
    );
    check(
        "
JNIM claimed the ambush near Mopti in Mali. The jihadists also burned trucks.
^^^^ jnim                                       ^^^^^^^^^ jnim/generic
",
    );
    check(
        "
Les autorités de la transition ont dénoncé l'attaque de Bamako, selon la junte.
    ^^^^^^^^^^^^^^^^^^^^^^^^^^ gov_mali
                                                                         ^^^^^ gov_mali
",
    );
    // No rebel group named: "the rebels" stays open rather than guessed.
    check(
        "
The rebels said they had shot down a drone.
    ^^^^^^ -/generic
",
    );
}

#[test]
fn russian_auxiliaries_follow_the_date() {
    let marked = "
Soldiers from Mali and their Russian auxiliaries entered the town near Gao.
                             ^^^^^^^^^^^^^^^^^^^ wagner/generic
";
    check_at(marked, Some("2023-11-20"));
    let marked = "
Soldiers from Mali and their Russian auxiliaries entered the town near Gao.
                             ^^^^^^^^^^^^^^^^^^^ africa_corps/generic
";
    check_at(marked, Some("2025-10-01"));
}

#[test]
fn names_follow_the_documents_date() {
    let marked = "
The Malian army and the MNLA fought near Kidal.
    ^^^^^^^^^^^ fama
                        ^^^^ mnla
";
    let m = check_at(marked, Some("2012-06-01"));
    assert_eq!(
        m[0].actor.as_ref().unwrap().name,
        "Military Forces of Mali (2012-2013)"
    );
    let m = check_at(marked, Some("2024-01-10"));
    assert_eq!(
        m[0].actor.as_ref().unwrap().name,
        "Military Forces of Mali (2021-)"
    );
}

#[test]
fn acronyms_learned_from_the_text() {
    let m = check(
        "
Fighters of the Movement for Justice in the Sahel (MJS) attacked a checkpoint near Gao.
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ candidate:mjs/candidate
                                                   ^^^ candidate:mjs/candidate
The MJS said it would fight on.
    ^^^ candidate:mjs/candidate
",
    );
    let pair = m[1].acronym.as_ref().unwrap();
    assert_eq!(
        (pair.short.as_str(), pair.long.as_str()),
        ("MJS", "Movement for Justice in the Sahel")
    );
    check(
        "
Le Front de libération du Gourma (FLG), un groupe inconnu, a revendiqué l'embuscade. Le FLG menace.
   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ candidate:flg/candidate
                                  ^^^ candidate:flg/candidate
                                                                                        ^^^ candidate:flg
",
    );
    // A short form the pack does not know, defined by a long form it does.
    check(
        "
The Coordination of Azawad Movements (CAM) rejected the deal. The CAM will meet on Friday.
    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cma/alias
                                      ^^^ cma/acronym
                                                                  ^^^ cma/acronym
",
    );
    // Parentheses that define nothing learn nothing.
    check(
        "
Bamako (AFP) - The talks (held in Algiers) failed, the UN said.
                                                       ^^ un
",
    );
}

#[test]
fn people_with_role_cues_and_surnames() {
    let m = check(
        "
Ahmed Ag Bibi, spokesman for the CMA, said the talks had failed.
^^^^^^^^^^^^^ candidate:ahmed_ag_bibi/role
                                 ^^^ cma
",
    );
    let role = m[0].role.as_ref().unwrap();
    assert_eq!(
        (role.title.as_str(), role.of.as_deref()),
        ("spokesman", Some("cma"))
    );
    let m = check(
        "
« Nous continuerons », a déclaré le porte-parole du FLA, Mohamed Elmaouloud Ramadane.
                                                    ^^^ fla
                                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^ mohamed_elmaouloud_ramadane
",
    );
    assert_eq!(
        m[1].role.as_ref().and_then(|r| r.of.as_deref()),
        Some("fla")
    );
    check(
        "
Alghabass Ag Intalla met envoys in Kidal. Later, Alghabass said the talks would go on.
^^^^^^^^^^^^^^^^^^^^ alghabass_ag_intalla        ^^^^^^^^^ alghabass_ag_intalla
",
    );
    // A surname alone, without the full name before it, is not enough.
    check(
        "
Alghabass said the talks would go on.
",
    );
    check(
        "
Iyad Ag-Ghaly and Iyad Ag Ghali are one man; so is Iyad ag Ghaly.
^^^^^^^^^^^^^ iyad_ag_ghaly
                  ^^^^^^^^^^^^^ iyad_ag_ghaly
                                                   ^^^^^^^^^^^^^ iyad_ag_ghaly
",
    );
    check(
        "
Prime Minister Choguel Kokalla Maïga and the leader of JNIM, Amadou Koufa, were named.
               ^^^^^^^^^^^^^^^^^^^^^ choguel_maiga
                                                       ^^^^ jnim
                                                             ^^^^^^^^^^^^ amadou_koufa
",
    );
}

#[test]
fn no_actors_no_mentions_and_odd_text_does_not_fail() {
    check("\nMalian officials said the weather was hot in Bamako.\n");
    let pack = ActorPack::embedded();
    for odd in [
        "",
        "((((",
        ")(",
        "\u{0}\u{FEFF}",
        "É\u{301}\u{301}(((MAA",
        "(A) (BB) (ÇÇ)",
    ] {
        let _ = find_mentions(&document(odd), &pack, None);
    }
}

#[test]
fn mention_json_keeps_the_cli_shape() {
    let pack = ActorPack::embedded();
    let m = find_mentions(&document("The MNLA said so."), &pack, None);
    let v = serde_json::to_value(&m[0]).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"text": "MNLA", "start": 4, "end": 8, "actor": {
            "id": "mnla", "name": "MNLA: National Movement for the Liberation of Azawad",
            "kind": "rebel_group"}, "how": "alias"})
    );
}

#[test]
fn shared_aliases_need_context_and_stay_open_without_it() {
    // "CNSP" named Mali's junta in 2020 and Niger's from 2023: the date settles it.
    let marked = "
The CNSP announced a curfew.
    ^^^^ gov_mali
";
    check_at(marked, Some("2020-09-01"));
    let marked = "
The CNSP announced a curfew.
    ^^^^ gov_niger
";
    check_at(marked, Some("2023-08-15"));
    // Nothing says which Islamic State is meant.
    check(
        "
Islamic State claimed the attack.
^^^^^^^^^^^^^ -
",
    );
}

#[test]
fn a_text_split_between_two_countries_has_no_army() {
    check(
        "
Mali and Burkina Faso signed a pact in Bamako and Ouagadougou; the army will patrol the border.
                                                                   ^^^^ -/generic
",
    );
    check(
        "
L'armée burkinabè et les VDP ont repoussé une attaque à Djibo. L'armée affirme avoir tué dix assaillants.
  ^^^^^^^^^^^^^^^ fama_bf
                         ^^^ vdp
                                                                 ^^^^^ fama_bf/generic
",
    );
}

proptest::proptest! {
    /// Whatever the text, mentions are in order, inside the text, on character boundaries,
    /// word-bounded, and their `text` is the span they name.
    #[test]
    fn mentions_are_well_formed_on_any_text(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "the", "army", "MAA", "Maa", "(", ")", "CSP", "Jnim", "rebels", "l'armée",
                "Wagner", "Richard", "Mali", "Burkina", "Front", "de", "libération", "(FLG)",
                "Iyad", "Ag", "Ghaly", "spokesman", ",", "é", "\u{301}", "Ménaka", "\n",
                "Islamic", "State", "Prime", "Minister", "X", "Alghabass", "junta", "«", "’",
            ]),
            0..40,
        )
    ) {
        let text = words.join(" ");
        let mentions = find_mentions(&document(&text), pack(), None);
        let mut last_end = 0;
        for m in &mentions {
            proptest::prop_assert!(m.start < m.end && m.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            proptest::prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
            proptest::prop_assert!(m.start >= last_end, "overlap at {}", m.start);
            last_end = m.end;
        }
    }
}

#[test]
fn french_role_cues_after_names_with_particles() {
    let m = check(
        "
Sidi Brahim Ould Sidati, secrétaire général du MAA, a été tué à Bamako.
^^^^^^^^^^^^^^^^^^^^^^^ sidi_brahim_ould_sidati
                                               ^^^ maa
",
    );
    let role = m[0].role.as_ref().unwrap();
    assert_eq!(
        (role.title.as_str(), role.of.as_deref()),
        ("secrétaire général", Some("maa"))
    );
    let m = check(
        "
Ahmed Ould Mohamed, porte-parole de la Plateforme, a démenti toute attaque.
^^^^^^^^^^^^^^^^^^ candidate:ahmed_ould_mohamed/role
                                       ^^^^^^^^^^ platform
",
    );
    assert_eq!(m[0].actor.as_ref().unwrap().kind, "person");
    assert_eq!(
        m[0].role.as_ref().and_then(|r| r.of.as_deref()),
        Some("platform")
    );
}

#[test]
fn a_description_of_the_signatory_groups_is_a_generic_reference() {
    check_at(
        "
JNIM held talks in Mali with armed groups in the north that have signed a peace agreement. The CMA denied it.
^^^^ jnim
                             ^^^^^^^^^^^^ cma/generic
                                                                                               ^^^ cma
",
        Some("2023-01-20"),
    );
    check_at(
        "
Au Mali, le GSIM discute avec des groupes armés qui ont signé l'accord de paix d'Alger. La CMA dément.
            ^^^^ jnim
                                  ^^^^^^^^^^^^^ cma/generic
                                                                                           ^^^ cma
",
        Some("2023-01-20"),
    );
    // No signatory group named: the description stays open.
    check_at(
        "
In Mali, armed groups that have signed the peace agreement met in Kidal.
         ^^^^^^^^^^^^ -/generic
",
        Some("2023-01-20"),
    );
}

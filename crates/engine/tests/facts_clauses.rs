//! Second-pass rules of the fact stages, each on its own news-style sentences in English and
//! French: arguments in leading adverbial and relative clauses, passive victims and claims,
//! the Unidentified Armed Group of ACLED, definite references to an event already reported,
//! the direction of hostility, membership supported by the actor pack, attribution phrases,
//! and dates that belong to another clause. Written for these rules, not from the seeds.

mod facts_support;

use facts_support::{mark, show_relation};
use faultline_model::Lang::{self, En, Fr};
use faultline_model::fact::{DateSource, Event, Modality};

fn id(a: &Option<faultline_model::fact::FactActor>) -> Option<&str> {
    a.as_ref().map(|a| a.id.as_str())
}

/// The one asserted event a text reports, as (sub-event type, actor1, actor2, associated).
fn only_event(text: &str, lang: Lang) -> Result<Event, String> {
    let events: Vec<Event> = mark(text, lang)
        .events()
        .into_iter()
        .filter(|e| e.modality == Modality::Asserted)
        .collect();
    match events.as_slice() {
        [e] => Ok(e.clone()),
        _ => Err(format!(
            "{text}\n  want one asserted event, got {:?}",
            events
                .iter()
                .map(|e| (e.sub_event_type.as_str(), id(&e.actor1), id(&e.actor2)))
                .collect::<Vec<_>>()
        )),
    }
}

type Case = (
    &'static str,
    Lang,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

fn check_events(cases: &[Case]) {
    let mut failures = Vec::new();
    for &(text, lang, sub, a1, a2, assoc) in cases {
        match only_event(text, lang) {
            Err(e) => failures.push(e),
            Ok(e) => {
                let got_assoc: Vec<&str> = e.assoc_actors.iter().map(|a| a.id.as_str()).collect();
                let got = (
                    e.sub_event_type.as_str(),
                    id(&e.actor1),
                    id(&e.actor2),
                    got_assoc,
                );
                if got != (sub, a1, a2, assoc.to_vec()) {
                    failures.push(format!(
                        "{text}\n  want {:?}\n  got  {got:?} [{}]",
                        (sub, a1, a2, assoc),
                        e.evidence.rule
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_leading_adverbial_clause_holds_no_subject() {
    check_events(&[
        (
            "After ten years of control by [Tuareg rebels](csp:rebel_group), [the Malian army](fama:state_force), accompanied by [Wagner](wagner:private_military) mercenaries, entered [Kidal](@ML) on [14 November 2023](=2023-11-14).",
            En,
            "Government regains territory",
            Some("fama"),
            Some("csp"),
            &["wagner"],
        ),
        (
            "Despite resistance from [JNIM](jnim:jihadist_group), [Burkinabe troops](fama_bf:state_force) recaptured the town of [Djibo](@BF) on [2 May](=2024-05-02).",
            En,
            "Government regains territory",
            Some("fama_bf"),
            Some("jnim"),
            &[],
        ),
        (
            "Après dix ans de contrôle par [les rebelles](csp:rebel_group), [l'armée malienne](fama:state_force), accompagnée par [Wagner](wagner:private_military), est entrée dans [Kidal](@ML) le [14 novembre 2023](=2023-11-14).",
            Fr,
            "Government regains territory",
            Some("fama"),
            Some("csp"),
            &["wagner"],
        ),
        (
            "Malgré la présence de [la MINUSMA](minusma:igo), [le JNIM](jnim:jihadist_group) a attaqué [l'armée](fama:state_force) près de [Tessit](@ML) le [3 mai](=2024-05-03).",
            Fr,
            "Armed clash",
            Some("jnim"),
            Some("fama"),
            &[],
        ),
    ]);
}

#[test]
fn passive_victims_are_targets_and_the_attacker_comes_from_a_claim_or_is_unidentified() {
    check_events(&[
        (
            "Des dizaines de [soldats burkinabè](fama_bf:state_force) ont été tués [mardi](=2024-06-11) dans une attaque contre le détachement militaire de [Djibo](@BF).",
            Fr,
            "Armed clash",
            Some("uag_bf"),
            Some("fama_bf"),
            &[],
        ),
        (
            "Des dizaines de [soldats burkinabè](fama_bf:state_force) ont été tués [mardi](=2024-06-11) dans une attaque contre le détachement militaire de [Djibo](@BF). L'attaque a été revendiquée par le [GSIM](jnim:jihadist_group).",
            Fr,
            "Armed clash",
            Some("jnim"),
            Some("fama_bf"),
            &[],
        ),
        (
            "Twelve [Nigerien soldiers](fds_niger:state_force) were killed on [Sunday](=2024-06-09) in an ambush near [Tillabéri](@NE). [JNIM](jnim:jihadist_group) claimed responsibility for the attack.",
            En,
            "Armed clash",
            Some("jnim"),
            Some("fds_niger"),
            &[],
        ),
        (
            "Four [Malian soldiers](fama:state_force) were killed on [3 May](=2024-05-03) near [Boni](@ML).",
            En,
            "Armed clash",
            Some("uag_mali"),
            Some("fama"),
            &[],
        ),
        (
            "[The Burkinabe army](fama_bf:state_force) repelled an attack on [Djibo](@BF) on [5 May](=2024-05-05).",
            En,
            "Armed clash",
            Some("uag_bf"),
            Some("fama_bf"),
            &[],
        ),
        (
            "[L'armée nigérienne](fds_niger:state_force) a repoussé une attaque près de [Diffa](@NE) le [3 mai](=2024-05-03).",
            Fr,
            "Armed clash",
            Some("uag_niger"),
            Some("fds_niger"),
            &[],
        ),
        // The active voice is unchanged: the subject attacks.
        (
            "[JNIM](jnim:jihadist_group) fighters killed six [soldiers](fama:state_force) near [Boni](@ML) on [3 May](=2024-05-03).",
            En,
            "Armed clash",
            Some("jnim"),
            Some("fama"),
            &[],
        ),
    ]);
}

#[test]
fn a_claim_is_the_attribution_of_the_event() {
    let cases = [
        (
            "Des [soldats burkinabè](fama_bf:state_force) ont été tués [mardi](=2024-06-11) dans une attaque près de [Djibo](@BF). L'attaque a été revendiquée par le [GSIM](jnim:jihadist_group).",
            Fr,
            "revendiquée par le GSIM",
        ),
        (
            "[Le FLA](fla:rebel_group) a revendiqué une embuscade contre [les FAMa](fama:state_force) près de [Tinzaouaten](@ML) le [25 juillet](=2024-07-25), affirmant avoir tué une vingtaine de soldats.",
            Fr,
            "Le FLA a revendiqué",
        ),
    ];
    for (text, lang, want) in cases {
        let e = only_event(text, lang).unwrap();
        let a = e.attribution.expect(text);
        assert_eq!(a.text, want, "{text}");
        assert_eq!(id(&a.actor), id(&e.actor1), "{text}");
    }
}

#[test]
fn two_clauses_with_other_participants_are_two_events() {
    let m = mark(
        "[The Burkinabe army](fama_bf:state_force) repelled an attack on [Djibo](@BF) on [5 May](=2024-05-05), while [JNIM](jnim:jihadist_group) ambushed [Malian soldiers](fama:state_force) near [Gao](@ML).",
        En,
    );
    let mut got: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    let events = m.events();
    for e in &events {
        got.push((id(&e.actor1), id(&e.actor2)));
    }
    got.sort();
    assert_eq!(
        got,
        vec![
            (Some("jnim"), Some("fama")),
            (Some("uag_bf"), Some("fama_bf"))
        ]
    );
    // A past progressive is the background of the other clause, not an event of its own.
    let m = mark(
        "[The Burkinabe army](fama_bf:state_force) repelled an attack on [Djibo](@BF) on [5 May](=2024-05-05), while [the Malian army](fama:state_force) was fighting near [Gao](@ML).",
        En,
    );
    assert!(
        m.events().iter().all(|e| id(&e.actor2) == Some("fama_bf")),
        "{:#?}",
        m.events()
    );
    // The same happening told in two clauses stays one event.
    let m = mark(
        "Three civilians were killed when a bus hit an improvised explosive device near [Boni](@ML) on [6 May](=2024-05-06).",
        En,
    );
    assert_eq!(m.events().len(), 1);
}

#[test]
fn a_definite_reference_to_a_reported_event_merges_into_it() {
    let merged = [
        (
            "On [April 5](=2024-04-05), [CSP](csp:rebel_group) rebels were ambushed by [JNIM](jnim:jihadist_group) near [Léré](@ML). [MNLA](mnla:rebel_group) troops suffered the most losses during the fighting [last April](=2024-04).",
            En,
        ),
        (
            "Le [5 avril](=2024-04-05), [le JNIM](jnim:jihadist_group) a attaqué [le CSP](csp:rebel_group) près de [Léré](@ML). [Le MNLA](mnla:rebel_group) a perdu plusieurs hommes dans les combats du [5 avril](=2024-04-05).",
            Fr,
        ),
    ];
    for (text, lang) in merged {
        let events = mark(text, lang).events();
        assert_eq!(events.len(), 1, "{text}: {events:#?}");
        let e = events.first().unwrap();
        assert_eq!(
            (id(&e.actor1), id(&e.actor2)),
            (Some("jnim"), Some("csp")),
            "{text}"
        );
    }
    // Actors foreign to the earlier event make the reference another clash.
    let text = "On [April 5](=2024-04-05), [CSP](csp:rebel_group) rebels were ambushed by [JNIM](jnim:jihadist_group) near [Léré](@ML). [Burkinabe soldiers](fama_bf:state_force) suffered losses in the fighting near [Djibo](@BF) on [April 5](=2024-04-05).";
    assert_eq!(mark(text, En).events().len(), 2, "{text}");
}

#[test]
fn hostility_takes_the_direction_of_the_event_that_names_its_initiator() {
    let text = "On [April 5](=2024-04-05), [CSP](csp:rebel_group) rebels were ambushed by [JNIM](jnim:jihadist_group) near [Léré](@ML). They want to avoid another clash like the fighting between [the CSP](csp:rebel_group) and [JNIM](jnim:jihadist_group).";
    let rels: Vec<String> = mark(text, En)
        .relations()
        .iter()
        .map(show_relation)
        .collect();
    assert!(
        rels.contains(&"jnim hostile_to csp".to_string()),
        "{rels:?}"
    );
    assert!(
        !rels.contains(&"csp hostile_to jnim".to_string()),
        "{rels:?}"
    );
    // Without a directed report, "between" keeps its order.
    let text = "They want to avoid another clash like the fighting between [the CSP](csp:rebel_group) and [JNIM](jnim:jihadist_group) on [April 5](=2024-04-05).";
    let rels: Vec<String> = mark(text, En)
        .relations()
        .iter()
        .map(show_relation)
        .collect();
    assert!(
        rels.iter().any(|r| r.contains("hostile_to")),
        "{text}: {rels:?}"
    );
}

#[test]
fn a_fighter_from_a_group_belongs_to_the_coalition_the_text_is_about_when_the_pack_agrees() {
    let text = "[The CSP](csp:rebel_group) is not a homogeneous entity. “We were all surprised,” confides a fighter from [the MNLA](mnla:rebel_group).";
    let rels = mark(text, En).relations();
    let r = rels
        .iter()
        .find(|r| show_relation(r) == "mnla member_of csp")
        .unwrap_or_else(|| panic!("{rels:#?}"));
    assert!(
        r.evidence.rule.contains("+pack:member_of"),
        "{}",
        r.evidence.rule
    );
    // The pack does not put the MNLA in JNIM: no membership is read.
    let text = "[JNIM](jnim:jihadist_group) is not a homogeneous entity. “We were all surprised,” confides a fighter from [the MNLA](mnla:rebel_group).";
    let rels: Vec<String> = mark(text, En)
        .relations()
        .iter()
        .map(show_relation)
        .collect();
    assert!(!rels.iter().any(|r| r.contains("member_of")), "{rels:?}");
}

#[test]
fn attribution_keeps_whole_noun_phrases() {
    let cases = [
        (
            "Niger's [junta](gov_niger:government) said on [Tuesday](=2024-05-14) that it had arrested three opposition figures in [Niamey](@NE).",
            En,
            "Niger's junta",
        ),
        (
            "Des [soldats burkinabè](fama_bf:state_force) ont été tués [mardi](=2024-06-11) près de [Djibo](@BF), ont indiqué [mercredi](=2024-06-12) des sources sécuritaires.",
            Fr,
            "des sources sécuritaires",
        ),
        (
            "Six [soldiers](fama:state_force) were killed near [Boni](@ML) on [3 May](=2024-05-03), said the army.",
            En,
            "the army",
        ),
        (
            "Quinze [civils](civilians:civilians) ont été tués [dimanche](=2024-03-10) près de [Bandiagara](@ML), a-t-on appris [lundi](=2024-03-11) de sources locales et sécuritaires.",
            Fr,
            "de sources locales et sécuritaires",
        ),
    ];
    for (text, lang, want) in cases {
        let e = only_event(text, lang).unwrap();
        assert_eq!(
            e.attribution.map(|a| a.text).as_deref(),
            Some(want),
            "{text}"
        );
    }
    // "qui affirme" speaks for the group it follows, past an apposition.
    let text = "L'attaque a été revendiquée par le [GSIM](jnim:jihadist_group), lié à [Al-Qaïda](al_qaeda:jihadist_group), qui affirme avoir tué cent soldats.";
    let rels = mark(text, Fr).relations();
    let r = rels
        .iter()
        .find(|r| show_relation(r) == "jnim affiliated_with al_qaeda")
        .unwrap_or_else(|| panic!("{rels:#?}"));
    let a = r.attribution.as_ref().expect("attribution");
    assert_eq!(
        a.actor.as_ref().map(|a| a.id.as_str()),
        Some("jnim"),
        "{a:?}"
    );
}

#[test]
fn a_date_of_another_clause_does_not_date_the_event() {
    // Published 2024-05-20: "novembre 2024" lies after it, with no cue of the future.
    let text = "[Le FLA](fla:rebel_group), qui regroupe depuis [novembre 2024](=>2024-11) les mouvements du nord, a revendiqué une embuscade contre [les FAMa](fama:state_force) près de [Tinzaouaten](@ML).";
    let e = only_event(text, Fr).unwrap();
    assert_eq!(e.date.source, DateSource::Document, "{:?}", e.date);
    assert_eq!(e.modality, Modality::Asserted);
    let text = "[JNIM](jnim:jihadist_group), which has controlled the area since [2019](=2019), attacked [the army](fama:state_force) near [Boni](@ML) on [Sunday](=2024-05-19).";
    let e = only_event(text, En).unwrap();
    assert_eq!(e.date.label.as_deref(), Some("2024-05-19"), "{:?}", e.date);
}

#[test]
fn a_written_year_after_publication_does_not_make_an_event_intended() {
    let e = only_event(
        "[JNIM](jnim:jihadist_group) attacked [the army](fama:state_force) near [Boni](@ML) in [June 2024](=>2024-06).",
        En,
    )
    .unwrap();
    assert_eq!(e.modality, Modality::Asserted);
    // A cue of the text still does.
    let events = mark(
        "[JNIM](jnim:jihadist_group) plans to attack [the army](fama:state_force) near [Boni](@ML) in [June 2024](=>2024-06).",
        En,
    )
    .events();
    assert!(
        events.iter().all(|e| e.modality == Modality::Intended),
        "{events:#?}"
    );
}

#[test]
fn we_in_a_quotation_speaks_for_the_quoted_group() {
    let cases = [
        (
            "[Attaye Ag Mohamed](attaye:person) of [the CSP](csp:rebel_group) spoke to reporters on [Monday](=2024-05-13).\n“We do not trust [the junta](gov_mali:government). We remain open to dialogue, but we do not seek it.”",
            En,
            "csp negotiating_with gov_mali (negative)",
        ),
        (
            "[Attaye Ag Mohamed](attaye:person) of [the CSP](csp:rebel_group) spoke to reporters on [Monday](=2024-05-13).\n“We do not trust [the junta](gov_mali:government). We remain open to dialogue.”",
            En,
            "csp negotiating_with gov_mali",
        ),
        (
            "[Le FLA](fla:rebel_group) a répondu [lundi](=2024-05-13) aux journalistes.\n« Nous ne faisons pas confiance à [la junte](gov_mali:government). Nous restons ouverts au dialogue, mais nous ne le demandons pas. »",
            Fr,
            "fla negotiating_with gov_mali (negative)",
        ),
    ];
    for (text, lang, want) in cases {
        let rels: Vec<String> = mark(text, lang)
            .relations()
            .iter()
            .map(show_relation)
            .collect();
        assert!(
            rels.iter().any(|r| r == want),
            "{text}\n  want {want}\n  got {rels:?}"
        );
    }
    // Outside a quotation "we" is the writer's: no party is read for it.
    let text = "[Attaye Ag Mohamed](attaye:person) of [the CSP](csp:rebel_group) spoke on [Monday](=2024-05-13). [The junta](gov_mali:government) did not reply.\nAs an editorial board, we remain open to dialogue.";
    let rels: Vec<String> = mark(text, En)
        .relations()
        .iter()
        .map(show_relation)
        .collect();
    assert!(
        !rels.iter().any(|r| r.contains("negotiating_with")),
        "{rels:?}"
    );
}

#[test]
fn the_second_side_of_between_may_follow_an_apposition_of_the_first() {
    let cases = [
        (
            "Observers speculate about a possible alliance between [the Support Group for Islam and Muslims](jnim:jihadist_group) ([GSIM](jnim:jihadist_group)), the jihadist alliance led by [Iyad Ag Ghaly](iyad:person) and affiliated with [al-Qaeda](al_qaeda:jihadist_group), and [armed groups of the north](cma:rebel_group).",
            En,
        ),
        (
            "Des rumeurs évoquent une possible alliance entre [le GSIM](jnim:jihadist_group), la coalition jihadiste affiliée à [Al-Qaïda](al_qaeda:jihadist_group), et [des groupes armés du nord](cma:rebel_group).",
            Fr,
        ),
    ];
    for (text, lang) in cases {
        let rels: Vec<String> = mark(text, lang)
            .relations()
            .iter()
            .map(show_relation)
            .collect();
        assert!(
            rels.contains(&"jnim allied_with cma (speculative)".to_string()),
            "{text}\n{rels:?}"
        );
        assert!(
            rels.contains(&"jnim affiliated_with al_qaeda".to_string()),
            "{text}\n{rels:?}"
        );
        // ", and" closes the apposition: the northern groups are not affiliated with JNIM.
        assert!(
            !rels
                .iter()
                .any(|r| r.starts_with("jnim affiliated_with cma")),
            "{text}\n{rels:?}"
        );
    }
}

//! Stage tests for the relation stage, on news sentences of our own in English and French:
//! every predicate, with asserted, intended, speculative and negative variants, attribution,
//! dates, coordination and the relations events imply. Mentions are marked inline (see
//! `facts_support`), so these tests check the relation rules alone.

mod facts_support;

use facts_support::{mark, show_relation};
use faultline_model::Lang;
use faultline_model::fact::{DateSource, Predicate};

use Lang::{En, Fr};

/// (sentence, language, relations that must come out, rendered by `show_relation`).
const CASES: &[(&str, Lang, &[&str])] = &[
    // member_of
    (
        "[Katiba Macina](katiba_macina:jihadist_group), a member of [JNIM](jnim:jihadist_group), claimed the attack.",
        En,
        &["katiba_macina member_of jnim"],
    ),
    (
        "The [CSP](csp:rebel_group), which brings together the [CMA](cma:rebel_group) and the [Platform](platform:militia), met in Kidal.",
        En,
        &["cma member_of csp", "platform member_of csp"],
    ),
    (
        "Le [CSP](csp:rebel_group) regroupe la [CMA](cma:rebel_group) et la [Plateforme](platform:militia).",
        Fr,
        &["cma member_of csp", "platform member_of csp"],
    ),
    (
        "[Attaye Ag Mohamed](attaye:person), membre du [CSP](csp:rebel_group), a répondu aux questions.",
        Fr,
        &["attaye member_of csp"],
    ),
    (
        "I agree, explains a [CSP](csp:rebel_group) executive from the [MAA](maa:rebel_group).",
        En,
        &["maa member_of csp"],
    ),
    // leader_of
    (
        "[Iyad Ag Ghaly](iyad:person), the leader of [JNIM](jnim:jihadist_group), met local notables.",
        En,
        &["iyad leader_of jnim"],
    ),
    (
        "The attack was claimed by [Katiba Macina](katiba_macina:jihadist_group), led by [Amadou Koufa](koufa:person).",
        En,
        &["koufa leader_of katiba_macina"],
    ),
    (
        "The leader of [JNIM](jnim:jihadist_group), [Iyad Ag Ghaly](iyad:person), did not comment.",
        En,
        &["iyad leader_of jnim"],
    ),
    (
        "[Iyad Ag Ghaly](iyad:person), chef du [JNIM](jnim:jihadist_group), a rencontré des notables.",
        Fr,
        &["iyad leader_of jnim"],
    ),
    (
        "La [katiba Macina](katiba_macina:jihadist_group), dirigée par [Amadou Koufa](koufa:person), a revendiqué l'attaque.",
        Fr,
        &["koufa leader_of katiba_macina"],
    ),
    (
        "[The junta](gov_mali:government), through its president [Assimi Goïta](goita:person), rejected the plan.",
        En,
        &["goita leader_of gov_mali"],
    ),
    // founder_of
    (
        "[Alghabass Ag Intalla](alghabass:person) is one of the founders of the [HCUA](hcua:rebel_group).",
        En,
        &["alghabass founder_of hcua"],
    ),
    (
        "[Iyad Ag Ghaly](iyad:person), fondateur d'[Ansar Dine](ansar_dine:jihadist_group), reste discret.",
        Fr,
        &["iyad founder_of ansar_dine"],
    ),
    // spokesperson_of
    (
        "[Mohamed Elmaouloud Ramadane](ramadane:person), spokesman for the [CSP](csp:rebel_group), explained the goals.",
        En,
        &["ramadane spokesperson_of csp"],
    ),
    (
        "[Mohamed Elmaouloud Ramadane](ramadane:person), porte-parole du [CSP](csp:rebel_group), a expliqué les objectifs.",
        Fr,
        &["ramadane spokesperson_of csp"],
    ),
    // split_from
    (
        "The [HCUA](hcua:rebel_group), a split from [Ansar Dine](ansar_dine:jihadist_group), was founded in 2013.",
        En,
        &["hcua split_from ansar_dine"],
    ),
    (
        "Le [MSA](msa:rebel_group), une dissidence du [MNLA](mnla:rebel_group), est actif à Ménaka.",
        Fr,
        &["msa split_from mnla"],
    ),
    // successor_of
    (
        "[Africa Corps](africa_corps:foreign_force), the successor to [Wagner](wagner:private_military), arrived in Bamako.",
        En,
        &["africa_corps successor_of wagner"],
    ),
    (
        "La [CMA](cma:rebel_group) a décidé de se transformer en [FLA](fla:rebel_group).",
        Fr,
        &["fla successor_of cma"],
    ),
    // affiliated_with
    (
        "[JNIM](jnim:jihadist_group), linked to [al-Qaeda](al_qaeda:jihadist_group), is active in central Mali.",
        En,
        &["jnim affiliated_with al_qaeda"],
    ),
    (
        "The [al-Qaeda](al_qaeda:jihadist_group)-linked [JNIM](jnim:jihadist_group) and the [Islamic State](is_sahel:jihadist_group) fight each other.",
        En,
        &["jnim affiliated_with al_qaeda"],
    ),
    (
        "L'[EIGS](is_sahel:jihadist_group), affilié à l'[État islamique](is:jihadist_group), multiplie les attaques.",
        Fr,
        &["is_sahel affiliated_with is"],
    ),
    (
        "The [Support Group for Islam and Muslims](jnim:jihadist_group), the jihadist alliance led by [Iyad Ag Ghaly](iyad:person) and affiliated with [al-Qaeda](al_qaeda:jihadist_group), is growing.",
        En,
        &["iyad leader_of jnim", "jnim affiliated_with al_qaeda"],
    ),
    (
        "[JNIM](jnim:jihadist_group), linked to [al-Qaeda](al_qaeda:jihadist_group) and a major rival to the [Islamic State](is_sahel:jihadist_group), recruits in the north.",
        En,
        &["jnim affiliated_with al_qaeda", "jnim rival_of is_sahel"],
    ),
    // allied_with
    (
        "[JNIM](jnim:jihadist_group) formed an alliance with the [CSP](csp:rebel_group) last year.",
        En,
        &["jnim allied_with csp"],
    ),
    (
        "Le [CSP](csp:rebel_group) a conclu une alliance avec le [JNIM](jnim:jihadist_group).",
        Fr,
        &["csp allied_with jnim"],
    ),
    (
        "[JNIM](jnim:jihadist_group) fighters fought alongside the [CSP](csp:rebel_group) near the border.",
        En,
        &["jnim allied_with csp"],
    ),
    // supports
    (
        "[FAMa](fama:state_force), backed by [Wagner mercenaries](wagner:private_military), patrolled the area.",
        En,
        &["wagner supports fama"],
    ),
    (
        "[The army](fama:state_force) and its [Russian allies](wagner:private_military) patrolled the area.",
        En,
        &["wagner supports fama"],
    ),
    (
        "Les [FAMa](fama:state_force), appuyés par les [mercenaires de Wagner](wagner:private_military), patrouillent.",
        Fr,
        &["wagner supports fama"],
    ),
    // non_aggression_pact
    (
        "The [CSP](csp:rebel_group) signed a non-aggression pact with [JNIM](jnim:jihadist_group).",
        En,
        &["csp non_aggression_pact jnim"],
    ),
    (
        "Le [CSP](csp:rebel_group) veut conclure un pacte de non-agression avec le [JNIM](jnim:jihadist_group).",
        Fr,
        &["csp non_aggression_pact jnim (intended)"],
    ),
    // negotiating_with
    (
        "[The government](gov_mali:government) opened talks with the [CMA](cma:rebel_group) in Algiers.",
        En,
        &["gov_mali negotiating_with cma"],
    ),
    (
        "[Le gouvernement](gov_mali:government) a entamé des négociations avec la [CMA](cma:rebel_group).",
        Fr,
        &["gov_mali negotiating_with cma"],
    ),
    (
        "The [CSP](csp:rebel_group) ruled out any talks with [the junta](gov_mali:government).",
        En,
        &["csp negotiating_with gov_mali (negative)"],
    ),
    (
        "Le [CSP](csp:rebel_group) refuse tout dialogue avec [la junte](gov_mali:government).",
        Fr,
        &["csp negotiating_with gov_mali (negative)"],
    ),
    // hostile_to
    (
        "[JNIM](jnim:jihadist_group) is fighting against the [Islamic State](is_sahel:jihadist_group) in Ménaka.",
        En,
        &["jnim hostile_to is_sahel"],
    ),
    (
        "Le [JNIM](jnim:jihadist_group) lutte contre l'[État islamique](is_sahel:jihadist_group) dans la région de Ménaka.",
        Fr,
        &["jnim hostile_to is_sahel"],
    ),
    (
        "The [CMA](cma:rebel_group), the [loyalist groups](platform:militia) and [JNIM](jnim:jihadist_group) are fighting against the [EIGS](is_sahel:jihadist_group).",
        En,
        &[
            "cma hostile_to is_sahel",
            "platform hostile_to is_sahel",
            "jnim hostile_to is_sahel",
        ],
    ),
    (
        "[Rebels](csp:rebel_group) and [jihadists](jnim:jihadist_group) share the same common enemy: [the army](fama:state_force).",
        En,
        &["csp hostile_to fama", "jnim hostile_to fama"],
    ),
    (
        "The conflict between [the Malian army](fama:state_force) and the [CSP](csp:rebel_group) persists.",
        En,
        &["fama hostile_to csp"],
    ),
    // rival_of
    (
        "[JNIM](jnim:jihadist_group) is a rival of the [Islamic State](is_sahel:jihadist_group).",
        En,
        &["jnim rival_of is_sahel"],
    ),
    (
        "Le [JNIM](jnim:jihadist_group), rival de l'[État islamique](is_sahel:jihadist_group), recrute.",
        Fr,
        &["jnim rival_of is_sahel"],
    ),
    // Modality and polarity.
    (
        "The rebels of the [CSP](csp:rebel_group), signatories of the agreement concluded with [the Malian state](gov_mali:government), want to establish a non-aggression pact with [JNIM](jnim:jihadist_group).",
        En,
        &["csp non_aggression_pact jnim (intended)"],
    ),
    (
        "The victory could be undermined by an alliance between the [CSP](csp:rebel_group) and the [GSIM](jnim:jihadist_group).",
        En,
        &["csp allied_with jnim (speculative)"],
    ),
    (
        "There is speculation about a possible alliance between the [CSP](csp:rebel_group) and [JNIM](jnim:jihadist_group).",
        En,
        &["csp allied_with jnim (speculative)"],
    ),
    (
        "Une alliance entre le [CSP](csp:rebel_group) et le [JNIM](jnim:jihadist_group) pourrait voir le jour.",
        Fr,
        &["csp allied_with jnim (speculative)"],
    ),
    (
        "We must avoid another fight between the [CSP](csp:rebel_group) and [JNIM](jnim:jihadist_group). It is not about forming an alliance, just avoiding being attacked.",
        En,
        &["csp allied_with jnim (negative)"],
    ),
    (
        "Le [CSP](csp:rebel_group) n'a jamais conclu d'alliance avec le [JNIM](jnim:jihadist_group).",
        Fr,
        &["csp allied_with jnim (negative)"],
    ),
];

#[test]
fn predicates_and_stances_in_both_languages() {
    let mut failures = Vec::new();
    for (text, lang, want) in CASES {
        let got: Vec<String> = mark(text, *lang)
            .relations()
            .iter()
            .map(show_relation)
            .collect();
        for w in *want {
            if !got.iter().any(|g| g == w) {
                failures.push(format!("{text}\n  want {w}\n  got  {got:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_predicate_has_cases_in_both_languages() {
    for p in Predicate::ALL {
        for lang in [En, Fr] {
            let covered = CASES.iter().any(|(_, l, want)| {
                *l == lang && want.iter().any(|w| w.split(' ').nth(1) == Some(p.as_str()))
            });
            // successor_of and founder_of are rarer in English news; every other predicate
            // must be tested in both languages.
            assert!(covered, "no {lang:?} case for {p}");
        }
    }
}

#[test]
fn no_relation_is_read_across_a_quote_or_onto_a_person() {
    for (text, lang) in [
        (
            "“We were all surprised by [Alghabass](alghabass:person)'s message,” confides a fighter from the [MNLA](mnla:rebel_group).",
            En,
        ),
        (
            "[JNIM](jnim:jihadist_group) militants prepared an attack against a camp, an officer said.",
            En,
        ),
    ] {
        let got: Vec<String> = mark(text, lang)
            .relations()
            .iter()
            .map(show_relation)
            .collect();
        assert!(got.is_empty(), "{text}\n{got:?}");
    }
}

#[test]
fn events_imply_hostility_on_their_date() {
    let m = mark(
        "On [5 April](=2024-04-05), [CSP](csp:rebel_group) fighters were ambushed by [JNIM](jnim:jihadist_group) near Léré.",
        En,
    );
    let relations = m.relations();
    let r = relations
        .iter()
        .find(|r| r.predicate == Predicate::HostileTo)
        .expect("hostile_to from the clash");
    assert_eq!(
        (r.subject.id.as_str(), r.object.id.as_str()),
        ("jnim", "csp")
    );
    assert_eq!(r.when.label.as_deref(), Some("2024-04-05"));
    assert_eq!(r.when.source, DateSource::Text);
    assert_eq!(r.evidence.rule, "relation:event:armed_clash");
    // A threatened attack establishes no hostility.
    let m = mark(
        "[JNIM](jnim:jihadist_group) threatened to attack the [CSP](csp:rebel_group).",
        En,
    );
    assert!(
        m.relations()
            .iter()
            .all(|r| r.predicate != Predicate::HostileTo || r.modality.as_str() != "asserted"),
        "{:?}",
        m.relations()
    );
}

#[test]
fn a_leader_acts_for_the_group_he_leads() {
    let m = mark(
        "[Alghabass Ag Intalla](alghabass:person), a leader of the [CSP](csp:rebel_group), began discussions with [JNIM](jnim:jihadist_group).",
        En,
    );
    let got: Vec<String> = m.relations().iter().map(show_relation).collect();
    assert!(
        got.contains(&"alghabass leader_of csp".to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&"csp negotiating_with jnim".to_string()),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|g| g.starts_with("alghabass negotiating_with")),
        "{got:?}"
    );
}

#[test]
fn a_demonstrative_role_refers_to_the_person_last_named() {
    let m = mark(
        "A voice message from [Alghabass Ag Intalla](alghabass:person) has been circulating since Friday. In it, this important leader of the [CSP](csp:rebel_group) asks his troops to be patient.",
        En,
    );
    let got: Vec<String> = m.relations().iter().map(show_relation).collect();
    assert!(
        got.contains(&"alghabass leader_of csp".to_string()),
        "{got:?}"
    );
}

#[test]
fn when_since_and_attribution() {
    let m = mark(
        "[JNIM](jnim:jihadist_group) has been allied with the [CSP](csp:rebel_group) since [2012](=2012), according to a local official.",
        En,
    );
    let relations = m.relations();
    let r = relations.first().expect("allied_with");
    assert_eq!(show_relation(r), "jnim allied_with csp");
    assert_eq!(r.since.and_then(|t| t.label()).as_deref(), Some("2012"));
    assert_eq!(
        r.when.source,
        DateSource::Document,
        "the bound does not date the evidence"
    );
    assert_eq!(r.when.label.as_deref(), Some("2024-05-20"));
    assert_eq!(
        r.attribution.as_ref().map(|a| a.text.as_str()),
        Some("a local official")
    );
    let fr = mark(
        "Selon [l'armée](fama:state_force), le [JNIM](jnim:jihadist_group) est lié à [al-Qaïda](al_qaeda:jihadist_group).",
        Fr,
    );
    let relations = fr.relations();
    let r = relations.first().expect("affiliated_with");
    let a = r.attribution.as_ref().expect("attribution");
    assert_eq!(a.text, "l'armée");
    assert_eq!(a.actor.as_ref().map(|x| x.id.as_str()), Some("fama"));
}

#[test]
fn the_json_shape_is_the_contract() {
    let m = mark(
        "[JNIM](jnim:jihadist_group), linked to [al-Qaeda](al_qaeda:jihadist_group), is active.",
        En,
    );
    let relations = m.relations();
    let json = serde_json::to_value(&relations[0]).unwrap();
    for key in [
        "subject",
        "predicate",
        "object",
        "modality",
        "polarity",
        "attribution",
        "when",
        "since",
        "until",
        "evidence",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["subject"]["id"], "jnim");
    assert_eq!(json["predicate"], "affiliated_with");
    assert_eq!(json["when"], "2024-05-20");
    assert!(json["since"].is_null());
    assert_eq!(json["evidence"]["start"], 0);
    let back: faultline_model::fact::Relation = serde_json::from_value(json).unwrap();
    assert_eq!(back, relations[0]);
}

/// Phrasings the cues were not written from.
const UNSEEN: &[(&str, Lang, &[&str])] = &[
    (
        "[Ansarul Islam](ansarul_islam:jihadist_group), which pledged allegiance to [JNIM](jnim:jihadist_group) in 2017, operates in northern Burkina Faso.",
        En,
        &["ansarul_islam affiliated_with jnim"],
    ),
    (
        "[Amadou Koufa](koufa:person), head of the [Katiba Macina](katiba_macina:jihadist_group), appeared in a new video.",
        En,
        &["koufa leader_of katiba_macina"],
    ),
    (
        "The [Islamic State Sahel Province](is_sahel:jihadist_group), formerly known as the [Islamic State in the Greater Sahara](isgs:jihadist_group), claimed the attack.",
        En,
        &["is_sahel successor_of isgs"],
    ),
    (
        "[JNIM](jnim:jihadist_group) and the [Islamic State](is_sahel:jihadist_group) have been at war in the region for years.",
        En,
        &["jnim hostile_to is_sahel"],
    ),
    (
        "Le [GATIA](gatia:militia), allié de la [Plateforme](platform:militia), contrôle la zone.",
        Fr,
        &["gatia allied_with platform"],
    ),
    (
        "Negotiations between [the government](gov_mali:government) and [JNIM](jnim:jihadist_group) are not on the agenda, the minister said.",
        En,
        &["gov_mali negotiating_with jnim (negative)"],
    ),
    (
        "[JNIM](jnim:jihadist_group) denies any link with [al-Qaeda](al_qaeda:jihadist_group).",
        En,
        &["jnim affiliated_with al_qaeda (negative)"],
    ),
    (
        "Le [MNLA](mnla:rebel_group), membre de la [CMA](cma:rebel_group), a rejeté l'accord.",
        Fr,
        &["mnla member_of cma"],
    ),
    (
        "Le [JNIM](jnim:jihadist_group) et l'[EIGS](is_sahel:jihadist_group) se disputent le contrôle de la région.",
        Fr,
        &["jnim rival_of is_sahel"],
    ),
    (
        "The [GATIA](gatia:militia) militia fights alongside [the army](fama:state_force) in the Ménaka region.",
        En,
        &["gatia allied_with fama"],
    ),
    (
        "[Russia](russia:foreign_force) supplies weapons to [the junta](gov_mali:government).",
        En,
        &["russia supports gov_mali"],
    ),
    (
        "[La Russie](russia:foreign_force) soutient [la junte](gov_mali:government) depuis [2021](=2021).",
        Fr,
        &["russia supports gov_mali"],
    ),
    (
        "Le [CSP](csp:rebel_group) pourrait s'allier avec le [JNIM](jnim:jihadist_group), selon des sources locales.",
        Fr,
        &["csp allied_with jnim (speculative)"],
    ),
    (
        "The [CSP](csp:rebel_group) plans to open talks with [the junta](gov_mali:government) next month.",
        En,
        &["csp negotiating_with gov_mali (intended)"],
    ),
];

#[test]
fn unseen_phrasings() {
    let mut failures = Vec::new();
    for (text, lang, want) in UNSEEN {
        let got: Vec<String> = mark(text, *lang)
            .relations()
            .iter()
            .map(show_relation)
            .collect();
        for w in *want {
            if !got.iter().any(|g| g == w) {
                failures.push(format!("{text}\n  want {w}\n  got  {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn joining_a_group_makes_a_member_but_not_the_group_of_an_unnamed_defector() {
    let m = mark(
        "[Katiba Serma](katiba_serma:jihadist_group) joined [JNIM](jnim:jihadist_group) in 2017.",
        En,
    );
    let got: Vec<String> = m.relations().iter().map(show_relation).collect();
    assert!(
        got.contains(&"katiba_serma member_of jnim".to_string()),
        "{got:?}"
    );
    let fr = mark(
        "Le [MSA](msa:rebel_group) s'est rallié au [CSP](csp:rebel_group) en 2023.",
        Fr,
    );
    let got: Vec<String> = fr.relations().iter().map(show_relation).collect();
    assert!(got.contains(&"msa member_of csp".to_string()), "{got:?}");
    let m = mark(
        "Last March, a commander of the [CSP](csp:rebel_group) joined [JNIM](jnim:jihadist_group).",
        En,
    );
    let got: Vec<String> = m.relations().iter().map(show_relation).collect();
    assert!(!got.iter().any(|g| g.contains("member_of")), "{got:?}");
}

#[test]
fn appositions_of_one_actor_all_describe_it() {
    let m = mark(
        "La zone est sous l'influence de la [katiba Macina](katiba_macina:jihadist_group), affiliée au [JNIM](jnim:jihadist_group), dirigée par [Amadou Koufa](koufa:person).",
        Fr,
    );
    let got: Vec<String> = m.relations().iter().map(show_relation).collect();
    assert!(
        got.contains(&"katiba_macina affiliated_with jnim".to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&"koufa leader_of katiba_macina".to_string()),
        "{got:?}"
    );
    assert!(
        !got.contains(&"koufa leader_of jnim".to_string()),
        "{got:?}"
    );
    // Not an apposition: the founders' group, then a description of that group.
    let m = mark(
        "[Alghabass Ag Intalla](alghabass:person) is one of the founders of the [HCUA](hcua:rebel_group), a split from [Ansar Dine](ansar_dine:jihadist_group).",
        En,
    );
    let got: Vec<String> = m.relations().iter().map(show_relation).collect();
    assert!(
        got.contains(&"hcua split_from ansar_dine".to_string()),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|g| g.starts_with("alghabass split_from")),
        "{got:?}"
    );
}

#[test]
fn a_pronoun_subject_speaks_of_the_group_named_before() {
    let m = mark(
        "However, the [CSP](csp:rebel_group) is not a homogeneous entity. It brings together the [MNLA](mnla:rebel_group) and the [HCUA](hcua:rebel_group).",
        En,
    );
    let got: Vec<String> = m.relations().iter().map(show_relation).collect();
    assert!(got.contains(&"mnla member_of csp".to_string()), "{got:?}");
    assert!(got.contains(&"hcua member_of csp".to_string()), "{got:?}");
    let fr = mark(
        "Le [JNIM](jnim:jihadist_group) recrute dans le nord. Il est lié à [al-Qaïda](al_qaeda:jihadist_group).",
        Fr,
    );
    let got: Vec<String> = fr.relations().iter().map(show_relation).collect();
    assert!(
        got.contains(&"jnim affiliated_with al_qaeda".to_string()),
        "{got:?}"
    );
}

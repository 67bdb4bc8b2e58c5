//! Stage tests for the event stage, on news and ACLED-note sentences of our own in English
//! and French: every supported event type, its actors, date, place and fatalities, and the
//! planned, threatened, speculative, denied and aggregate variants that must not come out
//! as plain events. Mentions are marked inline (see `facts_support`), so these tests check
//! the fact rules alone.

mod facts_support;

use facts_support::mark;
use faultline_model::Lang;
use faultline_model::fact::{DateSource, Event, Modality, Polarity};

/// One expected event: the only event of `text` with this stance must have these fields.
struct Case {
    text: &'static str,
    lang: Lang,
    sub: &'static str,
    actor1: Option<&'static str>,
    actor2: Option<&'static str>,
    modality: Modality,
    polarity: Polarity,
}

const fn case(
    text: &'static str,
    lang: Lang,
    sub: &'static str,
    actor1: Option<&'static str>,
    actor2: Option<&'static str>,
) -> Case {
    Case {
        text,
        lang,
        sub,
        actor1,
        actor2,
        modality: Modality::Asserted,
        polarity: Polarity::Positive,
    }
}

const fn stance(c: Case, modality: Modality, polarity: Polarity) -> Case {
    Case {
        modality,
        polarity,
        ..c
    }
}

use Lang::{En, Fr};

const CASES: &[Case] = &[
    // Violence against civilians: an attack whose victims are civilians (ACLED-note style).
    case(
        "On [28 January 2020](=2020-01-28), presumed [Katiba Macina](katiba_macina:jihadist_group) militants attacked the Dogon village of [Anagadia](@ML), and killed one civilian.",
        En,
        "Attack",
        Some("katiba_macina"),
        Some("civilians"),
    ),
    case(
        "Le [3 mai](=2024-05-03), des [jihadistes du JNIM](jnim:jihadist_group) ont attaqué le village de [Boni](@ML), tuant une vingtaine de civils.",
        Fr,
        "Attack",
        Some("jnim"),
        Some("civilians"),
    ),
    // An ambush between two armed groups is an armed clash; the agent of a passive starts it.
    case(
        "On [5 April](=2024-04-05), [CSP](csp:rebel_group) fighters were ambushed by [JNIM](jnim:jihadist_group) near [Léré](@ML).",
        En,
        "Armed clash",
        Some("jnim"),
        Some("csp"),
    ),
    case(
        "Des combattants du [CSP](csp:rebel_group) sont tombés dans une embuscade tendue par le [JNIM](jnim:jihadist_group) près de [Léré](@ML) le [5 avril](=2024-04-05).",
        Fr,
        "Armed clash",
        Some("jnim"),
        Some("csp"),
    ),
    case(
        "Heavy fighting between the [army](fama:state_force) and [JNIM](jnim:jihadist_group) was reported in [Djenné](@ML) on [2 May](=2024-05-02).",
        En,
        "Armed clash",
        Some("fama"),
        Some("jnim"),
    ),
    case(
        "De violents affrontements ont opposé les [FAMa](fama:state_force) au [JNIM](jnim:jihadist_group) à [Djenné](@ML) le [2 mai](=2024-05-02).",
        Fr,
        "Armed clash",
        Some("fama"),
        Some("jnim"),
    ),
    // Territory: government forces retaking a town, armed groups seizing one.
    case(
        "[Malian soldiers](fama:state_force), accompanied by [Wagner mercenaries](wagner:private_military), retook the town of [Anefis](@ML) from the [CSP](csp:rebel_group) on [8 October 2023](=2023-10-08).",
        En,
        "Government regains territory",
        Some("fama"),
        Some("csp"),
    ),
    case(
        "[L'armée malienne](fama:state_force), appuyée par ses [partenaires russes](wagner:private_military), a repris le contrôle de [Kidal](@ML) le [14 novembre 2023](=2023-11-14).",
        Fr,
        "Government regains territory",
        Some("fama"),
        None,
    ),
    case(
        "[JNIM](jnim:jihadist_group) fighters seized the town of [Boni](@ML) on [3 May](=2024-05-03).",
        En,
        "Non-state actor overtakes territory",
        Some("jnim"),
        None,
    ),
    case(
        "Le [JNIM](jnim:jihadist_group) s'est emparé de la localité de [Boulkessi](@ML) le [2 juin](=2024-06-02).",
        Fr,
        "Non-state actor overtakes territory",
        Some("jnim"),
        None,
    ),
    // Explosions and remote violence.
    case(
        "A drone strike by the [Malian army](fama:state_force) killed at least eight civilians in [Amasrakad](@ML) on [17 March](=2024-03-17).",
        En,
        "Air/drone strike",
        Some("fama"),
        None,
    ),
    case(
        "Une frappe de drone de [l'armée](fama:state_force) a tué au moins huit civils à [Amasrakad](@ML) le [17 mars](=2024-03-17).",
        Fr,
        "Air/drone strike",
        Some("fama"),
        None,
    ),
    case(
        "[JNIM](jnim:jihadist_group) militants shelled the [MINUSMA](minusma:igo) camp in [Tessalit](@ML) with mortars on [2 April](=2023-04-02).",
        En,
        "Shelling/artillery/missile attack",
        Some("jnim"),
        Some("minusma"),
    ),
    case(
        "Le [JNIM](jnim:jihadist_group) a tiré des obus sur le camp de [Tessalit](@ML) le [2 avril](=2023-04-02).",
        Fr,
        "Shelling/artillery/missile attack",
        Some("jnim"),
        None,
    ),
    case(
        "An improvised explosive device killed three [Malian soldiers](fama:state_force) near [Boni](@ML) on [12 June](=2024-06-12).",
        En,
        "Remote explosive/landmine/IED",
        Some("uag_mali"),
        Some("fama"),
    ),
    case(
        "Un engin explosif improvisé a tué deux soldats près de [Boni](@ML) le [12 juin](=2024-06-12).",
        Fr,
        "Remote explosive/landmine/IED",
        Some("uag_mali"),
        None,
    ),
    case(
        "[Islamic State](is_sahel:jihadist_group) militants carried out a suicide attack on an army checkpoint in [Gao](@ML) on [1 July](=2023-07-01).",
        En,
        "Suicide bomb",
        Some("is_sahel"),
        None,
    ),
    case(
        "Un kamikaze de l'[État islamique](is_sahel:jihadist_group) s'est fait exploser à [Gao](@ML) le [1er juillet](=2023-07-01).",
        Fr,
        "Suicide bomb",
        Some("is_sahel"),
        None,
    ),
    case(
        "Unidentified attackers threw a grenade into a bar in [Bamako](@ML) on [3 March](=2024-03-03).",
        En,
        "Grenade",
        Some("uag_mali"),
        None,
    ),
    // Abductions, sexual violence.
    case(
        "[Unidentified gunmen](unidentified:unidentified) kidnapped two aid workers in [Ménaka](@ML) on [10 February](=2024-02-10).",
        En,
        "Abduction/forced disappearance",
        Some("unidentified"),
        None,
    ),
    case(
        "Des hommes armés ont enlevé trois commerçants à [Ménaka](@ML) le [10 février](=2024-02-10).",
        Fr,
        "Abduction/forced disappearance",
        Some("uag_mali"),
        None,
    ),
    case(
        "Armed men raped three women in [Mopti](@ML) on [3 March](=2024-03-03).",
        En,
        "Sexual violence",
        Some("uag_mali"),
        Some("civilians"),
    ),
    // Demonstrations.
    case(
        "Hundreds of people protested in [Bamako](@ML) on [4 August](=2023-08-04) against the sanctions.",
        En,
        "Peaceful protest",
        None,
        None,
    ),
    case(
        "Des centaines de personnes ont manifesté à [Bamako](@ML) le [4 août](=2023-08-04).",
        Fr,
        "Peaceful protest",
        None,
        None,
    ),
    case(
        "Angry youths rioted in [Kati](@ML) on [1 May](=2023-05-01), burning a police station.",
        En,
        "Violent demonstration",
        None,
        None,
    ),
    case(
        "A mob lynched two suspected thieves in [Sikasso](@ML) on [1 June](=2024-06-01).",
        En,
        "Mob violence",
        None,
        None,
    ),
    // Strategic developments.
    case(
        "[FAMa](fama:state_force) soldiers arrested a local [JNIM](jnim:jihadist_group) commander in [Ségou](@ML) on [9 May](=2024-05-09).",
        En,
        "Arrests",
        Some("fama"),
        Some("jnim"),
    ),
    case(
        "Les [FAMa](fama:state_force) ont arrêté un chef du [JNIM](jnim:jihadist_group) à [Ségou](@ML) le [9 mai](=2024-05-09).",
        Fr,
        "Arrests",
        Some("fama"),
        Some("jnim"),
    ),
    case(
        "The [CMA](cma:rebel_group) and the [Platform](platform:militia) signed a ceasefire in [Algiers](@DZ) on [20 June 2015](=2015-06-20).",
        En,
        "Agreement",
        Some("cma"),
        None,
    ),
    case(
        "On [15 March](=2024-03-15), a [CSP](csp:rebel_group) commander defected to [JNIM](jnim:jihadist_group).",
        En,
        "Change to group/activity",
        Some("csp"),
        Some("jnim"),
    ),
    case(
        "Le [9 mars](=2024-03-09), un commandant du [CSP](csp:rebel_group) a rejoint le [JNIM](jnim:jihadist_group).",
        Fr,
        "Change to group/activity",
        Some("csp"),
        Some("jnim"),
    ),
    case(
        "[JNIM](jnim:jihadist_group) set up a base near [Léré](@ML) in [January 2024](=2024-01).",
        En,
        "Headquarters or base established",
        Some("jnim"),
        None,
    ),
    case(
        "[Malian troops](fama:state_force) withdrew from the camp of [Ber](@ML) on [13 August](=2023-08-13).",
        En,
        "Non-violent transfer of territory",
        Some("fama"),
        None,
    ),
    case(
        "[Malian soldiers](fama:state_force) defused an explosive device on the road to [Douentza](@ML) on [2 June](=2024-06-02).",
        En,
        "Disrupted weapons use",
        Some("fama"),
        None,
    ),
    case(
        "[JNIM](jnim:jihadist_group) fighters looted shops in [Diafarabé](@ML) on [5 May](=2024-05-05).",
        En,
        "Looting/property destruction",
        Some("jnim"),
        None,
    ),
    case(
        "Des éléments du [JNIM](jnim:jihadist_group) ont pillé le marché de [Diafarabé](@ML) le [5 mai](=2024-05-05).",
        Fr,
        "Looting/property destruction",
        Some("jnim"),
        None,
    ),
    case(
        "[The army](fama:state_force) seized power in [Bamako](@ML) on [18 August 2020](=2020-08-18).",
        En,
        "Other",
        Some("fama"),
        None,
    ),
    // Planned, threatened, possible and denied events keep their stance.
    stance(
        case(
            "[JNIM](jnim:jihadist_group) threatened to attack the town of [Boni](@ML).",
            En,
            "Armed clash",
            Some("jnim"),
            None,
        ),
        Modality::Intended,
        Polarity::Positive,
    ),
    stance(
        case(
            "Le [CSP](csp:rebel_group) menace d'attaquer les positions de l'armée à [Kidal](@ML).",
            Fr,
            "Armed clash",
            Some("csp"),
            None,
        ),
        Modality::Intended,
        Polarity::Positive,
    ),
    stance(
        case(
            "[Islamic State](is_sahel:jihadist_group) fighters could attack [Ménaka](@ML) in the coming days.",
            En,
            "Armed clash",
            Some("is_sahel"),
            None,
        ),
        Modality::Speculative,
        Polarity::Positive,
    ),
    stance(
        case(
            "Le [JNIM](jnim:jihadist_group) pourrait attaquer [Tombouctou](@ML) dans les prochains jours.",
            Fr,
            "Armed clash",
            Some("jnim"),
            None,
        ),
        Modality::Speculative,
        Polarity::Positive,
    ),
    stance(
        case(
            "The [CSP](csp:rebel_group) denied attacking the army camp in [Léré](@ML).",
            En,
            "Armed clash",
            Some("csp"),
            None,
        ),
        Modality::Asserted,
        Polarity::Negative,
    ),
    stance(
        case(
            "Le [CSP](csp:rebel_group) n'a jamais attaqué le camp de [Léré](@ML), selon son porte-parole.",
            Fr,
            "Armed clash",
            Some("csp"),
            None,
        ),
        Modality::Asserted,
        Polarity::Negative,
    ),
];

fn find<'a>(events: &'a [Event], c: &Case) -> Option<&'a Event> {
    events
        .iter()
        .find(|e| e.modality == c.modality && e.polarity == c.polarity)
}

#[test]
fn event_types_actors_and_stances() {
    let mut failures = Vec::new();
    for c in CASES {
        let m = mark(c.text, c.lang);
        let events = m.events();
        let Some(e) = find(&events, c) else {
            failures.push(format!(
                "{}\n  no {:?}/{:?} event in {events:#?}",
                c.text, c.modality, c.polarity
            ));
            continue;
        };
        let got = (
            e.sub_event_type.as_str(),
            e.actor1.as_ref().map(|a| a.id.as_str()),
            e.actor2.as_ref().map(|a| a.id.as_str()),
        );
        if got != (c.sub, c.actor1, c.actor2) {
            failures.push(format!(
                "{}\n  want {:?}\n  got  {got:?} [{}]",
                c.text,
                (c.sub, c.actor1, c.actor2),
                e.evidence.rule
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn every_event_type_is_covered_in_both_languages_where_news_use_it() {
    use std::collections::BTreeSet;
    let types: BTreeSet<String> = CASES
        .iter()
        .map(|c| {
            c.sub
                .parse::<faultline_model::fact::SubEventType>()
                .map(|s| s.event_type().as_str().to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(types.len(), 6, "{types:?}");
    for lang in [En, Fr] {
        assert!(CASES.iter().filter(|c| c.lang == lang).count() >= 15);
    }
}

#[test]
fn dates_places_and_evidence_come_from_the_sentence() {
    let m = mark(
        "The town was calm. On [5 April](=2024-04-05), [CSP](csp:rebel_group) fighters were ambushed by [JNIM](jnim:jihadist_group) near [Léré](@ML).",
        En,
    );
    let events = m.events();
    let [e] = events.as_slice() else {
        panic!("{events:#?}")
    };
    assert_eq!(e.date.label.as_deref(), Some("2024-04-05"));
    assert_eq!(e.date.acled_precision(), Some(1));
    assert_eq!(e.date.source, DateSource::Text);
    assert_eq!(e.location.as_ref().map(|l| l.name.as_str()), Some("Léré"));
    let sentence = &m.doc.text[e.evidence.start..e.evidence.end];
    assert_eq!(sentence, e.evidence.sentence);
    assert!(sentence.starts_with("On 5 April"), "{sentence}");
    assert!(
        e.evidence.rule.starts_with("event:clash"),
        "{}",
        e.evidence.rule
    );
}

#[test]
fn an_undated_event_takes_the_document_date_coarser_and_says_so() {
    let m = mark(
        "[JNIM](jnim:jihadist_group) fighters attacked an army post in [Boni](@ML).",
        En,
    );
    let events = m.events();
    let [e] = events.as_slice() else {
        panic!("{events:#?}")
    };
    assert_eq!(e.date.source, DateSource::Document);
    assert_eq!(e.date.label.as_deref(), Some("2024-05-20"));
    assert_eq!(
        e.date.acled_precision(),
        Some(2),
        "a day becomes the week before it"
    );
    let mut undated = mark(
        "[JNIM](jnim:jihadist_group) fighters attacked an army post in [Boni](@ML).",
        En,
    );
    undated.published = Default::default();
    let events = undated.events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].date.label, None, "no date is invented");
    assert_eq!(events[0].date.acled_precision(), None);
}

#[test]
fn a_place_can_come_from_the_paragraph() {
    let m = mark(
        "Fighting broke out near [Tessit](@ML) at dawn. [JNIM](jnim:jihadist_group) militants attacked an army convoy on [7 August](=2022-08-07).",
        En,
    );
    let events = m.events();
    let e = events
        .iter()
        .find(|e| e.actor1.as_ref().is_some_and(|a| a.id == "jnim"))
        .expect("the attack");
    assert_eq!(e.location.as_ref().map(|l| l.name.as_str()), Some("Tessit"));
}

#[test]
fn associated_actors_are_kept() {
    let m = mark(
        "[Malian soldiers](fama:state_force), accompanied by [Wagner mercenaries](wagner:private_military), retook the town of [Anefis](@ML) on [8 October 2023](=2023-10-08).",
        En,
    );
    let events = m.events();
    let assoc: Vec<&str> = events[0]
        .assoc_actors
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(assoc, ["wagner"]);
    let fr = mark(
        "Les [FAMa](fama:state_force) et leurs [alliés russes](wagner:private_military) sont entrés dans [Kidal](@ML) le [14 novembre 2023](=2023-11-14).",
        Fr,
    );
    let events = fr.events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(
        events[0].actor1.as_ref().map(|a| a.id.as_str()),
        Some("fama")
    );
    let assoc: Vec<&str> = events[0]
        .assoc_actors
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(assoc, ["wagner"]);
}

#[test]
fn aggregates_and_planned_trips_are_not_events() {
    for (text, lang) in [
        (
            "The [Islamic State](is_sahel:jihadist_group), which has killed several hundred civilians [over the past year](=~), is active in [Ménaka](@ML).",
            En,
        ),
        (
            "Le [JNIM](jnim:jihadist_group) a tué des centaines de civils depuis le début de l'année dans la région de [Mopti](@ML).",
            Fr,
        ),
        (
            "Repeated attacks by the [Islamic State](is_sahel:jihadist_group) have emptied villages around [Ménaka](@ML).",
            En,
        ),
        (
            "An international mission of good offices is due to go to [Kidal](@ML) on [Wednesday](=>2023-01-25).",
            En,
        ),
    ] {
        let events = mark(text, lang).events();
        let asserted: Vec<&Event> = events
            .iter()
            .filter(|e| e.modality == Modality::Asserted && e.polarity == Polarity::Positive)
            .collect();
        assert!(asserted.is_empty(), "{text}\n{asserted:#?}");
    }
}

#[test]
fn an_expected_merger_is_intended_and_dated_by_its_future_date() {
    let m = mark(
        "The [CMA](cma:rebel_group) is expected to announce its merger in [early February](=>2023-02).",
        En,
    );
    let events = m.events();
    let [e] = events.as_slice() else {
        panic!("{events:#?}")
    };
    assert_eq!(e.sub_event_type.as_str(), "Change to group/activity");
    assert_eq!(e.modality, Modality::Intended);
    assert_eq!(e.date.label.as_deref(), Some("2023-02"));
}

#[test]
fn one_takeover_is_one_event() {
    let m = mark(
        "[Malian forces](fama:state_force) captured [Kidal](@ML) on [14 November 2023](=2023-11-14). The capture of [Kidal](@ML) by [the army](fama:state_force) ended ten years of rebel control. [The junta](gov_mali:government) celebrated the recapture of [Kidal](@ML).",
        En,
    );
    let events = m.events();
    let takeovers: Vec<&Event> = events
        .iter()
        .filter(|e| e.sub_event_type.as_str() == "Government regains territory")
        .collect();
    assert_eq!(takeovers.len(), 1, "{takeovers:#?}");
    assert_eq!(takeovers[0].date.label.as_deref(), Some("2023-11-14"));
}

#[test]
fn attribution_names_the_source() {
    for (text, lang, want) in [
        (
            "[JNIM](jnim:jihadist_group) fighters attacked the village of [Boni](@ML) on [3 May](=2024-05-03), according to AFP.",
            En,
            "AFP",
        ),
        (
            "Le [JNIM](jnim:jihadist_group) a attaqué le village de [Boni](@ML) le [3 mai](=2024-05-03), selon l'armée.",
            Fr,
            "l'armée",
        ),
        (
            "[JNIM](jnim:jihadist_group) fighters attacked the village of [Boni](@ML) on [3 May](=2024-05-03), a Malian security source said.",
            En,
            "a Malian security source",
        ),
    ] {
        let events = mark(text, lang).events();
        let got = events
            .first()
            .and_then(|e| e.attribution.as_ref())
            .map(|a| a.text.clone());
        assert_eq!(got.as_deref(), Some(want), "{text}");
    }
}

/// Fatalities: (sentence, count, estimated).
const COUNTS: &[(&str, Lang, Option<u32>, bool)] = &[
    (
        "[JNIM](jnim:jihadist_group) attacked [Boni](@ML) on [3 May](=2024-05-03), killing 12 soldiers.",
        En,
        Some(12),
        false,
    ),
    (
        "[JNIM](jnim:jihadist_group) attacked [Boni](@ML) on [3 May](=2024-05-03); between 10 and 15 soldiers were killed.",
        En,
        Some(10),
        false,
    ),
    (
        "[JNIM](jnim:jihadist_group) attacked [Boni](@ML) on [3 May](=2024-05-03) and dozens of soldiers were killed.",
        En,
        Some(12),
        true,
    ),
    (
        "[JNIM](jnim:jihadist_group) attacked [Boni](@ML) on [3 May](=2024-05-03), leaving 20 wounded.",
        En,
        None,
        false,
    ),
    (
        "[JNIM](jnim:jihadist_group) attacked [Boni](@ML) on [3 May](=2024-05-03), leaving dozens of dead and wounded.",
        En,
        None,
        false,
    ),
    (
        "[JNIM](jnim:jihadist_group) clashed with the [CSP](csp:rebel_group) near [Léré](@ML) on [5 April](=2024-04-05), with twenty dead on each side.",
        En,
        Some(40),
        false,
    ),
    (
        "[JNIM](jnim:jihadist_group) attacked [Boni](@ML) on [3 May](=2024-05-03), killing 2,500 people.",
        En,
        Some(2500),
        false,
    ),
    (
        "[JNIM](jnim:jihadist_group) attacked [Boni](@ML) on [3 May](=2024-05-03); a soldier was killed.",
        En,
        Some(1),
        false,
    ),
    (
        "Le [JNIM](jnim:jihadist_group) a attaqué [Boni](@ML) le [3 mai](=2024-05-03), faisant une vingtaine de morts.",
        Fr,
        Some(20),
        true,
    ),
    (
        "Le [JNIM](jnim:jihadist_group) a attaqué [Boni](@ML) le [3 mai](=2024-05-03), faisant des dizaines de morts.",
        Fr,
        Some(12),
        true,
    ),
    (
        "Le [JNIM](jnim:jihadist_group) a attaqué [Boni](@ML) le [3 mai](=2024-05-03) : au moins 7 soldats ont été tués et 10 blessés.",
        Fr,
        Some(7),
        false,
    ),
    (
        "Les combats entre le [JNIM](jnim:jihadist_group) et le [CSP](csp:rebel_group) à [Léré](@ML) le [5 avril](=2024-04-05) ont fait une vingtaine de morts de part et d'autre.",
        Fr,
        Some(40),
        true,
    ),
    (
        "Le [JNIM](jnim:jihadist_group) a attaqué [Boni](@ML) le [3 mai](=2024-05-03), faisant plusieurs blessés.",
        Fr,
        None,
        false,
    ),
];

#[test]
fn fatalities_follow_acled_rules_in_both_languages() {
    let mut failures = Vec::new();
    for &(text, lang, count, estimated) in COUNTS {
        let events = mark(text, lang).events();
        let got = events
            .first()
            .map(|e| (e.fatalities, e.fatalities_estimated));
        if got != Some((count, estimated)) {
            failures.push(format!(
                "{text}\n  want {:?}\n  got  {got:?}",
                (count, estimated)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_toll_in_the_next_sentence_belongs_to_the_event_it_refers_to() {
    let m = mark(
        "On [5 April](=2024-04-05), the [CSP](csp:rebel_group) rebels were ambushed by [JNIM](jnim:jihadist_group). The fighting caused deaths on both sides – we are talking about twenty on each side.",
        En,
    );
    let events = m.events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].fatalities, Some(40));
}

#[test]
fn the_json_shape_is_the_contract() {
    let m = mark(
        "On [5 April](=2024-04-05), [CSP](csp:rebel_group) fighters were ambushed by [JNIM](jnim:jihadist_group) near [Léré](@ML), according to AFP.",
        En,
    );
    let events = m.events();
    let json = serde_json::to_value(&events[0]).unwrap();
    for key in [
        "event_type",
        "sub_event_type",
        "date",
        "time_precision",
        "actor1",
        "actor2",
        "assoc_actors",
        "location",
        "fatalities",
        "fatalities_estimated",
        "modality",
        "polarity",
        "attribution",
        "evidence",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["event_type"], "Battles");
    assert_eq!(json["sub_event_type"], "Armed clash");
    assert_eq!(json["date"], "2024-04-05");
    assert_eq!(json["time_precision"], 1);
    assert_eq!(json["actor1"]["id"], "jnim");
    assert_eq!(json["actor1"]["name"], "jnim");
    assert_eq!(json["location"]["name"], "Léré");
    assert_eq!(json["location"]["geo_precision"], 1);
    assert_eq!(json["modality"], "asserted");
    assert_eq!(json["polarity"], "positive");
    assert_eq!(json["attribution"], "AFP");
    assert!(json["fatalities"].is_null());
    for key in ["sentence", "start", "end"] {
        assert!(
            json["evidence"].get(key).is_some(),
            "missing evidence.{key}"
        );
    }
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(&back, &events[0], "round trip");
}

/// Phrasings the rules were not written from: (sentence, sub-event type, actor1, actor2,
/// fatalities).
#[allow(clippy::type_complexity)]
const UNSEEN: &[(&str, Lang, &str, Option<&str>, Option<&str>, Option<u32>)] = &[
    (
        "Gunmen on motorbikes killed 12 villagers in an attack on [Boura](@ML) on [5 June](=2024-06-05).",
        En,
        "Attack",
        Some("uag_mali"),
        Some("civilians"),
        Some(12),
    ),
    (
        "At least 20 soldiers were killed when [JNIM](jnim:jihadist_group) fighters stormed an army base in [Boulkessi](@ML) on [1 June](=2024-06-01).",
        En,
        "Armed clash",
        Some("jnim"),
        None,
        Some(20),
    ),
    (
        "Le [JNIM](jnim:jihadist_group) a revendiqué l'attaque du camp militaire de [Boulkessi](@ML) le [1er juin](=2024-06-01), qui a fait 20 morts parmi les soldats.",
        Fr,
        "Armed clash",
        Some("jnim"),
        None,
        Some(20),
    ),
    (
        "[The army](fama:state_force) said it had killed 30 terrorists in air strikes near [Nampala](@ML) on [3 May](=2024-05-03).",
        En,
        "Air/drone strike",
        Some("fama"),
        None,
        Some(30),
    ),
    (
        "[Wagner](wagner:private_military) fighters and [Malian soldiers](fama:state_force) executed dozens of civilians in [Moura](@ML) in [March 2022](=2022-03).",
        En,
        "Attack",
        Some("wagner"),
        Some("civilians"),
        Some(12),
    ),
    (
        "Two UN peacekeepers were killed when their vehicle hit a mine near [Aguelhok](@ML) on [8 May](=2024-05-08).",
        En,
        "Remote explosive/landmine/IED",
        Some("uag_mali"),
        None,
        Some(2),
    ),
    (
        "[JNIM](jnim:jihadist_group) and the [Islamic State](is_sahel:jihadist_group) clashed near [Ménaka](@ML) on [4 April](=2024-04-04), leaving dozens dead on both sides.",
        En,
        "Armed clash",
        Some("jnim"),
        Some("is_sahel"),
        Some(24),
    ),
    (
        "The [CSP](csp:rebel_group) announced on [10 June](=2024-06-10) that it had taken control of [Ber](@ML).",
        En,
        "Non-state actor overtakes territory",
        Some("csp"),
        None,
        None,
    ),
    (
        "Une attaque attribuée au [JNIM](jnim:jihadist_group) a fait au moins 15 morts parmi les civils à [Djibo](@BF) le [26 mai](=2024-05-26).",
        Fr,
        "Attack",
        Some("jnim"),
        Some("civilians"),
        Some(15),
    ),
    (
        "Il y a eu 3 morts et 10 blessés lors de l'attaque du poste de [Léré](@ML) par le [JNIM](jnim:jihadist_group) le [1er mars](=2024-03-01).",
        Fr,
        "Armed clash",
        Some("jnim"),
        None,
        Some(3),
    ),
    (
        "Des manifestants ont protesté à [Bamako](@ML) le [5 juin](=2024-06-05) contre la présence de la [MINUSMA](minusma:igo).",
        Fr,
        "Peaceful protest",
        None,
        None,
        None,
    ),
];

#[test]
fn unseen_phrasings() {
    let mut failures = Vec::new();
    for &(text, lang, sub, a1, a2, dead) in UNSEEN {
        let events = mark(text, lang).events();
        let got = events.first().map(|e| {
            (
                e.sub_event_type.as_str(),
                e.actor1.as_ref().map(|a| a.id.as_str()),
                e.actor2.as_ref().map(|a| a.id.as_str()),
                e.fatalities,
            )
        });
        if got != Some((sub, a1, a2, dead)) || events.len() != 1 {
            failures.push(format!(
                "{text}\n  want {:?}\n  got  {got:?} ({} events)",
                (sub, a1, a2, dead),
                events.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

mod odd_input {
    use faultline_engine::facts::{extract_events, extract_relations};
    use faultline_engine::sentences::split_sentences;
    use faultline_model::actor::{ActorRef, Mention, MentionHow};
    use faultline_model::time::Published;
    use faultline_model::{DocId, Document, Lang, Language, OffsetMap, SourceRef, Span};
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "attacked",
        "killed",
        "JNIM",
        "twenty",
        "on each side",
        "by",
        "the",
        "et",
        "tués",
        "–",
        "(",
        ")",
        "“",
        "”",
        ",",
        ".",
        "not",
        "could",
        "linked to",
        "between",
        "and",
        "its",
        "allies",
        "2,500",
        "dozens",
        "of",
        "dead and wounded",
        "é",
        "\n",
        "selon",
        "said",
        "-linked",
        "alliance",
        "porte-parole",
        "captured",
        "town",
    ];

    fn doc(text: String, sentences: Vec<Span>) -> Document {
        Document {
            id: DocId("odd".into()),
            source: SourceRef::default(),
            meta: Default::default(),
            raw: text.clone(),
            html: None,
            offsets: OffsetMap::identity(text.len()),
            text,
            removed: Vec::new(),
            language: Language {
                code: "en".into(),
                confidence: 1.0,
            },
            sentences,
            simhash: 0,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Any mix of cue words, with mentions anywhere (even out of range or reversed),
        /// gives facts whose evidence lies inside the text, and never a panic.
        #[test]
        fn stages_never_panic_and_evidence_stays_in_the_text(
            picks in proptest::collection::vec(0..WORDS.len(), 0..60),
            spans in proptest::collection::vec((0usize..400, 0usize..400), 0..12),
        ) {
            let text = picks.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
            let sentences = split_sentences(&text, Lang::En);
            let mentions: Vec<Mention> = spans
                .iter()
                .map(|&(s, e)| Mention {
                    text: String::new(),
                    start: s,
                    end: e,
                    actor: Some(ActorRef {
                        id: format!("a{}", s % 3),
                        name: "A".into(),
                        kind: if s % 2 == 0 { "person".into() } else { "rebel_group".into() },
                    }),
                    how: MentionHow::Alias,
                    resolution: None,
                    acronym: None,
                    role: None,
                })
                .collect();
            let d = doc(text, sentences);
            let packs = super::facts_support::packs();
            let published = Published::default();
            let events = extract_events(&d, &mentions, &[], &[], &published, packs);
            let relations = extract_relations(&d, &mentions, &[], &events, &published, packs);
            for ev in events.iter().map(|e| &e.evidence).chain(relations.iter().map(|r| &r.evidence)) {
                prop_assert!(ev.start <= ev.end && ev.end <= d.text.len());
                prop_assert_eq!(d.text.get(ev.start..ev.end), Some(ev.sentence.as_str()));
            }
            for e in &events {
                prop_assert!(e.date.label.is_none(), "no date without a document date");
            }
        }
    }
}

#[test]
fn a_negation_elsewhere_in_the_sentence_does_not_deny_the_event() {
    for (text, lang) in [
        (
            "Though no group claimed it, [JNIM](jnim:jihadist_group) fighters attacked the army post of [Boni](@ML) on [3 May](=2024-05-03).",
            En,
        ),
        (
            "Face à la menace, des [jihadistes du JNIM](jnim:jihadist_group) ont attaqué le poste de [Boni](@ML) le [3 mai](=2024-05-03).",
            Fr,
        ),
    ] {
        let events = mark(text, lang).events();
        assert_eq!(events.len(), 1, "{text}\n{events:#?}");
        assert_eq!(
            (events[0].modality, events[0].polarity),
            (Modality::Asserted, Polarity::Positive),
            "{text}"
        );
    }
}

#[test]
fn a_progressive_is_a_state_but_a_passive_perfect_is_an_event() {
    let state = mark(
        "[JNIM](jnim:jihadist_group) is fighting the [Islamic State](is_sahel:jihadist_group) around [Ménaka](@ML).",
        En,
    );
    assert!(state.events().is_empty(), "{:#?}", state.events());
    let event = mark(
        "Twelve soldiers have been killed by [JNIM](jnim:jihadist_group) near [Boni](@ML) on [3 May](=2024-05-03).",
        En,
    );
    let events = event.events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].fatalities, Some(12));
    assert_eq!(
        events[0].actor1.as_ref().map(|a| a.id.as_str()),
        Some("jnim")
    );
}

/// ACLED-note style reports: (text, sub-event type, actor1, actor2, associated, fatalities).
#[allow(clippy::type_complexity)]
const NOTES: &[(
    &str,
    Lang,
    &str,
    Option<&str>,
    Option<&str>,
    &[&str],
    Option<u32>,
)] = &[
    (
        "On [3 May 2024](=2024-05-03), [JNIM](jnim:jihadist_group) militants ambushed a [FAMa](fama:state_force) patrol near [Boni](@ML) (Douentza, Mopti). 5 soldiers were killed.",
        En,
        "Armed clash",
        Some("jnim"),
        Some("fama"),
        &[],
        Some(5),
    ),
    (
        "On [5 July 2024](=2024-07-05), [FAMa](fama:state_force) and [Wagner Group](wagner:private_military) forces conducted an airstrike on a [JNIM](jnim:jihadist_group) position near [Tinzaouaten](@ML), killing at least 10 militants.",
        En,
        "Air/drone strike",
        Some("fama"),
        Some("jnim"),
        &["wagner"],
        Some(10),
    ),
    (
        "Around [20 June 2024](=2024-06-20), clashes between [JNIM](jnim:jihadist_group) and [IS Sahel](is_sahel:jihadist_group) near [Menaka](@ML). Fatalities unknown.",
        En,
        "Armed clash",
        Some("jnim"),
        Some("is_sahel"),
        &[],
        None,
    ),
    (
        "On [10 May 2024](=2024-05-10), [JNIM](jnim:jihadist_group) militants burned down the market of [Dioura](@ML).",
        En,
        "Looting/property destruction",
        Some("jnim"),
        None,
        &[],
        None,
    ),
    (
        "On [1 April 2024](=2024-04-01), [FAMa](fama:state_force) arrested 3 suspected [JNIM](jnim:jihadist_group) members in [Segou](@ML) town.",
        En,
        "Arrests",
        Some("fama"),
        Some("jnim"),
        &[],
        None,
    ),
    (
        "Three civilians were killed and five injured when a bus hit an improvised explosive device on the road between [Boni](@ML) and [Hombori](@ML) on [6 May](=2024-05-06).",
        En,
        "Remote explosive/landmine/IED",
        Some("uag_mali"),
        None,
        &[],
        Some(3),
    ),
    (
        "Le [5 juillet](=2024-07-05), l'[armée](fama:state_force) a mené une frappe aérienne contre une position du [JNIM](jnim:jihadist_group) près de [Tinzaouaten](@ML), tuant au moins dix combattants.",
        Fr,
        "Air/drone strike",
        Some("fama"),
        Some("jnim"),
        &[],
        Some(10),
    ),
    (
        "Des affrontements ont éclaté le [20 juin](=2024-06-20) entre le [JNIM](jnim:jihadist_group) et l'[EIGS](is_sahel:jihadist_group) près de [Ménaka](@ML).",
        Fr,
        "Armed clash",
        Some("jnim"),
        Some("is_sahel"),
        &[],
        None,
    ),
    (
        "Les [FAMa](fama:state_force) ont neutralisé plusieurs terroristes lors d'une opération près de [Nara](@ML) le [3 mai](=2024-05-03).",
        Fr,
        "Armed clash",
        Some("fama"),
        None,
        &[],
        Some(10),
    ),
    (
        "Le [12 juin 2024](=2024-06-12), des individus armés non identifiés ont enlevé un élu local à [Tessit](@ML).",
        Fr,
        "Abduction/forced disappearance",
        Some("uag_mali"),
        None,
        &[],
        None,
    ),
];

#[test]
fn acled_note_style_reports() {
    let mut failures = Vec::new();
    for &(text, lang, sub, a1, a2, assoc, dead) in NOTES {
        let events = mark(text, lang).events();
        let got = events.first().map(|e| {
            (
                e.sub_event_type.as_str(),
                e.actor1.as_ref().map(|a| a.id.as_str()),
                e.actor2.as_ref().map(|a| a.id.as_str()),
                e.assoc_actors
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>(),
                e.fatalities,
            )
        });
        let want = (sub, a1, a2, assoc.to_vec(), dead);
        if got.as_ref() != Some(&want) || events.len() != 1 {
            failures.push(format!(
                "{text}\n  want {want:?}\n  got  {got:?} ({} events)",
                events.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The publication date: read from metadata, from the byline the cleaner lifts out, from a
//! byline or wire dateline at the top of the text, or inferred from the text's own dates;
//! never invented, never after `today`. Also the JSON shape the CLI prints.

use chrono::NaiveDate;
use faultline_engine::{Options, prepare};
use faultline_model::time::{Published, TimeMention};
use faultline_model::{Meta, SourceDoc};
use faultline_packs::time::TimeLexicon;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const BODY_EN: &str = "Armed men attacked a military post in the centre of the country, killing several soldiers, the army said in a statement.";

fn run(meta: Meta, raw: &str, options: &Options) -> (Published, Vec<TimeMention>) {
    let doc = prepare(SourceDoc {
        meta,
        raw: raw.to_string(),
        ..SourceDoc::default()
    });
    faultline_engine::time::normalize_dates(&doc, &TimeLexicon::embedded(), options)
}

fn today(s: &str) -> Options {
    Options {
        reference: None,
        today: Some(d(s)),
    }
}

/// (value, precision, source) as the CLI prints them.
fn shown(p: &Published) -> (String, String, String) {
    let json = serde_json::to_value(p).unwrap();
    let s = |k: &str| json[k].as_str().unwrap_or("null").to_string();
    (s("value"), s("precision"), s("source"))
}

#[test]
fn metadata_dates_in_their_common_shapes() {
    let cases = [
        ("2023-12-05", "2023-12-05"),
        ("2023-12-05T07:00:00+00:00", "2023-12-05"),
        ("2023-12-05T23:30:00-05:00", "2023-12-05"),
        ("Tue, 05 Dec 2023 07:00:00 GMT", "2023-12-05"),
        ("December 5, 2023", "2023-12-05"),
        ("5 décembre 2023", "2023-12-05"),
        ("05/12/2023", "2023-12-05"),
        ("mardi 5 décembre 2023 - 07:00", "2023-12-05"),
    ];
    let mut failures = Vec::new();
    for (meta, want) in cases {
        let (p, _) = run(
            Meta {
                published: Some(meta.into()),
                ..Meta::default()
            },
            BODY_EN,
            &today("2026-11-21"),
        );
        let got = shown(&p);
        if got != (want.to_string(), "day".into(), "metadata".into()) {
            failures.push(format!("{meta:?}: {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_metadata_date_after_today_is_refused_and_garbage_is_ignored() {
    for bad in [
        "2031-01-01",
        "not a date",
        "",
        "99/99/9999",
        "Updated 5 mins ago",
    ] {
        let (p, _) = run(
            Meta {
                published: Some(bad.into()),
                ..Meta::default()
            },
            BODY_EN,
            &today("2026-11-21"),
        );
        assert_eq!(shown(&p).2, "unknown", "{bad:?}");
    }
}

#[test]
fn bylines_are_read_whole_whatever_surrounds_the_date() {
    let cases = [
        (
            "D 5 décembre 2023     H 07:00     A Paul Martial     C 0 messages",
            "2023-12-05",
        ),
        ("Published on 12 March 2024", "2024-03-12"),
        ("Mis à jour le 3 février 2023 à 10h12", "2023-02-03"),
        (
            "By Jane Doe | Reuters | Updated Dec. 5, 2023 7:00 a.m.",
            "2023-12-05",
        ),
        (
            "Publié le 01/03/2024 à 18h05 • 3 min de lecture",
            "2024-03-01",
        ),
        ("BAMAKO, 12 mars (Reuters) -", "2026-03-12"),
    ];
    let mut failures = Vec::new();
    for (byline, want) in cases {
        let (p, _) = run(
            Meta {
                byline: Some(byline.into()),
                ..Meta::default()
            },
            BODY_EN,
            &today("2026-11-21"),
        );
        let got = shown(&p);
        if got != (want.to_string(), "day".into(), "byline".into()) {
            failures.push(format!("{byline:?}: {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_wire_dateline_at_the_top_of_the_text_gives_the_date_and_counts_relative_words() {
    let raw = "BAMAKO, 12 mars (Reuters) - L'armée malienne a annoncé hier la reprise de la ville après des combats qui ont duré plusieurs jours.";
    let (p, times) = run(
        Meta {
            language: Some("fr".into()),
            ..Meta::default()
        },
        raw,
        &today("2024-06-01"),
    );
    assert_eq!(
        shown(&p),
        ("2024-03-12".into(), "day".into(), "byline".into())
    );
    let hier = times.iter().find(|t| t.text == "hier").expect("hier");
    assert_eq!(hier.value().as_deref(), Some("2024-03-11"));
    let line = times
        .iter()
        .find(|t| t.text == "12 mars")
        .expect("dateline");
    assert_eq!(serde_json::to_value(line).unwrap()["role"], "dateline");
}

#[test]
fn a_dated_title_is_news_not_a_byline() {
    let raw = "Attack in Gao on 5 December 2023\nGunmen killed three soldiers at a checkpoint on the road to Ansongo, the army said in a statement on its website.";
    let (p, times) = run(Meta::default(), raw, &today("2026-11-21"));
    assert_eq!(shown(&p).2, "unknown");
    let title = times
        .iter()
        .find(|t| t.text == "on 5 December 2023")
        .unwrap();
    assert_eq!(
        title.event_date().and_then(|v| v.label()).as_deref(),
        Some("2023-12-05")
    );
}

#[test]
fn metadata_beats_the_byline_and_the_byline_beats_inference() {
    let raw = "The group said on Friday May 17 that it would join the talks, which are expected to start in early June in the capital.";
    let meta = Meta {
        published: Some("2019-05-20".into()),
        byline: Some("Published on 21 May 2019".into()),
        ..Meta::default()
    };
    let (p, times) = run(meta.clone(), raw, &today("2026-11-21"));
    assert_eq!(
        shown(&p),
        ("2019-05-20".into(), "day".into(), "metadata".into())
    );
    let friday = times.iter().find(|t| t.text.contains("May 17")).unwrap();
    assert_eq!(friday.value().as_deref(), Some("2019-05-17"));
    let (p, _) = run(
        Meta {
            published: None,
            ..meta
        },
        raw,
        &today("2026-11-21"),
    );
    assert_eq!(
        shown(&p),
        ("2019-05-21".into(), "day".into(), "byline".into())
    );
    let (p, _) = run(Meta::default(), raw, &today("2026-11-21"));
    assert_eq!(
        shown(&p),
        ("2024-05".into(), "month".into(), "inferred".into())
    );
}

#[test]
fn a_weekday_fixes_the_year_not_after_today_and_not_before_the_texts_past_years() {
    // Friday 17 May: 2013, 2019, 2024, 2030.
    let raw = "The rebels, signatories of the 2015 agreement, said on Friday, May 17 that they would not attack the army.";
    let cases = [
        ("2026-11-21", Some("2024-05")),
        ("2024-05-16", Some("2019-05")),
        ("2031-01-01", Some("2030-05")),
        ("2014-01-01", None), // 2013 is before the text's 2015
    ];
    for (t, want) in cases {
        let (p, _) = run(Meta::default(), raw, &today(t));
        let got = shown(&p);
        match want {
            Some(v) => assert_eq!(got, (v.into(), "month".into(), "inferred".into()), "{t}"),
            None => assert_eq!(got.2, "unknown", "{t}"),
        }
    }
    // Without a "today" there is no latest year to pick: nothing is invented.
    let (p, _) = run(Meta::default(), raw, &Options::default());
    assert_eq!(shown(&p).2, "unknown");
}

#[test]
fn an_explicit_past_date_and_an_expected_yearless_one_bound_the_publication() {
    let cases = [
        (
            "The groups suspended in December 2022 their participation; a merger is expected in early February.",
            ("2023-01", "month"),
        ),
        (
            "Les groupes ont suspendu leur participation en décembre 2022. La fusion est prévue début février.",
            ("2023-01", "month"),
        ),
        (
            "The army retook the town in August 2023 and elections are expected in November.",
            ("2023-09-01", "year"),
        ),
    ];
    for (raw, (value, precision)) in cases {
        let (p, _) = run(Meta::default(), raw, &today("2026-11-21"));
        let json = serde_json::to_value(&p).unwrap();
        let got = (
            json["value"].as_str().unwrap_or("null"),
            json["precision"].as_str().unwrap_or(""),
        );
        if precision == "year" {
            // Sep to Oct 2023 spans two quarters: only the year is certain.
            assert_eq!(got, ("2023", "year"), "{raw}");
            assert_eq!(json["from"], value, "{raw}");
        } else {
            assert_eq!(got, (value, precision), "{raw}");
        }
        assert_eq!(json["source"], "inferred");
    }
}

#[test]
fn no_date_is_invented_from_years_or_relative_words_alone() {
    for raw in [
        "The rebels fought for independence in 2012 and signed the 2015 peace agreement.",
        "Three weeks ago the minister spoke before the Security Council; the groups meet this Monday.",
        "Over the past year the Islamic State group killed several hundred civilians.",
        "Le groupe a été fondé en 2012 et combat depuis plusieurs mois.",
    ] {
        let (p, times) = run(Meta::default(), raw, &today("2026-11-21"));
        assert_eq!(shown(&p).2, "unknown", "{raw}");
        assert!(p.date().is_none());
        for t in &times {
            let relative = !t.text.chars().any(|c| c.is_ascii_digit());
            if relative {
                assert!(
                    t.value().is_none(),
                    "{raw}: {:?} placed without a reference",
                    t.text
                );
            }
        }
    }
}

#[test]
fn the_callers_reference_places_relative_words_when_the_document_has_no_date() {
    let raw = "Three weeks ago the minister spoke before the Security Council; the groups meet this Monday in Algiers.";
    let options = Options {
        reference: Some(d("2023-12-05")),
        today: Some(d("2026-11-21")),
    };
    let (p, times) = run(Meta::default(), raw, &options);
    assert_eq!(
        shown(&p).2,
        "unknown",
        "a reference is not a publication date"
    );
    assert_eq!(p.reference, Some(d("2023-12-05")));
    let ago = times.iter().find(|t| t.text == "Three weeks ago").unwrap();
    assert_eq!(ago.value().as_deref(), Some("2023-11-14"));
}

#[test]
fn json_has_the_promised_shape() {
    let raw = "Soldiers entered Kidal a fortnight ago, after the 2015 peace agreement collapsed.";
    let (p, times) = run(
        Meta {
            published: Some("2023-12-05".into()),
            ..Meta::default()
        },
        raw,
        &today("2026-11-21"),
    );
    let pj = serde_json::to_value(&p).unwrap();
    for key in ["value", "precision", "source"] {
        assert!(pj.get(key).is_some(), "published lacks {key}: {pj}");
    }
    let tj = serde_json::to_value(&times).unwrap();
    let first = &tj[0];
    for key in ["text", "start", "end", "value", "precision", "direction"] {
        assert!(first.get(key).is_some(), "time lacks {key}: {first}");
    }
    assert_eq!(first["text"], "a fortnight ago");
    assert_eq!(first["value"], "2023-11-21");
    assert_eq!(first["precision"], "week");
    assert_eq!(first["direction"], "past");
    let (s, e) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&raw[s..e], "a fortnight ago");
    let back: Vec<TimeMention> = serde_json::from_value(tj).unwrap();
    assert_eq!(back, times);
    let back: Published = serde_json::from_value(pj).unwrap();
    assert_eq!(back, p);
    assert_eq!(
        times[1].event_date(),
        None,
        "a year used as a name dates no event"
    );
}

#[test]
fn a_title_case_dateline_dates_the_story_and_its_weekdays() {
    let cases = [
        (
            "Mopti, 8 juillet 2024 - Des hommes armés ont attaqué samedi le village de Sofara. Le 5 juillet, l'armée avait arrêté deux suspects.",
            "fr",
            "2024-07-08",
            [("samedi", "2024-07-06"), ("Le 5 juillet", "2024-07-05")],
        ),
        (
            "Gao, March 12, 2024 (Reuters) - Gunmen killed five civilians on Sunday near Ansongo. Yesterday, soldiers arrested three suspects.",
            "en",
            "2024-03-12",
            [("on Sunday", "2024-03-10"), ("Yesterday", "2024-03-11")],
        ),
    ];
    for (raw, lang, day, words) in cases {
        let (p, times) = run(
            Meta {
                language: Some(lang.into()),
                ..Meta::default()
            },
            raw,
            &today("2026-11-21"),
        );
        assert_eq!(
            shown(&p),
            (day.into(), "day".into(), "byline".into()),
            "{raw}"
        );
        for (text, value) in words {
            let t = times.iter().find(|t| t.text == text).expect(text);
            assert_eq!(t.value().as_deref(), Some(value), "{text} in {raw}");
        }
    }
}

#[test]
fn a_sentence_opening_with_a_title_case_place_and_a_date_is_not_a_dateline() {
    // No dash or bracket after the date: a sentence, not a wire dateline.
    let raw = "Mopti, 8 juillet 2024 : la ville a accueilli un forum sur la paix.\nLes participants ont réclamé le dialogue.";
    let (_, times) = run(Meta::default(), raw, &today("2026-11-21"));
    assert!(
        times
            .iter()
            .all(|t| serde_json::to_value(t).unwrap()["role"] != "dateline")
    );
}

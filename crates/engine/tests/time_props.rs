//! Property tests: the time stage never panics, whatever the text, metadata or byline, and
//! what it returns is well formed (spans on character boundaries that quote the text, ranges
//! in order, labels only for single-unit values).

use chrono::NaiveDate;
use faultline_engine::{Options, prepare};
use faultline_model::{Meta, SourceDoc};
use faultline_packs::time::TimeLexicon;
use proptest::prelude::*;

/// Text built from date-like pieces, so the grammar's paths are actually exercised, glued
/// with random strings including multi-byte characters.
fn datey_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("May".to_string()),
        Just("mai".to_string()),
        Just("décembre".to_string()),
        Just("Friday".to_string()),
        Just("vendredi".to_string()),
        Just("last".to_string()),
        Just("il y a".to_string()),
        Just("ago".to_string()),
        Just("mi-".to_string()),
        Just("fin".to_string()),
        Just("the".to_string()),
        Just("de".to_string()),
        Just("2015".to_string()),
        Just("29".to_string()),
        Just("1er".to_string()),
        Just("-".to_string()),
        Just("/".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("’".to_string()),
        "[0-9]{1,5}",
        "\\PC{0,6}",
        "[a-zA-Zéèàç]{1,9}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

fn check(text: &str, published: Option<String>, byline: Option<String>, day: Option<NaiveDate>) {
    let doc = prepare(SourceDoc {
        meta: Meta {
            published,
            byline,
            ..Meta::default()
        },
        raw: text.to_string(),
        ..SourceDoc::default()
    });
    let options = Options {
        reference: day,
        today: day,
    };
    let (p, times) =
        faultline_engine::time::normalize_dates(&doc, &TimeLexicon::embedded(), &options);
    if let Some(t) = p.time {
        assert!(t.start <= t.end);
    }
    let mut last_end = 0;
    for t in &times {
        assert!(t.start < t.end && t.end <= doc.text.len(), "{t:?}");
        assert!(t.start >= last_end, "mentions overlap: {times:?}");
        last_end = t.end;
        assert_eq!(doc.text.get(t.start..t.end), Some(t.text.as_str()));
        if let Some(v) = t.time {
            assert!(v.start <= v.end, "{t:?}");
            if v.label().is_some() {
                assert!(v.is_single());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text_is_safe(text in "\\PC{0,300}") {
        check(&text, None, None, NaiveDate::from_ymd_opt(2024, 5, 20));
    }

    #[test]
    fn date_like_text_is_safe(
        text in datey_text(),
        published in proptest::option::of(datey_text()),
        byline in proptest::option::of(datey_text()),
        days in proptest::option::of(-40000i64..40000),
    ) {
        let day = days.and_then(|n| {
            NaiveDate::from_ymd_opt(2000, 1, 1)?.checked_add_signed(chrono::TimeDelta::days(n))
        });
        check(&text, published, byline, day);
    }
}

#[test]
fn extreme_dates_do_not_overflow() {
    for day in [NaiveDate::MIN, NaiveDate::MAX] {
        check(
            "Three weeks ago, last week, in two years, next March, on Monday, 31/12/2100, mid-1900.",
            Some("2100-12-31".into()),
            None,
            Some(day),
        );
    }
}

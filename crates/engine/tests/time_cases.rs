//! Table-driven checks of the time stage: every line of `fixtures/time/cases.txt` is a
//! news-style sentence in English or French with one bracketed expression, the reference
//! date it is read against, and the value, precision, direction and role expected. A
//! failure lists every failing case at once, so a rule change shows its whole effect.

use chrono::NaiveDate;
use faultline_engine::{Options, prepare};
use faultline_model::time::TimeMention;
use faultline_model::{Language, Meta, SourceDoc};
use faultline_packs::time::TimeLexicon;

const CASES: &str = include_str!("fixtures/time/cases.txt");

struct Case<'a> {
    line: usize,
    lang: &'a str,
    reference: NaiveDate,
    sentence: String,
    /// Byte range of the bracketed expression in `sentence`.
    expr: (usize, usize),
    value: &'a str,
    precision: &'a str,
    direction: &'a str,
    role: &'a str,
}

fn parse(line: usize, text: &str) -> Case<'_> {
    let cols: Vec<&str> = text.split(" | ").map(str::trim).collect();
    assert!(
        cols.len() == 6 || cols.len() == 7,
        "cases.txt:{line}: bad columns"
    );
    let marked = cols[2];
    let open = marked.find('[').expect("no [");
    let close = marked.find(']').expect("no ]");
    let sentence = format!(
        "{}{}{}",
        &marked[..open],
        &marked[open + 1..close],
        &marked[close + 1..]
    );
    Case {
        line,
        lang: cols[0],
        reference: NaiveDate::parse_from_str(cols[1], "%Y-%m-%d").expect("reference"),
        sentence,
        expr: (open, close - 1),
        value: cols[3],
        precision: cols[4],
        direction: cols[5],
        role: cols.get(6).copied().unwrap_or("date"),
    }
}

/// A first paragraph without dates, so the cleaner sees the case sentence as body text
/// rather than a lone byline or title line.
const LEAD: &str = "Our correspondents in the region spoke with several witnesses and officials, who asked not to be named for their safety.\n";

fn times(case: &Case<'_>) -> (String, Vec<TimeMention>) {
    let mut doc = prepare(SourceDoc {
        meta: Meta {
            language: Some(case.lang.to_string()),
            ..Meta::default()
        },
        raw: format!("{LEAD}{}", case.sentence),
        ..SourceDoc::default()
    });
    // Short sentences are too short to detect reliably; the table states the language.
    doc.language = Language {
        code: case.lang.to_string(),
        confidence: 1.0,
    };
    let options = Options {
        reference: Some(case.reference),
        today: Some(case.reference),
    };
    let (_, mut times) =
        faultline_engine::time::normalize_dates(&doc, &TimeLexicon::embedded(), &options);
    // Offsets relative to the case sentence.
    let shift = doc.text.find(&case.sentence).unwrap_or(0);
    times.retain(|t| t.start >= shift);
    for t in &mut times {
        t.start -= shift;
        t.end -= shift;
    }
    let text = doc.text.get(shift..).unwrap_or("").to_string();
    (text, times)
}

fn check(case: &Case<'_>) -> Result<(), String> {
    let (text, times) = times(case);
    if text != case.sentence {
        return Err(format!("the cleaner changed the sentence to {text:?}"));
    }
    let (start, end) = case.expr;
    let want_text = &case.sentence[start..end];
    let overlapping: Vec<&TimeMention> = times
        .iter()
        .filter(|t| t.start < end && start < t.end)
        .collect();
    let all = || {
        times
            .iter()
            .map(|t| format!("{:?}", t.text))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if case.value == "-" {
        return match overlapping.first() {
            None => Ok(()),
            Some(t) => Err(format!("false date {:?} (all: {})", t.text, all())),
        };
    }
    let Some(t) = overlapping.first() else {
        return Err(format!("{want_text:?} not found (found: {})", all()));
    };
    let json = serde_json::to_value(t).expect("serialise");
    let got = (
        t.text.as_str(),
        json["value"].as_str().unwrap_or("null"),
        json["precision"].as_str().unwrap_or(""),
        json["direction"].as_str().unwrap_or(""),
        json["role"].as_str().unwrap_or(""),
    );
    let want = (
        want_text,
        case.value,
        case.precision,
        case.direction,
        case.role,
    );
    if got == want {
        Ok(())
    } else {
        Err(format!("got {got:?}, want {want:?}"))
    }
}

#[test]
fn every_table_case_reads_as_expected() {
    let cases: Vec<Case<'_>> = CASES
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| parse(i + 1, l))
        .collect();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let langs = |l: &str| cases.iter().filter(|c| c.lang == l).count();
    assert!(
        langs("en") >= 60 && langs("fr") >= 60,
        "both languages need cases"
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            check(c)
                .err()
                .map(|e| format!("cases.txt:{} [{}] {}\n    {e}", c.line, c.lang, c.sentence))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

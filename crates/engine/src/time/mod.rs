//! The time stage: find the document's date expressions, settle its publication date, and
//! place every expression on the calendar with its ACLED precision and its direction (past,
//! expected, present).
//!
//! The publication date comes from, in order: the container's metadata, the byline the
//! cleaner lifted out, a byline or dateline line at the top of the text, and finally the
//! text's own dated expressions (`infer`). It is never invented: without evidence it stays
//! unknown, and relative expressions then count from the caller's `--reference` date or
//! stay unplaced. The stage reads no clock: `Options::today` bounds what can be inferred.

mod infer;
mod resolve;
mod scan;

use chrono::NaiveDate;
use faultline_model::time::{
    Direction, Precision, Published, PublishedSource, TimeMention, TimeRole, TimeValue,
};
use faultline_model::{Document, Lang};
use faultline_packs::time::{Shift, TimeLexicon, TokenClass};

use crate::Options;
use scan::{Form, Found, Scan};

/// Find and normalise the document's date expressions, and settle its publication date.
pub fn normalize_dates(
    doc: &Document,
    lexicon: &TimeLexicon,
    options: &Options,
) -> (Published, Vec<TimeMention>) {
    let lang = doc.language.lang();
    let scan = Scan::new(&doc.text, lexicon, lang);
    let mut found = scan.find_all();
    let cues: Vec<Option<Direction>> = found.iter().map(|f| scan.cue(f, lang)).collect();

    let mut published = Published::default();
    if let Some(v) = doc
        .meta
        .published
        .as_deref()
        .and_then(|s| read_date_line(s, lexicon, options))
    {
        published.time = Some(v);
        published.source = PublishedSource::Metadata;
    } else if let Some(v) = doc
        .meta
        .byline
        .as_deref()
        .and_then(|s| read_date_line(s, lexicon, options))
    {
        published.time = Some(v);
        published.source = PublishedSource::Byline;
    }
    if let Some((index, v)) = dateline(&scan, &found, options) {
        if let Some(f) = found.get_mut(index) {
            f.role = TimeRole::Dateline;
        }
        if published.time.is_none() {
            published.time = Some(v);
            published.source = PublishedSource::Byline;
        }
    }
    if published.time.is_none()
        && let Some(v) = infer::publication(&found, &cues, options.today)
    {
        published.time = Some(v);
        published.source = PublishedSource::Inferred;
    }

    // A stated publication date beats the caller's reference; the caller's reference
    // beats an inferred one, which is only ever month-precise.
    let usable = published
        .time
        .filter(|t| t.precision <= Precision::Month && t.is_single());
    let given = options.reference.map(TimeValue::day);
    let reference = match published.source {
        PublishedSource::Metadata | PublishedSource::Byline => usable.or(given),
        _ => given.or(usable),
    };
    published.reference = reference
        .filter(|r| r.precision == Precision::Day)
        .map(|r| r.start);

    let mentions = found
        .iter()
        .zip(&cues)
        .map(|(f, cue)| mention(&scan, f, *cue, reference))
        .collect();
    (published, mentions)
}

fn mention(
    scan: &Scan<'_>,
    f: &Found,
    cue: Option<Direction>,
    reference: Option<TimeValue>,
) -> TimeMention {
    let (start, end) = scan.bytes(f.first, f.last);
    let told = told_direction(&f.form);
    let reading = told.unwrap_or(cue.unwrap_or(Direction::Past));
    let time = resolve::resolve(&f.form, reading, reference);
    let direction = match f.role {
        TimeRole::Name | TimeRole::Duration => Direction::Past,
        TimeRole::Dateline => Direction::Present,
        TimeRole::Date => match (told, time, reference) {
            (Some(d), _, _) => d,
            (None, Some(v), Some(r)) if v.end < r.start => Direction::Past,
            (None, Some(v), Some(r)) if v.start > r.end => Direction::Future,
            _ => reading,
        },
    };
    TimeMention {
        text: scan.text.get(start..end).unwrap_or("").to_string(),
        start,
        end,
        time,
        direction,
        role: f.role,
        rule: f.rule.to_string(),
    }
}

/// The direction an expression states by itself ("last", "ago", "next", "today").
fn told_direction(form: &Form) -> Option<Direction> {
    let by_shift = |s: Option<Shift>| match s {
        Some(Shift::Last | Shift::Past | Shift::Ago) => Some(Direction::Past),
        Some(Shift::Next | Shift::In) => Some(Direction::Future),
        _ => None,
    };
    match *form {
        Form::Month { shift, .. } | Form::Weekday { shift, .. } => by_shift(shift),
        Form::UnitShift {
            shift: Shift::This,
            part: None,
            ..
        } => Some(Direction::Present),
        // "by the end of the year" may lie ahead or behind: the clause and the value tell.
        Form::UnitShift {
            shift: Shift::This, ..
        } => None,
        Form::UnitShift { shift, .. } => by_shift(Some(shift)),
        Form::DayOffset(k) => Some(match k.signum() {
            -1 => Direction::Past,
            1 => Direction::Future,
            _ => Direction::Present,
        }),
        Form::Count { back, .. } => Some(if back {
            Direction::Past
        } else {
            Direction::Future
        }),
        Form::Stretch { .. } => Some(Direction::Past),
        Form::Fixed(_) | Form::MonthDay { .. } => None,
    }
}

/// Read a publication date from a metadata value or a byline line: "2023-12-05T07:00:00Z",
/// "Tue, 05 Dec 2023 07:00:00 GMT", "D 5 décembre 2023 H 07:00 A Paul Martial C 0
/// messages", "Mis à jour le 3 février 2023 à 10h12". A date without a year takes the
/// latest year that keeps it on or before the reference (or today). Dates after today are
/// refused: nothing is published in the future, so such a value is a misreading.
fn read_date_line(line: &str, lexicon: &TimeLexicon, options: &Options) -> Option<TimeValue> {
    let scan = Scan::new(line, lexicon, Lang::Other);
    let found = scan.find_all();
    let value = found.iter().find_map(|f| date_of_line(f, options))?;
    not_after_today(value, options.today)
}

fn date_of_line(f: &Found, options: &Options) -> Option<TimeValue> {
    match f.form {
        Form::Fixed(v) if v.precision <= Precision::Month && v.is_single() => Some(v),
        Form::MonthDay { .. } => {
            let bound = options.reference.or(options.today)?;
            resolve::resolve(&f.form, Direction::Past, Some(TimeValue::day(bound)))
        }
        _ => None,
    }
}

fn not_after_today(v: TimeValue, today: Option<NaiveDate>) -> Option<TimeValue> {
    match today {
        Some(t) if v.start > t => None,
        _ => Some(v),
    }
}

/// A byline or dateline at the top of the text: a short line led by a date ("D 5 décembre
/// 2023 H 07:00 A Paul Martial", "Published on 12 March 2024"), or a wire dateline
/// ("BAMAKO, 12 mars (Reuters) -"). Returns the expression's index and its value.
fn dateline(scan: &Scan<'_>, found: &[Found], options: &Options) -> Option<(usize, TimeValue)> {
    const TOP_LINES: usize = 6;
    const TOP_BYTES: usize = 1500;
    let toks = &scan.toks;
    // Line number and first token of each line, for the first lines only.
    let mut line_starts = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.start > TOP_BYTES || line_starts.len() > TOP_LINES {
            break;
        }
        if i == 0 || t.line_break {
            line_starts.push(i);
        }
    }
    for (index, f) in found.iter().enumerate() {
        let Some(line) = line_starts.iter().rposition(|s| *s <= f.first) else {
            break;
        };
        if line >= TOP_LINES || toks.get(f.first).is_none_or(|t| t.start > TOP_BYTES) {
            break;
        }
        // Only a full day counts here: a month-precise date at the top is more often a
        // title's subject ("Mali: the December 2022 suspension") than a byline.
        let Some(value) = date_of_line(f, options).filter(|v| v.precision == Precision::Day) else {
            continue;
        };
        let line_start = line_starts.get(line).copied().unwrap_or(0);
        let line_end = toks
            .iter()
            .enumerate()
            .skip(f.last)
            .find(|(_, t)| t.line_break)
            .map_or(toks.len(), |(i, _)| i);
        let words = toks
            .get(line_start..line_end)
            .unwrap_or(&[])
            .iter()
            .filter(|t| t.class == TokenClass::Word)
            .count();
        let ends_sentence = line_end
            .checked_sub(1)
            .and_then(|l| toks.get(l))
            .is_some_and(|t| matches!(t.key.as_ref(), "." | "!" | "?"));
        // The first of several lines is the title's place: a date there is the news, not
        // the stamp ("Attack in Gao on 5 December 2023").
        let title_place = line == 0 && line_starts.len() > 1;
        let byline = words <= 14 && f.first - line_start <= 6 && !ends_sentence && !title_place;
        if byline || wire_dateline(scan, line_start, f) {
            return not_after_today(value, options.today).map(|v| (index, v));
        }
    }
    None
}

/// "BAMAKO, 12 mars (Reuters) -", "Mopti, 8 juillet 2024 - …": capitalised place words
/// and a comma before the date, a parenthesis or a dash after it. A place in title case
/// ("Mopti") counts as well as one in capitals: the comma, the full day and the dash that
/// follows are what make the line a dateline.
fn wire_dateline(scan: &Scan<'_>, line_start: usize, f: &Found) -> bool {
    let toks = &scan.toks;
    let before = toks.get(line_start..f.first).unwrap_or(&[]);
    let words_are = |capitals: bool| {
        before.iter().all(|t| {
            let raw = scan.text.get(t.start..t.end).unwrap_or("");
            match t.class {
                TokenClass::Word if capitals => raw.chars().all(|c| !c.is_lowercase()),
                TokenClass::Word => raw.chars().next().is_some_and(char::is_uppercase),
                _ => matches!(t.key.as_ref(), "," | "-" | "'"),
            }
        })
    };
    let place_ok = !before.is_empty()
        && before.len() <= 6
        && before.last().is_some_and(|t| t.key == ",")
        && words_are(false);
    let after = toks.get(f.last).map_or("", |t| t.key.as_ref());
    // A colon after a title-case place is a sentence ("Mopti, 8 juillet 2024 : la ville
    // a accueilli …"); after a place in capitals it is a wire's dateline.
    let after_ok = matches!(after, "(" | "-" | "–" | "—") || (after == ":" && words_are(true));
    place_ok && after_ok
}

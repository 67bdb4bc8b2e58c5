//! Inferring a publication date from the text's own dates, when neither metadata nor a
//! byline gives one.
//!
//! Two kinds of evidence are trusted, both of the kind journalists only write close to the
//! day they write: a weekday with a yearless date ("Friday May 17" fits only some years; the
//! latest one not after today and not before the text's other past years is taken), and a
//! yearless date expected in the future after an explicit past one ("suspended in December
//! 2022" … "expected in early February": written in between). Explicit years alone prove
//! nothing about when an article was written, so they never produce a date by themselves.
//! The result is never finer than a month, and never after `today`.

use chrono::{Datelike, NaiveDate};
use faultline_model::time::{Direction, Precision, TimeRole, TimeValue};
use faultline_packs::time::Shift;

use super::resolve::shift_days;
use super::scan::{Form, Found};

/// How far back a weekday-fitted year may go: beyond this the text is not news.
const MAX_YEARS_BACK: i32 = 40;

pub(super) fn publication(
    found: &[Found],
    cues: &[Option<Direction>],
    today: Option<NaiveDate>,
) -> Option<TimeValue> {
    let result = from_weekdays(found, cues, today).or_else(|| from_bounds(found, cues))?;
    match today {
        Some(t) if result.start > t => None,
        _ => Some(result),
    }
}

fn is_future(f: &Found, cue: Option<Direction>) -> bool {
    matches!(
        f.form,
        Form::Month {
            shift: Some(Shift::Next),
            ..
        }
    ) || cue == Some(Direction::Future)
}

/// "Friday May 17" in a text whose other past dates reach 2015, read on 2026-11-21: 2024.
fn from_weekdays(
    found: &[Found],
    cues: &[Option<Direction>],
    today: Option<NaiveDate>,
) -> Option<TimeValue> {
    let today = today?;
    let floor = found
        .iter()
        .zip(cues)
        .filter(|(f, cue)| f.role != TimeRole::Duration && !is_future(f, **cue))
        .filter_map(|(f, _)| match f.form {
            Form::Fixed(v) => Some(v.start.year()),
            _ => None,
        })
        .max()
        .unwrap_or(today.year() - MAX_YEARS_BACK)
        .max(today.year() - MAX_YEARS_BACK);
    let mut latest: Option<NaiveDate> = None;
    for (f, cue) in found.iter().zip(cues) {
        let Form::MonthDay {
            month,
            day,
            weekday: Some(weekday),
        } = f.form
        else {
            continue;
        };
        if is_future(f, *cue) {
            continue;
        }
        let fitted = (floor..=today.year()).rev().find_map(|y| {
            NaiveDate::from_ymd_opt(y, month, day)
                .filter(|d| *d <= today && d.weekday().number_from_monday() == weekday)
        });
        if let Some(d) = fitted {
            latest = latest.max(Some(d));
        }
    }
    let d = latest?;
    TimeValue::month(d.year(), d.month())
}

/// The gap between the latest explicit past date (at least month-precise) and the first
/// yearless date expected after it.
fn from_bounds(found: &[Found], cues: &[Option<Direction>]) -> Option<TimeValue> {
    let lower = found
        .iter()
        .zip(cues)
        .filter(|(f, cue)| f.role == TimeRole::Date && !is_future(f, **cue))
        .filter_map(|(f, _)| match f.form {
            Form::Fixed(v) if v.precision <= Precision::Month && v.is_single() => Some(v),
            _ => None,
        })
        .max_by_key(|v| v.end)?;
    let upper = found
        .iter()
        .zip(cues)
        .filter(|(f, cue)| f.role == TimeRole::Date && is_future(f, **cue))
        .filter_map(|(f, _)| first_after(&f.form, lower.end))
        .min()?;
    if (upper - lower.end).num_days() > 366 {
        return None;
    }
    let gap_start = shift_days(lower.end, 1)?;
    let gap_end = shift_days(upper, -1)?;
    if gap_start > gap_end {
        return TimeValue::month(lower.end.year(), lower.end.month());
    }
    let months = (gap_end.year() - gap_start.year()) * 12 + gap_end.month() as i32
        - gap_start.month() as i32;
    if months == 0 {
        return TimeValue::month(gap_start.year(), gap_start.month());
    }
    let precision = if gap_start.year() != gap_end.year() {
        return None;
    } else if gap_start.month0() / 3 == gap_end.month0() / 3 {
        Precision::Quarter
    } else {
        Precision::Year
    };
    Some(TimeValue {
        start: gap_start,
        end: gap_end,
        precision,
    })
}

/// The first start of a yearless month or day after `after`.
fn first_after(form: &Form, after: NaiveDate) -> Option<NaiveDate> {
    let (month, day) = match *form {
        Form::Month { month, .. } => (month, 1),
        Form::MonthDay { month, day, .. } => (month, day),
        _ => return None,
    };
    (0..8)
        .find_map(|k| NaiveDate::from_ymd_opt(after.year() + k, month, day).filter(|d| *d > after))
}

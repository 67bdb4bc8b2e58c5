//! Placing a scanned expression on the calendar, given the reference it counts from (the
//! publication date, else the caller's reference date) and the direction its clause points.
//!
//! Pure date arithmetic: it reads no text and never guesses a reference. An expression
//! finer than its reference ("yesterday" against a month-precise publication date) is
//! coarsened to the reference's month rather than given a false day; one that cannot be
//! placed gives None.

use chrono::{Datelike, Days, Months, NaiveDate, TimeDelta};
use faultline_model::time::{Direction, Precision, TimeValue};
use faultline_packs::time::{Shift, Unit};

use super::scan::{Form, narrow};

/// Where `form` falls, counted from `reference`, reading a yearless date in `direction`.
pub(super) fn resolve(
    form: &Form,
    direction: Direction,
    reference: Option<TimeValue>,
) -> Option<TimeValue> {
    if let Form::Fixed(v) = form {
        return Some(*v);
    }
    let r = reference.filter(|r| r.precision <= Precision::Month)?;
    let day_ref = (r.precision == Precision::Day).then_some(r.start);
    let future = direction == Direction::Future;
    match *form {
        Form::Fixed(v) => Some(v),
        Form::MonthDay { month, day, .. } => month_day(month, day, r, future).map(TimeValue::day),
        Form::Month { month, part, shift } => {
            let (ry, rm) = (r.start.year(), r.start.month());
            let year = match shift {
                Some(Shift::Last) => {
                    if month < rm {
                        ry
                    } else {
                        ry - 1
                    }
                }
                Some(Shift::Next) => {
                    if month > rm {
                        ry
                    } else {
                        ry + 1
                    }
                }
                Some(Shift::This) => ry,
                _ if future => {
                    if month >= rm {
                        ry
                    } else {
                        ry + 1
                    }
                }
                _ => {
                    if month <= r.end.month() {
                        ry
                    } else {
                        ry - 1
                    }
                }
            };
            Some(narrow(TimeValue::month(year, month)?, part))
        }
        Form::Weekday { weekday, shift } => {
            let Some(d) = day_ref else {
                return coarsen(r);
            };
            let back = match shift {
                Some(Shift::Last) => true,
                Some(Shift::Next) => false,
                _ => !future,
            };
            let strict = matches!(shift, Some(Shift::Last | Shift::Next));
            nearest_weekday(d, weekday, back, strict).map(TimeValue::day)
        }
        Form::DayOffset(k) => match day_ref {
            Some(d) => shift_days(d, i64::from(k)).map(TimeValue::day),
            None => coarsen(r),
        },
        Form::UnitShift { unit, shift, part } => {
            let offset: i32 = match shift {
                Shift::Last => -1,
                Shift::Next => 1,
                _ => 0,
            };
            unit_containing(unit, r, day_ref, offset).map(|v| narrow(v, part))
        }
        Form::Count { n, unit, back } => {
            let n = n?;
            let sign: i64 = if back { -1 } else { 1 };
            match unit {
                Unit::Day | Unit::Week | Unit::Fortnight => {
                    let days = i64::from(n) * unit_days(unit);
                    let Some(d) = day_ref else {
                        // A month-precise reference still places "two days ago" in its month.
                        return if days <= 7 { coarsen(r) } else { None };
                    };
                    let at = shift_days(d, sign * days)?;
                    Some(if unit == Unit::Day && n < 7 {
                        TimeValue::day(at)
                    } else {
                        TimeValue::week(at)
                    })
                }
                Unit::Month => {
                    let at = shift_months(r.start, sign * i64::from(n))?;
                    TimeValue::month(at.year(), at.month())
                }
                Unit::Quarter => {
                    let at = shift_months(r.start, sign * 3 * i64::from(n))?;
                    TimeValue::quarter(at.year(), at.month0() / 3 + 1)
                }
                Unit::Year => TimeValue::year(r.start.year() + sign as i32 * n as i32),
            }
        }
        Form::Stretch { n, unit } => {
            let n = i64::from(n?);
            let start = match unit {
                Unit::Day | Unit::Week | Unit::Fortnight => {
                    shift_days(r.start, -n * unit_days(unit))?
                }
                Unit::Month => shift_months(r.start, -n)?,
                Unit::Quarter => shift_months(r.start, -3 * n)?,
                Unit::Year => shift_months(r.start, -12 * n)?,
            };
            Some(TimeValue {
                start,
                end: r.end,
                precision: unit_precision(unit),
            })
        }
    }
}

/// A month-precise reference is all that can be said about a day near it.
fn coarsen(r: TimeValue) -> Option<TimeValue> {
    TimeValue::month(r.start.year(), r.start.month())
}

fn unit_days(unit: Unit) -> i64 {
    match unit {
        Unit::Day => 1,
        Unit::Week => 7,
        Unit::Fortnight => 14,
        Unit::Month => 30,
        Unit::Quarter => 91,
        Unit::Year => 365,
    }
}

fn unit_precision(unit: Unit) -> Precision {
    match unit {
        Unit::Day => Precision::Day,
        Unit::Week | Unit::Fortnight => Precision::Week,
        Unit::Month => Precision::Month,
        Unit::Quarter => Precision::Quarter,
        Unit::Year => Precision::Year,
    }
}

pub(super) fn shift_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(TimeDelta::try_days(days)?)
}

fn shift_months(d: NaiveDate, months: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    if months < 0 {
        d.checked_sub_months(m)
    } else {
        d.checked_add_months(m)
    }
}

/// The calendar unit holding the reference, moved by `offset` units ("last week" is -1).
fn unit_containing(
    unit: Unit,
    r: TimeValue,
    day_ref: Option<NaiveDate>,
    offset: i32,
) -> Option<TimeValue> {
    match unit {
        Unit::Day => match day_ref {
            Some(d) => shift_days(d, i64::from(offset)).map(TimeValue::day),
            None => coarsen(r),
        },
        Unit::Week | Unit::Fortnight => {
            let Some(d) = day_ref else {
                return if offset == 0 { coarsen(r) } else { None };
            };
            let monday = shift_days(d, -i64::from(d.weekday().num_days_from_monday()))?;
            shift_days(monday, 7 * i64::from(offset)).map(TimeValue::week)
        }
        Unit::Month => {
            let at = shift_months(r.start, i64::from(offset))?;
            TimeValue::month(at.year(), at.month())
        }
        Unit::Quarter => {
            let at = shift_months(r.start, 3 * i64::from(offset))?;
            TimeValue::quarter(at.year(), at.month0() / 3 + 1)
        }
        Unit::Year => TimeValue::year(r.start.year() + offset),
    }
}

/// The occurrence of a yearless month and day nearest the reference in the given
/// direction: the latest on or before its end, or the earliest on or after its start.
fn month_day(month: u32, day: u32, r: TimeValue, future: bool) -> Option<NaiveDate> {
    // Eight years always include a 29 February.
    for k in 0..8 {
        if future {
            let y = r.start.year() + k;
            if let Some(d) = NaiveDate::from_ymd_opt(y, month, day)
                && d >= r.start
            {
                return Some(d);
            }
        } else {
            let y = r.end.year() - k;
            if let Some(d) = NaiveDate::from_ymd_opt(y, month, day)
                && d <= r.end
            {
                return Some(d);
            }
        }
    }
    None
}

/// The nearest day with `weekday` (1 Monday .. 7 Sunday) before or after `d`, `d` itself
/// allowed unless `strict`.
fn nearest_weekday(d: NaiveDate, weekday: u32, back: bool, strict: bool) -> Option<NaiveDate> {
    let have = d.weekday().number_from_monday();
    let mut delta = if back {
        (7 + have - weekday) % 7
    } else {
        (7 + weekday - have) % 7
    };
    if delta == 0 && strict {
        delta = 7;
    }
    if back {
        d.checked_sub_days(Days::new(u64::from(delta)))
    } else {
        d.checked_add_days(Days::new(u64::from(delta)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekdays_count_back_or_forward_from_the_reference() {
        // 2023-12-05 is a Tuesday.
        let tue = d(2023, 12, 5);
        assert_eq!(nearest_weekday(tue, 1, true, false), Some(d(2023, 12, 4)));
        assert_eq!(nearest_weekday(tue, 2, true, false), Some(tue));
        assert_eq!(nearest_weekday(tue, 2, true, true), Some(d(2023, 11, 28)));
        assert_eq!(nearest_weekday(tue, 3, false, false), Some(d(2023, 12, 6)));
        assert_eq!(nearest_weekday(tue, 1, false, false), Some(d(2023, 12, 11)));
    }

    #[test]
    fn a_yearless_day_takes_the_year_its_direction_allows() {
        let r = TimeValue::day(d(2024, 2, 10));
        assert_eq!(month_day(12, 20, r, false), Some(d(2023, 12, 20)));
        assert_eq!(month_day(3, 1, r, true), Some(d(2024, 3, 1)));
        assert_eq!(
            month_day(2, 29, TimeValue::day(d(2023, 6, 1)), false),
            Some(d(2020, 2, 29))
        );
    }
}

//! Time values and time mentions: what the time stage found and what later stages use to
//! date events.
//!
//! A [`TimeValue`] is an interval of days plus the precision a reader can trust it to
//! (ACLED's `time_precision`). A [`TimeMention`] ties one to the span of text it came from,
//! with the direction the text gives it (past, expected, present) and whether it dates
//! something at all (a year used as a name, "the 2015 peace agreement", does not).
//! This module holds plain data and small date arithmetic only: no parsing of text.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// How precisely a value is known. Ordered from finest to coarsest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Unknown,
}

impl Precision {
    /// ACLED's `time_precision`: 1 for a day, 2 for a week, 3 for a month or anything vaguer.
    pub fn acled(self) -> u8 {
        match self {
            Precision::Day => 1,
            Precision::Week => 2,
            _ => 3,
        }
    }
}

/// Whether a mention dates something that happened, something expected, or the present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Past,
    Future,
    Present,
}

/// What a time mention is used for in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TimeRole {
    /// Dates something ("on April 5", "suspended in December 2022").
    #[default]
    Date,
    /// A year used as part of a name ("the 2015 peace agreement", "l'accord de 2015"): it
    /// tells when the named thing was made, and must not date the event of its sentence.
    Name,
    /// The publication line of the article (byline or dateline), not an event date.
    Dateline,
    /// A stretch of time ending at the reference ("over the past two months", "depuis
    /// plusieurs mois"): an aggregate, never the date of a single event.
    Duration,
}

/// A day interval with the precision it is known to.
///
/// Conventions: a day-precise value is one day; a week-precise value is the seven days
/// starting at `start` (so "a fortnight ago" names the day fourteen days back and the week
/// from it); month, quarter and year values cover their whole unit, or part of it for
/// "early"/"mid"/"late" while keeping the unit's precision. A value that spans more than one
/// unit of its precision (a duration) has no single label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeValue {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
}

impl TimeValue {
    pub fn day(date: NaiveDate) -> Self {
        TimeValue {
            start: date,
            end: date,
            precision: Precision::Day,
        }
    }

    /// The seven days starting at `start`.
    pub fn week(start: NaiveDate) -> Self {
        TimeValue {
            start,
            end: start.checked_add_days(Days::new(6)).unwrap_or(start),
            precision: Precision::Week,
        }
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let end = last_day_of_month(year, month)?;
        Some(TimeValue {
            start,
            end,
            precision: Precision::Month,
        })
    }

    /// Quarter 1 to 4 of `year`.
    pub fn quarter(year: i32, quarter: u32) -> Option<Self> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        let first = (quarter - 1) * 3 + 1;
        Some(TimeValue {
            start: NaiveDate::from_ymd_opt(year, first, 1)?,
            end: last_day_of_month(year, first + 2)?,
            precision: Precision::Quarter,
        })
    }

    pub fn year(year: i32) -> Option<Self> {
        Some(TimeValue {
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year, 12, 31)?,
            precision: Precision::Year,
        })
    }

    /// ACLED's `time_precision` (1 day, 2 week, 3 month or vaguer).
    pub fn acled_time_precision(&self) -> u8 {
        self.precision.acled()
    }

    /// Whether the value lies within one unit of its precision, so that it has a label.
    pub fn is_single(&self) -> bool {
        let (s, e) = (self.start, self.end);
        match self.precision {
            Precision::Day => s == e,
            Precision::Week => (e - s).num_days() <= 6,
            Precision::Month => s.year() == e.year() && s.month() == e.month(),
            Precision::Quarter => s.year() == e.year() && s.month0() / 3 == e.month0() / 3,
            Precision::Year => s.year() == e.year(),
            Precision::Unknown => false,
        }
    }

    /// `YYYY-MM-DD` (day, week: its first day), `YYYY-MM` (month, quarter: its first
    /// month) or `YYYY` (year); None for a duration or an unknown precision.
    pub fn label(&self) -> Option<String> {
        if !self.is_single() {
            return None;
        }
        let s = self.start;
        Some(match self.precision {
            Precision::Day | Precision::Week => iso_day(s),
            Precision::Month => {
                let mut day = iso_day(s);
                day.truncate(day.len().saturating_sub(3));
                day
            }
            Precision::Quarter => {
                format!("{:04}-{:02}", s.year(), s.month0() / 3 * 3 + 1)
            }
            Precision::Year => format!("{:04}", s.year()),
            Precision::Unknown => return None,
        })
    }

    /// Read a label back: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with the given precision.
    pub fn from_label(label: &str, precision: Precision) -> Option<Self> {
        let mut parts = label.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
        let day: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
        if parts.next().is_some() {
            return None;
        }
        match (precision, month, day) {
            (Precision::Day, Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(year, m, d).map(Self::day)
            }
            (Precision::Week, Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(year, m, d).map(Self::week)
            }
            (Precision::Month, Some(m), None) => Self::month(year, m),
            (Precision::Quarter, Some(m), None) if m >= 1 => Self::quarter(year, (m - 1) / 3 + 1),
            (Precision::Year, None, None) => Self::year(year),
            _ => None,
        }
    }

    /// Whether `date` falls inside the value.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// The last day of a month, or None for an impossible month.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month.checked_add(1)?)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// How the publication date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PublishedSource {
    /// The container said so (HTML meta tags, JSON-LD, JSONL `published`).
    Metadata,
    /// A byline or dateline line ("D 5 décembre 2023 H 07:00", "BAMAKO, 12 mars (Reuters) -").
    Byline,
    /// Bounded by the text's own dated expressions.
    Inferred,
    #[default]
    Unknown,
}

/// The document's publication date and how it was found. `Default` is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(into = "PublishedRepr", from = "PublishedRepr")]
pub struct Published {
    pub time: Option<TimeValue>,
    pub source: PublishedSource,
    /// The day relative expressions were counted from: the publication day, else the
    /// caller's reference date. Kept so a reader can check "last week" by hand.
    pub reference: Option<NaiveDate>,
}

impl Published {
    pub fn unknown() -> Self {
        Published::default()
    }

    /// The publication day when known at least to the month (a month-precise date gives
    /// its first day, a week-precise one its first day), for stages that need "the
    /// document's date". None when coarser or unknown.
    pub fn date(&self) -> Option<NaiveDate> {
        let t = self.time?;
        match t.precision {
            Precision::Day | Precision::Week | Precision::Month if t.is_single() => Some(t.start),
            _ => None,
        }
    }

    pub fn precision(&self) -> Precision {
        self.time.map_or(Precision::Unknown, |t| t.precision)
    }
}

#[derive(Serialize, Deserialize)]
struct PublishedRepr {
    value: Option<String>,
    precision: Precision,
    source: PublishedSource,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "iso_date::option"
    )]
    from: Option<NaiveDate>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "iso_date::option"
    )]
    to: Option<NaiveDate>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "iso_date::option"
    )]
    reference: Option<NaiveDate>,
}

impl From<Published> for PublishedRepr {
    fn from(p: Published) -> Self {
        PublishedRepr {
            value: p.time.and_then(|t| t.label()),
            precision: p.precision(),
            source: p.source,
            from: p.time.map(|t| t.start),
            to: p.time.map(|t| t.end),
            reference: p.reference,
        }
    }
}

impl From<PublishedRepr> for Published {
    fn from(r: PublishedRepr) -> Self {
        Published {
            time: value_from_repr(r.value.as_deref(), r.precision, r.from, r.to),
            source: r.source,
            reference: r.reference,
        }
    }
}

/// Rebuild a value from its serialised pieces: the explicit interval wins (it carries
/// "early"/"late" narrowing and durations), else the label.
fn value_from_repr(
    label: Option<&str>,
    precision: Precision,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Option<TimeValue> {
    match (from, to) {
        (Some(start), Some(end)) if start <= end && precision != Precision::Unknown => {
            Some(TimeValue {
                start,
                end,
                precision,
            })
        }
        _ => label.and_then(|l| TimeValue::from_label(l, precision)),
    }
}

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "MentionRepr")]
pub struct TimeMention {
    pub text: String,
    /// Byte offsets into the cleaned text.
    pub start: usize,
    pub end: usize,
    /// None when the expression could not be placed (a relative one without a reference).
    pub time: Option<TimeValue>,
    pub direction: Direction,
    pub role: TimeRole,
    /// The rule that produced the mention, for evidence ("month-day", "ago", …).
    pub rule: String,
}

impl TimeMention {
    pub fn precision(&self) -> Precision {
        self.time.map_or(Precision::Unknown, |t| t.precision)
    }

    /// The label (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) when the mention has a single value.
    pub fn value(&self) -> Option<String> {
        self.time.and_then(|t| t.label())
    }

    /// The value an event in the mention's sentence may be dated with: only dates that
    /// happened or are happening, never names, publication lines or durations.
    pub fn event_date(&self) -> Option<TimeValue> {
        match (self.role, self.direction) {
            (TimeRole::Date, Direction::Past | Direction::Present) => self.time,
            _ => None,
        }
    }
}

/// A time mention as JSON has it. Read into [`TimeMention`]; [`MentionOut`] writes the
/// same fields.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct MentionRepr {
    text: String,
    start: usize,
    end: usize,
    value: Option<String>,
    precision: Precision,
    direction: Direction,
    #[serde(default)]
    role: TimeRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<NaiveDate>,
    #[serde(default)]
    rule: String,
}

/// [`MentionRepr`] borrowed from a [`TimeMention`]: serialising through the owned repr
/// (`serde(into)`) cloned each mention's text and rule every time a record was written.
#[derive(Serialize)]
struct MentionOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    value: Option<String>,
    precision: Precision,
    direction: Direction,
    role: TimeRole,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "iso_date::option"
    )]
    from: Option<NaiveDate>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "iso_date::option"
    )]
    to: Option<NaiveDate>,
    rule: &'a str,
}

impl Serialize for TimeMention {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MentionOut {
            text: &self.text,
            start: self.start,
            end: self.end,
            value: self.value(),
            precision: self.precision(),
            direction: self.direction,
            role: self.role,
            from: self.time.map(|t| t.start),
            to: self.time.map(|t| t.end),
            rule: &self.rule,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
impl From<TimeMention> for MentionRepr {
    fn from(m: TimeMention) -> Self {
        MentionRepr {
            value: m.value(),
            precision: m.precision(),
            from: m.time.map(|t| t.start),
            to: m.time.map(|t| t.end),
            text: m.text,
            start: m.start,
            end: m.end,
            direction: m.direction,
            role: m.role,
            rule: m.rule,
        }
    }
}

impl From<MentionRepr> for TimeMention {
    fn from(r: MentionRepr) -> Self {
        TimeMention {
            time: value_from_repr(r.value.as_deref(), r.precision, r.from, r.to),
            text: r.text,
            start: r.start,
            end: r.end,
            direction: r.direction,
            role: r.role,
            rule: r.rule,
        }
    }
}

/// A day as `YYYY-MM-DD`, what chrono's `Display` writes, without its formatting
/// machinery: stores and records write several dates per fact, and chrono wrote each one a
/// character at a time. Years outside 0–9999, which chrono writes with a sign, go to chrono.
pub fn iso_day(d: NaiveDate) -> String {
    match iso_bytes(d) {
        Some(bytes) => bytes.iter().copied().map(char::from).collect(),
        None => d.to_string(),
    }
}

/// The ten ASCII bytes of `YYYY-MM-DD` for a year in 0–9999.
fn iso_bytes(d: NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let (month, day) = (d.month(), d.day());
    // Each value is a single decimal digit, so the casts cannot truncate.
    let digit = |n: u32| b'0' + (n % 10) as u8;
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

/// Serialisers for dates as [`iso_day`] writes them: the same strings chrono's `Serialize`
/// writes, for use with `serialize_with`.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::Serializer;

    pub fn day<S: Serializer>(d: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        match super::iso_bytes(*d) {
            Some(bytes) => serializer.serialize_str(std::str::from_utf8(&bytes).unwrap_or("")),
            None => serializer.collect_str(d),
        }
    }

    pub fn option<S: Serializer>(d: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => serializer.serialize_some(&Day(*d)),
            None => serializer.serialize_none(),
        }
    }

    struct Day(NaiveDate);

    impl serde::Serialize for Day {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            day(&self.0, serializer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast forms write what chrono writes, for every day of a few years and at the
    /// edges of the fast path.
    #[test]
    fn iso_days_are_chronos() {
        let mut days: Vec<NaiveDate> = (0..800)
            .filter_map(|i| d(2023, 1, 1).checked_add_days(Days::new(i)))
            .collect();
        for (y, m, day) in [
            (0, 1, 1),
            (9, 12, 31),
            (999, 6, 15),
            (9999, 12, 31),
            (10000, 1, 1),
        ] {
            days.push(d(y, m, day));
        }
        days.push(d(-1, 3, 4));
        for day in days {
            assert_eq!(iso_day(day), day.to_string());
            let mut ours = serde_json::Serializer::new(Vec::new());
            assert!(iso_date::day(&day, &mut ours).is_ok());
            assert_eq!(
                ours.into_inner(),
                serde_json::to_vec(&day).unwrap_or_default()
            );
            let month = TimeValue::month(day.year(), day.month());
            assert_eq!(
                month.and_then(|m| m.label()),
                month.map(|m| m.start.format("%Y-%m").to_string())
            );
        }
    }

    /// Time mentions are written through a borrowed form and read through the owned one:
    /// both write the same JSON, which reads back.
    #[test]
    fn time_mentions_write_what_their_owned_form_writes() {
        let placed = TimeMention {
            text: "le 17 mai".into(),
            start: 4,
            end: 13,
            time: Some(TimeValue::day(d(2024, 5, 17))),
            direction: Direction::Past,
            role: TimeRole::Date,
            rule: "day-month".into(),
        };
        let unplaced = TimeMention {
            time: None,
            ..placed.clone()
        };
        for m in [placed, unplaced] {
            let written = serde_json::to_string(&m).unwrap_or_default();
            let owned = serde_json::to_string(&MentionRepr::from(m.clone())).unwrap_or_default();
            assert_eq!(written, owned);
            assert_eq!(serde_json::from_str::<TimeMention>(&written).ok(), Some(m));
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn labels_follow_precision_and_durations_have_none() {
        let cases = [
            (TimeValue::day(d(2023, 12, 5)), Some("2023-12-05"), 1),
            (TimeValue::week(d(2023, 11, 21)), Some("2023-11-21"), 2),
            (TimeValue::month(2024, 2).unwrap(), Some("2024-02"), 3),
            (TimeValue::quarter(2024, 3).unwrap(), Some("2024-07"), 3),
            (TimeValue::year(2015).unwrap(), Some("2015"), 3),
            (
                TimeValue {
                    start: d(2023, 10, 5),
                    end: d(2023, 12, 5),
                    precision: Precision::Month,
                },
                None,
                3,
            ),
        ];
        for (value, label, acled) in cases {
            assert_eq!(value.label().as_deref(), label, "{value:?}");
            assert_eq!(value.acled_time_precision(), acled, "{value:?}");
        }
        assert_eq!(TimeValue::month(2024, 2).unwrap().end, d(2024, 2, 29));
        assert_eq!(TimeValue::month(2024, 13), None);
    }

    #[test]
    fn mention_round_trips_through_its_serialised_form() {
        let m = TimeMention {
            text: "early February".into(),
            start: 10,
            end: 24,
            time: Some(TimeValue {
                start: d(2023, 2, 1),
                end: d(2023, 2, 10),
                precision: Precision::Month,
            }),
            direction: Direction::Future,
            role: TimeRole::Date,
            rule: "part-month".into(),
        };
        let repr = MentionRepr::from(m.clone());
        assert_eq!(repr.value.as_deref(), Some("2023-02"));
        assert_eq!(TimeMention::from(repr), m);
        assert_eq!(m.event_date(), None, "an expected date dates no event");
        let p = Published {
            time: TimeValue::month(2024, 5),
            source: PublishedSource::Inferred,
            reference: None,
        };
        assert_eq!(p.date(), Some(d(2024, 5, 1)));
        assert_eq!(Published::from(PublishedRepr::from(p.clone())), p);
        assert_eq!(Published::default().date(), None);
        assert_eq!(
            TimeValue::from_label("2015", Precision::Year),
            TimeValue::year(2015)
        );
    }
}

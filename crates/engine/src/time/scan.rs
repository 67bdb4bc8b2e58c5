//! Finding date expressions: the text is cut into tokens, tokens are looked up in the date
//! lexicon, and a small hand-written grammar over the looked-up tokens recognises dates in
//! their written form ("Friday May 17", "il y a deux semaines", "late 2015").
//!
//! This module only says what was written (a month and day without a year, "last" plus a
//! unit, …); it never decides which calendar day that is. Resolving against a reference
//! date lives in `resolve`, so the same scan serves the publication-date search too.

use std::borrow::Cow;

use faultline_model::Lang;
use faultline_model::time::{Direction, TimeRole, TimeValue};
use faultline_packs::time::{
    Anchor, Cue, Part, Position, Shift, TimeLexicon, TimeWord, TokenClass, Unit, WordKind,
    fold_key, tokenize,
};

use chrono::NaiveDate;

/// A token of the scanned text.
#[derive(Debug, Clone)]
pub(super) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub class: TokenClass,
    /// A line break separates it from the previous token.
    pub line_break: bool,
    /// No space separates it from the previous token ("1er", "mi-mars", "2,500").
    pub glued: bool,
    pub cap: bool,
    /// The folded token: borrowed from the text when folding leaves it as it is.
    pub key: Cow<'a, str>,
}

/// What an expression says, before any reference date is applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Form {
    /// Complete in itself: a day, month, quarter or year with its year.
    Fixed(TimeValue),
    /// A day of a month without a year, maybe with its weekday ("Friday May 17").
    MonthDay {
        month: u32,
        day: u32,
        weekday: Option<u32>,
    },
    /// A month without a year ("last November", "early February", "en mars").
    Month {
        month: u32,
        part: Option<Part>,
        shift: Option<Shift>,
    },
    /// A weekday alone ("on Monday", "mardi dernier").
    Weekday { weekday: u32, shift: Option<Shift> },
    /// A day counted from the reference ("yesterday", "avant-hier").
    DayOffset(i32),
    /// The unit containing the reference, or the one before or after ("last week"), or
    /// part of it ("by the end of the year", "fin de l'année dernière").
    UnitShift {
        unit: Unit,
        shift: Shift,
        part: Option<Part>,
    },
    /// A count of units before or after the reference ("three weeks ago"); None is vague.
    Count {
        n: Option<u32>,
        unit: Unit,
        back: bool,
    },
    /// A stretch ending at the reference ("over the past two months"); None is vague.
    Stretch { n: Option<u32>, unit: Unit },
}

/// One expression found in the text.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// Token range, end exclusive.
    pub first: usize,
    pub last: usize,
    pub form: Form,
    pub role: TimeRole,
    pub rule: &'static str,
}

#[derive(Debug, Clone, Copy)]
struct Hit<'a> {
    last: usize,
    word: &'a TimeWord,
}

/// A month name found at a token, with where it ends and where the text goes on after an
/// abbreviation's full stop ("Dec. 5").
#[derive(Debug, Clone, Copy)]
struct MonthAt {
    month: u32,
    last: usize,
    next: usize,
}

pub(super) struct Scan<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    hits: Hits<'a>,
}

/// Lexicon hits by the token they start at, and by the token they end at (exclusive) for
/// looking backwards, each in one flat list with offsets per token: a vector per token
/// cost an allocation for every article, preposition and number word of a document.
struct Hits<'a> {
    /// Hits in the order they were found: by first token, then by length.
    by_first: Vec<Hit<'a>>,
    /// `by_first[from_first[i]..from_first[i + 1]]` start at token `i`.
    from_first: Vec<usize>,
    /// `(first token, hit)` by end token, in the order found within one end.
    by_end: Vec<(usize, Hit<'a>)>,
    /// `by_end[from_end[i]..from_end[i + 1]]` end at token `i`.
    from_end: Vec<usize>,
}

impl<'a> Hits<'a> {
    /// `found` holds `(first token, hit)` in the order found, for `n` tokens.
    fn new(n: usize, found: Vec<(usize, Hit<'a>)>) -> Self {
        let by_first: Vec<Hit<'a>> = found.iter().map(|(_, h)| *h).collect();
        let from_first = offsets(n, found.iter().map(|(first, _)| *first));
        let mut by_end = found;
        // Stable: hits ending at one token stay in the order they were found.
        by_end.sort_by_key(|(_, h)| h.last);
        let from_end = offsets(n + 1, by_end.iter().map(|(_, h)| h.last));
        Hits {
            by_first,
            from_first,
            by_end,
            from_end,
        }
    }

    /// Hits starting at token `i`; None past the last token.
    fn starting(&self, i: usize) -> Option<&[Hit<'a>]> {
        let (from, to) = (*self.from_first.get(i)?, *self.from_first.get(i + 1)?);
        self.by_first.get(from..to)
    }

    /// Hits ending just before token `i`, with their first token; None past the end.
    fn ending(&self, i: usize) -> Option<&[(usize, Hit<'a>)]> {
        let (from, to) = (*self.from_end.get(i)?, *self.from_end.get(i + 1)?);
        self.by_end.get(from..to)
    }
}

/// Offsets of the groups of a sorted list of group numbers below `groups`: group `g`
/// spans `offsets[g]..offsets[g + 1]`.
fn offsets(groups: usize, sorted: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::with_capacity(groups + 1);
    let mut at = 0;
    for g in sorted {
        while out.len() <= g.min(groups) {
            out.push(at);
        }
        at += 1;
    }
    while out.len() <= groups {
        out.push(at);
    }
    out
}

/// Whether an entry counts in a text of language `lang`. Month and weekday names cross
/// languages (a French byline inside an English page) but English ones must be capitalised,
/// which keeps "may" and "march" the verbs out; other words count only in their language.
fn accepts(word: &TimeWord, lang: Lang, cap: bool) -> bool {
    match word.kind {
        WordKind::Month(_) | WordKind::Weekday(_) => word.lang != Some(Lang::En) || cap,
        _ => lang == Lang::Other || word.lang.is_none() || word.lang == Some(lang),
    }
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str, lexicon: &'a TimeLexicon, lang: Lang) -> Self {
        let tokens = tokenize(text);
        // Sized once: a document has a thousand tokens, and growing by doubling copied
        // them over and over.
        let mut toks = Vec::with_capacity(tokens.len());
        let mut prev_end = None;
        for t in tokens {
            let raw = text.get(t.start..t.end).unwrap_or("");
            toks.push(Tok {
                start: t.start,
                end: t.end,
                class: t.class,
                line_break: t.line_break_before,
                glued: prev_end == Some(t.start),
                cap: raw.chars().next().is_some_and(char::is_uppercase),
                key: if t.class == TokenClass::Number {
                    Cow::Borrowed(raw)
                } else {
                    fold_key(raw)
                },
            });
            prev_end = Some(t.end);
        }
        let n = toks.len();
        // About one token in three is a lexicon word ("the", "in", "on", numbers).
        let mut found = Vec::with_capacity(n / 2);
        let max = lexicon.max_words().max(1);
        let mut key = String::new();
        for i in 0..n {
            if toks[i].class == TokenClass::Number {
                continue;
            }
            key.clear();
            for j in i..n.min(i + max) {
                if j > i {
                    if toks[j].line_break {
                        break;
                    }
                    key.push(' ');
                }
                key.push_str(&toks[j].key);
                let (words, continues) = lexicon.lookup_and_continues(&key);
                for word in words {
                    if accepts(word, lang, toks[i].cap) {
                        found.push((i, Hit { last: j + 1, word }));
                    }
                }
                // Most words start no phrase: lengthening their key and looking it up again
                // up to the longest phrase was most of this stage's time.
                if !continues {
                    break;
                }
            }
        }
        Scan {
            text,
            hits: Hits::new(n, found),
            toks,
        }
    }

    /// Byte span of a token range.
    pub fn bytes(&self, first: usize, last: usize) -> (usize, usize) {
        let start = self.toks.get(first).map_or(0, |t| t.start);
        let end = last
            .checked_sub(1)
            .and_then(|l| self.toks.get(l))
            .map_or(start, |t| t.end);
        (start, end.max(start))
    }

    /// Whether token `i` exists and continues the line of token `i - 1`.
    fn on_line(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.line_break)
    }

    fn key(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.key.as_ref())
    }

    fn is_punct(&self, i: usize, chars: &str) -> bool {
        self.on_line(i)
            && self
                .toks
                .get(i)
                .is_some_and(|t| t.class == TokenClass::Punct && chars.contains(t.key.as_ref()))
    }

    /// The longest entry of the wanted kind starting at `i`.
    fn find<T>(&self, i: usize, pick: impl Fn(WordKind) -> Option<T>) -> Option<(T, usize)> {
        let mut best: Option<(T, usize)> = None;
        for hit in self.hits.starting(i)? {
            if let Some(v) = pick(hit.word.kind)
                && best.as_ref().is_none_or(|(_, l)| hit.last > *l)
            {
                best = Some((v, hit.last));
            }
        }
        best
    }

    /// The longest entry of the wanted kind ending just before `i`, with its first token.
    fn find_before<T>(&self, i: usize, pick: impl Fn(WordKind) -> Option<T>) -> Option<(T, usize)> {
        if self.toks.get(i).is_some_and(|t| t.line_break) {
            return None;
        }
        let mut best: Option<(T, usize)> = None;
        for (first, hit) in self.hits.ending(i)? {
            if let Some(v) = pick(hit.word.kind)
                && best.as_ref().is_none_or(|(_, f)| first < f)
            {
                best = Some((v, *first));
            }
        }
        best
    }

    fn month(&self, i: usize) -> Option<MonthAt> {
        let (month, last) = self.find(i, |k| match k {
            WordKind::Month(m) => Some(m),
            _ => None,
        })?;
        let glued_dot = self.is_punct(last, ".") && self.toks.get(last).is_some_and(|t| t.glued);
        let next = if glued_dot { last + 1 } else { last };
        Some(MonthAt { month, last, next })
    }

    fn weekday(&self, i: usize) -> Option<(u32, usize)> {
        self.find(i, |k| match k {
            WordKind::Weekday(w) => Some(w),
            _ => None,
        })
    }

    fn anchor_before(&self, i: usize) -> Option<(Anchor, usize)> {
        self.find_before(i, |k| match k {
            WordKind::Anchor(a) => Some(a),
            _ => None,
        })
    }

    fn anchor_at(&self, i: usize) -> Option<(Anchor, usize)> {
        self.find(i, |k| match k {
            WordKind::Anchor(a) => Some(a),
            _ => None,
        })
    }

    fn modifier(&self, i: usize, position: Position) -> Option<(Shift, usize)> {
        self.find(i, |k| match k {
            WordKind::Modifier(s, p) if p == position => Some(s),
            _ => None,
        })
    }

    fn unit(&self, i: usize) -> Option<(Unit, bool, usize)> {
        let (unit, last) = self.find(i, |k| match k {
            WordKind::Unit(u) => Some(u),
            _ => None,
        })?;
        // "mois" is spelt the same in the plural; a number or "derniers" tells then.
        let word = self.key(last.saturating_sub(1));
        let plural = word.ends_with('s') && word != "mois";
        Some((unit, plural, last))
    }

    fn part(&self, i: usize) -> Option<(Part, usize)> {
        let (part, mut next) = self.find(i, |k| match k {
            WordKind::Part(p) => Some(p),
            _ => None,
        })?;
        if self.is_punct(next, "-‐‑") {
            next += 1;
        } else if let Some((Anchor::Of, last)) = self.anchor_at(next).filter(|_| self.on_line(next))
        {
            next = last;
        }
        Some((part, next))
    }

    /// Digits that are a whole number on their own, not part of "2,500", "10h12", "17:30"
    /// or "5.5".
    fn plain_number(&self, i: usize, max_len: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        if t.class != TokenClass::Number || t.key.len() > max_len {
            return None;
        }
        if t.glued && i > 0 && (self.is_punct(i - 1, ",.:/") || self.key(i - 1) == "h") {
            let before = i.checked_sub(2).and_then(|b| self.toks.get(b));
            let sep_glued = self.toks.get(i - 1).is_some_and(|s| s.glued);
            if before.is_some_and(|b| b.class == TokenClass::Number) && sep_glued {
                return None;
            }
        }
        if let Some(next) = self.toks.get(i + 1)
            && next.glued
        {
            let after = self.toks.get(i + 2);
            let digit_after = after.is_some_and(|a| a.glued && a.class == TokenClass::Number);
            if matches!(next.key.as_ref(), "," | "." | ":" | "h") && digit_after {
                return None;
            }
            if next.key == "%" {
                return None;
            }
        }
        t.key.parse().ok()
    }

    fn year(&self, i: usize) -> Option<i32> {
        let t = self.toks.get(i)?;
        if t.key.len() != 4 {
            return None;
        }
        // "the 1990s" is a decade, "2015th" no year.
        if self
            .toks
            .get(i + 1)
            .is_some_and(|n| n.glued && n.class == TokenClass::Word)
        {
            return None;
        }
        let y = self.plain_number(i, 4)? as i32;
        (1900..=2100).contains(&y).then_some(y)
    }

    /// A day of the month: digits with an optional ordinal suffix ("1er", "17th"), or an
    /// ordinal word ("premier").
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        if let Some(d) = self.plain_number(i, 2) {
            if !(1..=31).contains(&d) {
                return None;
            }
            let next = i + 1;
            let suffix = self.toks.get(next).is_some_and(|t| {
                t.glued
                    && t.class == TokenClass::Word
                    && matches!(
                        t.key.as_ref(),
                        "st" | "nd" | "rd" | "th" | "er" | "re" | "e" | "eme" | "ere"
                    )
            });
            return Some((d, if suffix { next + 1 } else { next }));
        }
        self.find(i, |k| match k {
            WordKind::Ordinal(n) if (1..=31).contains(&n) => Some(n),
            _ => None,
        })
    }

    fn number(&self, i: usize) -> Option<(Option<u32>, usize)> {
        if let Some(n) = self.plain_number(i, 3) {
            return Some((Some(n), i + 1));
        }
        self.find(i, |k| match k {
            WordKind::Number(n) => Some(n),
            _ => None,
        })
    }

    /// Every date expression, in text order, not overlapping.
    pub fn find_all(&self) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if !self.may_start(i) {
                i += 1;
                continue;
            }
            let prev_end = out.last().map_or(0, |f| f.last);
            match self.match_at(i, prev_end) {
                Some(mut f) if f.last > i => {
                    self.extend_with_on(&mut f, prev_end);
                    i = f.last;
                    out.push(f);
                }
                _ => i += 1,
            }
        }
        out
    }

    /// Whether any pattern of [`Scan::match_at`] can start at token `i`: every one begins
    /// with a number, a lexicon entry, or one of the few words the patterns test by shape
    /// ("Q" of "Q3", and the French determiners `stretch` skips). Trying all fifteen
    /// patterns at every word of a document was a fifth of the time stage; most words are
    /// none of these. A new pattern that starts otherwise must be added here.
    fn may_start(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.class == TokenClass::Number
                || self.hits.starting(i).is_some_and(|h| !h.is_empty())
                || matches!(t.key.as_ref(), "q" | "ces" | "les" | "des")
        })
    }

    /// "On April 5", "le 1er mars": the preposition belongs to a day expression.
    fn extend_with_on(&self, f: &mut Found, prev_end: usize) {
        let dayish = matches!(
            f.form,
            Form::MonthDay { .. } | Form::Weekday { shift: None, .. }
        ) || matches!(f.form, Form::Fixed(v) if v.precision == faultline_model::time::Precision::Day);
        if !dayish || f.rule == "numeric" {
            return;
        }
        if let Some((Anchor::On, first)) = self.anchor_before(f.first)
            && first >= prev_end
            && f.first - first == 1
        {
            f.first = first;
        }
    }

    fn match_at(&self, i: usize, prev_end: usize) -> Option<Found> {
        // A date never runs across a line break; the patterns look ahead freely and this
        // one check keeps them on their line.
        let on_line = |f: &Found| {
            (f.first + 1..f.last).all(|k| self.toks.get(k).is_some_and(|t| !t.line_break))
        };
        // The first pattern that matches wins, in this order. Called directly rather than
        // through a table of closures built at every token: the table and the indirect
        // calls were nearly a third of the pattern search.
        self.numeric(i)
            .filter(on_line)
            .or_else(|| self.quarter(i).filter(on_line))
            .or_else(|| self.day_first(i).filter(on_line))
            .or_else(|| self.month_first(i).filter(on_line))
            .or_else(|| self.part_month(i).filter(on_line))
            .or_else(|| self.part_year(i).filter(on_line))
            .or_else(|| self.part_unit(i).filter(on_line))
            .or_else(|| self.modified_month(i).filter(on_line))
            .or_else(|| self.count(i).filter(on_line))
            .or_else(|| self.stretch(i).filter(on_line))
            .or_else(|| self.unit_shift(i).filter(on_line))
            .or_else(|| self.modified_weekday(i).filter(on_line))
            .or_else(|| self.deictic(i).filter(on_line))
            .or_else(|| self.anchored_year(i, prev_end).filter(on_line))
            .or_else(|| self.anchored_month(i).filter(on_line))
    }

    fn found(&self, first: usize, last: usize, form: Form, rule: &'static str) -> Found {
        Found {
            first,
            last,
            form,
            role: TimeRole::Date,
            rule,
        }
    }

    /// "2023-12-05", "05/12/2023", "12.05.2023".
    fn numeric(&self, i: usize) -> Option<Found> {
        let a = self.toks.get(i)?;
        if a.class != TokenClass::Number || (a.glued && i > 0 && self.is_punct(i - 1, "-/.")) {
            return None;
        }
        let sep = self.toks.get(i + 1)?;
        if !sep.glued || !matches!(sep.key.as_ref(), "-" | "/" | ".") {
            return None;
        }
        let b = self.toks.get(i + 2)?;
        let sep2 = self.toks.get(i + 3)?;
        let c = self.toks.get(i + 4)?;
        let all_glued = b.glued && sep2.glued && c.glued;
        if !all_glued
            || sep2.key != sep.key
            || b.class != TokenClass::Number
            || c.class != TokenClass::Number
        {
            return None;
        }
        if let Some(after) = self.toks.get(i + 5)
            && after.glued
            && after.key == sep.key
            && self
                .toks
                .get(i + 6)
                .is_some_and(|t| t.glued && t.class == TokenClass::Number)
        {
            return None;
        }
        let num = |t: &Tok<'_>| t.key.parse::<u32>().ok();
        let (na, nb, nc) = (num(a)?, num(b)?, num(c)?);
        let date = if a.key.len() == 4 && b.key.len() <= 2 && c.key.len() <= 2 {
            NaiveDate::from_ymd_opt(na as i32, nb, nc)
        } else if c.key.len() == 4 && a.key.len() <= 2 && b.key.len() <= 2 {
            let y = nc as i32;
            let day_first = NaiveDate::from_ymd_opt(y, nb, na);
            let month_first = NaiveDate::from_ymd_opt(y, na, nb);
            // Day first is the French and international habit; a US-style month first
            // is taken only where the day-first reading is impossible.
            day_first.or(month_first)
        } else {
            None
        }?;
        Some(self.found(i, i + 5, Form::Fixed(TimeValue::day(date)), "numeric"))
    }

    /// "the first quarter of 2023", "premier trimestre 2023", "Q3 2023".
    fn quarter(&self, i: usize) -> Option<Found> {
        let (q, next) = if self.key(i) == "q" && self.toks.get(i + 1).is_some_and(|t| t.glued) {
            (self.plain_number(i + 1, 1)?, i + 2)
        } else {
            let (q, j) = self.find(i, |k| match k {
                WordKind::Ordinal(n) if (1..=4).contains(&n) => Some(n),
                _ => None,
            })?;
            let (unit, _, j) = self.unit(j)?;
            if unit != Unit::Quarter {
                return None;
            }
            let j = match self.anchor_at(j) {
                Some((Anchor::Of, l)) => l,
                _ => j,
            };
            (q, j)
        };
        let y = self.year(next)?;
        let v = TimeValue::quarter(y, q)?;
        Some(self.found(i, next + 1, Form::Fixed(v), "quarter"))
    }

    /// An optional weekday (and comma) before a date.
    fn weekday_prefix(&self, i: usize) -> (Option<u32>, usize) {
        match self.weekday(i) {
            Some((w, j)) if self.is_punct(j, ",") => (Some(w), j + 1),
            Some((w, j)) => (Some(w), j),
            None => (None, i),
        }
    }

    /// "5 décembre 2023", "vendredi 17 mai", "le 1er mars", "Tue, 05 Dec 2023".
    fn day_first(&self, i: usize) -> Option<Found> {
        let (weekday, j) = self.weekday_prefix(i);
        let (day, mut j) = self.day(j)?;
        if let Some((Anchor::Of, l)) = self.anchor_at(j) {
            j = l;
        }
        let m = self.month(j).filter(|_| self.on_line(j))?;
        self.finish_day(i, m, day, weekday, "day-month")
    }

    /// "April 5", "Friday, May 17", "Dec. 5, 2023".
    fn month_first(&self, i: usize) -> Option<Found> {
        let (weekday, j) = self.weekday_prefix(i);
        if weekday.is_some() && !self.on_line(j) {
            return None;
        }
        let m = self.month(j)?;
        let (day, last) = self.day(m.next)?;
        let mut k = last;
        if self.is_punct(k, ",") {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            let date = NaiveDate::from_ymd_opt(y, m.month, day)?;
            return Some(self.found(i, k + 1, Form::Fixed(TimeValue::day(date)), "month-day"));
        }
        // 2024 is a leap year: this only checks that the day can exist in that month.
        NaiveDate::from_ymd_opt(2024, m.month, day)?;
        let form = Form::MonthDay {
            month: m.month,
            day,
            weekday,
        };
        Some(self.found(i, last, form, "month-day"))
    }

    /// After a day and a month: an optional year, else a yearless day.
    fn finish_day(
        &self,
        first: usize,
        m: MonthAt,
        day: u32,
        weekday: Option<u32>,
        rule: &'static str,
    ) -> Option<Found> {
        let mut k = m.next;
        if self.is_punct(k, ",") {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            let date = NaiveDate::from_ymd_opt(y, m.month, day)?;
            return Some(self.found(first, k + 1, Form::Fixed(TimeValue::day(date)), rule));
        }
        // 2024 is a leap year: this only checks that the day can exist in that month.
        NaiveDate::from_ymd_opt(2024, m.month, day)?;
        Some(self.found(
            first,
            m.last,
            Form::MonthDay {
                month: m.month,
                day,
                weekday,
            },
            rule,
        ))
    }

    /// "December 2022", "early February", "mi-mars", "fin novembre dernier", "the end of
    /// March 2024".
    fn part_month(&self, i: usize) -> Option<Found> {
        let (part, j) = match self.part(i) {
            Some((p, j)) => (Some(p), j),
            None => (None, i),
        };
        let m = self.month(j)?;
        if part.is_some() && !self.on_line(j) {
            return None;
        }
        let mut k = m.next;
        if let Some((Anchor::Of, l)) = self.anchor_at(k).filter(|_| self.on_line(k)) {
            k = l;
        }
        if let Some(y) = self.year(k) {
            let v = narrow(TimeValue::month(y, m.month)?, part);
            let f = self.found(i, k + 1, Form::Fixed(v), "month-year");
            return Some(self.name_or_date(f));
        }
        let part = part?;
        let (shift, last) = match self.modifier(m.last, Position::After) {
            Some((s @ (Shift::Last | Shift::Next), l)) => (Some(s), l),
            _ => (None, m.last),
        };
        Some(self.found(
            i,
            last,
            Form::Month {
                month: m.month,
                part: Some(part),
                shift,
            },
            "part-month",
        ))
    }

    /// "late 2015", "fin 2015", "mid-2012", "the end of 2015".
    fn part_year(&self, i: usize) -> Option<Found> {
        let (part, j) = self.part(i)?;
        let y = self.year(j)?;
        let v = narrow(TimeValue::year(y)?, Some(part));
        let f = self.found(i, j + 1, Form::Fixed(v), "part-year");
        Some(self.name_or_date(f))
    }

    /// "the end of the year", "early this year", "late last year", "fin de l'année",
    /// "début du mois prochain".
    fn part_unit(&self, i: usize) -> Option<Found> {
        let (part, mut j) = self.part(i)?;
        if let Some((Anchor::Det, l)) = self.anchor_at(j) {
            j = l;
        } else if self.key(j) == "la" {
            j += 1;
        } else if self.key(j) == "l" && self.key(j + 1) == "'" {
            j += 2;
        }
        let mut shift = Shift::This;
        if let Some((s @ (Shift::Last | Shift::Next | Shift::This), l)) =
            self.modifier(j, Position::Before)
        {
            shift = s;
            j = l;
        }
        let (unit @ (Unit::Month | Unit::Quarter | Unit::Year), false, mut last) = self.unit(j)?
        else {
            return None;
        };
        if let Some((s @ (Shift::Last | Shift::Next), l)) = self.modifier(last, Position::After) {
            shift = s;
            last = l;
        }
        let form = Form::UnitShift {
            unit,
            shift,
            part: Some(part),
        };
        Some(self.found(i, last, form, "part-unit"))
    }

    /// "last November", "next March", "this April"; in French "novembre dernier".
    fn modified_month(&self, i: usize) -> Option<Found> {
        if let Some((shift @ (Shift::Last | Shift::Next | Shift::This), j)) =
            self.modifier(i, Position::Before)
            && let Some(m) = self.month(j).filter(|_| self.on_line(j))
            && self.day(m.next).is_none()
            && self.year(m.next).is_none()
        {
            let form = Form::Month {
                month: m.month,
                part: None,
                shift: Some(shift),
            };
            return Some(self.found(i, m.last, form, "modified-month"));
        }
        let m = self.month(i)?;
        let (shift @ (Shift::Last | Shift::Next), last) = self.modifier(m.last, Position::After)?
        else {
            return None;
        };
        let form = Form::Month {
            month: m.month,
            part: None,
            shift: Some(shift),
        };
        Some(self.found(i, last, form, "modified-month"))
    }

    /// "three weeks ago", "a fortnight ago", "il y a deux semaines", "in two weeks",
    /// "dans un mois".
    fn count(&self, i: usize) -> Option<Found> {
        if let Some((shift @ (Shift::Ago | Shift::In), j)) = self.modifier(i, Position::Before) {
            let (n, k) = match self.number(j) {
                Some((n, k)) => (n, k),
                None if shift == Shift::Ago => (None, j),
                None => return None,
            };
            let (unit, plural, last) = self.unit(k)?;
            if n.is_none() && k == j && !plural {
                return None;
            }
            let back = shift == Shift::Ago;
            return Some(self.found(i, last, Form::Count { n, unit, back }, "ago"));
        }
        let (n, k) = match self.number(i) {
            Some((n, k)) => (n, k),
            None => (None, i),
        };
        let (unit, plural, j) = self.unit(k)?;
        if k == i && !plural {
            return None;
        }
        let (Shift::Ago, last) = self.modifier(j, Position::After)? else {
            return None;
        };
        Some(self.found(
            i,
            last,
            Form::Count {
                n,
                unit,
                back: true,
            },
            "ago",
        ))
    }

    /// "over the past two months", "for several weeks", "depuis plusieurs mois", "ces
    /// derniers mois", "the last three weeks".
    fn stretch(&self, i: usize) -> Option<Found> {
        let mut j = i;
        let anchored = match self.anchor_at(i) {
            Some((Anchor::Since | Anchor::At, l)) => {
                j = l;
                true
            }
            _ => false,
        };
        let mut det = false;
        if let Some((Anchor::Det, l)) = self.anchor_at(j).filter(|_| self.on_line(j)) {
            j = l;
            det = true;
        }
        // "ces"/"les" are not in the lexicon: French determiners before a plural unit are
        // skipped by shape.
        if matches!(self.key(j), "ces" | "les" | "des") && self.on_line(j) && j == i {
            j += 1;
        }
        let mut shifted = false;
        if let Some((Shift::Past | Shift::Last, l)) = self.modifier(j, Position::Before) {
            j = l;
            shifted = true;
        }
        // "for the years of difficulties" is no stretch: after "the" a "past"/"last" must come.
        if det && !shifted {
            return None;
        }
        let (mut n, mut has_n) = (None, false);
        if let Some((num, l)) = self.number(j) {
            n = num;
            has_n = true;
            j = l;
        }
        // French puts "derniers" between the number and the unit; in that place (and
        // after the unit) it marks a plural even on "mois", which does not show one.
        let mut plural_mark = false;
        if let Some((Shift::Past | Shift::Last, l)) = self.modifier(j, Position::After) {
            j = l;
            shifted = true;
            plural_mark = true;
        }
        let (unit, plural, mut last) = self.unit(j)?;
        if let Some((Shift::Ago, _)) = self.modifier(last, Position::After) {
            // "handed over a month ago" counts back; the count pattern reads it.
            return None;
        }
        if let Some((Shift::Past, l)) = self.modifier(last, Position::After) {
            last = l;
            shifted = true;
            plural_mark = true;
        }
        let plural = plural || plural_mark;
        if !shifted && !anchored {
            return None;
        }
        if !shifted && !has_n && !plural {
            return None;
        }
        if !has_n {
            n = if plural { None } else { Some(1) };
        }
        if shifted && !has_n && !plural && !anchored {
            // "last week" alone is the calendar week before, not a stretch.
            return None;
        }
        let mut f = self.found(i, last, Form::Stretch { n, unit }, "stretch");
        f.role = TimeRole::Duration;
        Some(f)
    }

    /// "last week", "next month", "this year", "la semaine dernière", "l'an dernier",
    /// "cette année".
    fn unit_shift(&self, i: usize) -> Option<Found> {
        if let Some((shift @ (Shift::Last | Shift::Next | Shift::This), j)) =
            self.modifier(i, Position::Before)
            && let Some((unit, false, last)) = self.unit(j)
        {
            let form = Form::UnitShift {
                unit,
                shift,
                part: None,
            };
            return Some(self.found(i, last, form, "unit-shift"));
        }
        let (unit, false, j) = self.unit(i)? else {
            return None;
        };
        let (shift @ (Shift::Last | Shift::Next), last) = self.modifier(j, Position::After)? else {
            return None;
        };
        let form = Form::UnitShift {
            unit,
            shift,
            part: None,
        };
        Some(self.found(i, last, form, "unit-shift"))
    }

    /// "last Monday", "this Monday", "mardi dernier", "ce lundi", and a weekday alone ("on
    /// Monday", "a déclaré lundi").
    fn modified_weekday(&self, i: usize) -> Option<Found> {
        if let Some((shift @ (Shift::Last | Shift::Next | Shift::This), j)) =
            self.modifier(i, Position::Before)
            && let Some((weekday, last)) = self.weekday(j).filter(|_| self.on_line(j))
        {
            let form = Form::Weekday {
                weekday,
                shift: Some(shift),
            };
            return Some(self.found(i, last, form, "weekday"));
        }
        let (weekday, last) = self.weekday(i)?;
        // Abbreviations ("Wed", "sam", "mer") are read only next to a date.
        let raw_len = self.toks.get(i).map_or(0, |t| t.key.chars().count());
        if raw_len < 5 {
            return None;
        }
        let (shift, last) = match self.modifier(last, Position::After) {
            Some((s @ (Shift::Last | Shift::Next), l)) => (Some(s), l),
            _ => (None, last),
        };
        Some(self.found(i, last, Form::Weekday { weekday, shift }, "weekday"))
    }

    /// "yesterday", "hier", "aujourd'hui", "the day before yesterday".
    fn deictic(&self, i: usize) -> Option<Found> {
        let (offset, last) = self.find(i, |k| match k {
            WordKind::Deictic(d) => Some(d),
            _ => None,
        })?;
        Some(self.found(i, last, Form::DayOffset(offset), "deictic"))
    }

    /// A bare year after a preposition or determiner: "in 2012", "depuis 2015", "the 2015
    /// peace agreement", "l'accord de 2015", "between 2012 and 2015".
    fn anchored_year(&self, i: usize, prev_end: usize) -> Option<Found> {
        let y = self.year(i)?;
        let anchor = self.anchor_before(i).map(|(a, _)| a);
        // "the year 2012", "l'année 2012"; not "les années 1990", a decade.
        let after_year_unit = self
            .find_before(i, |k| matches!(k, WordKind::Unit(Unit::Year)).then_some(()))
            .is_some_and(|(_, first)| !self.key(first).ends_with('s'));
        let ok = match anchor {
            Some(Anchor::And) => {
                prev_end > 0 && self.anchor_before(i).is_some_and(|(_, f)| f == prev_end)
            }
            Some(_) => true,
            None => after_year_unit,
        };
        if !ok {
            return None;
        }
        let mut last = i + 1;
        let mut value = TimeValue::year(y)?;
        // "2012-2013", "de 2012 à 2015": one stretch of years.
        if self.is_punct(last, "-–/") {
            if let Some(y2) = self.year(last + 1).filter(|y2| *y2 > y) {
                value.end = TimeValue::year(y2)?.end;
                last += 2;
            }
        } else if let Some((Anchor::And, l)) = self.anchor_at(last).filter(|_| self.on_line(last))
            && matches!(anchor, Some(Anchor::Of | Anchor::From | Anchor::Between))
            && let Some(y2) = self.year(l).filter(|y2| *y2 > y)
        {
            value.end = TimeValue::year(y2)?.end;
            last = l + 1;
            let f = self.found(i, last, Form::Fixed(value), "year-range");
            return Some(f);
        }
        let f = self.found(i, last, Form::Fixed(value), "year");
        Some(self.name_or_date(f))
    }

    /// A month alone after a preposition: "in May", "en mars", "depuis janvier".
    fn anchored_month(&self, i: usize) -> Option<Found> {
        let m = self.month(i)?;
        let (anchor, _) = self.anchor_before(i)?;
        if !matches!(
            anchor,
            Anchor::At | Anchor::Since | Anchor::From | Anchor::Until | Anchor::Between
        ) {
            return None;
        }
        let form = Form::Month {
            month: m.month,
            part: None,
            shift: None,
        };
        Some(self.found(i, m.last, form, "month"))
    }

    /// A year that is part of a name ("the 2015 peace agreement", "l'accord de paix de
    /// 2015") dates the named thing, not the sentence's event.
    fn name_or_date(&self, mut f: Found) -> Found {
        let next_is_word = self.on_line(f.last)
            && self
                .toks
                .get(f.last)
                .is_some_and(|t| t.class == TokenClass::Word)
            && self.hits.starting(f.last).is_none_or(|h| {
                !h.iter()
                    .any(|h| matches!(h.word.kind, WordKind::Anchor(_) | WordKind::Cue(_)))
            });
        match self.anchor_before(f.first) {
            Some((Anchor::Det, _)) if next_is_word => f.role = TimeRole::Name,
            Some((Anchor::Of, of_first)) => {
                let noun_before = of_first
                    .checked_sub(1)
                    .filter(|_| self.on_line(of_first))
                    .and_then(|b| self.toks.get(b).map(|t| (b, t)))
                    .is_some_and(|(b, t)| {
                        t.class == TokenClass::Word
                            && self.hits.ending(b + 1).is_none_or(|e| e.is_empty())
                    });
                if noun_before {
                    f.role = TimeRole::Name;
                }
            }
            _ => {}
        }
        f
    }

    /// The tense the words around a date suggest: the nearest cue before it in its clause
    /// (up to twelve tokens), else, for a date that opens its clause, the nearest after it
    /// (up to six). English words in -ed count as past, French ones in -ra and -ront (the
    /// simple future: "rendra", "libéreront") as future.
    pub fn cue(&self, f: &Found, lang: Lang) -> Option<Direction> {
        let boundary =
            |i: usize| self.is_punct(i, ".!?;") || self.is_punct(i, "\u{201c}\u{201d}\u{ab}\u{bb}");
        // How many tokens separate the date from the start of its clause, when it is near.
        let mut clause_start_at = None;
        let mut i = f.first;
        for dist in 1..=12 {
            if i == 0 || self.toks.get(i).is_none_or(|t| t.line_break) {
                clause_start_at = Some(dist);
                break;
            }
            i -= 1;
            if boundary(i) {
                clause_start_at = Some(dist);
                break;
            }
            if let Some(Some(c)) = self.cue_at(i, lang) {
                return Some(c);
            }
        }
        // A date that opens its clause takes the tense of the verb after it ("On April 5,
        // the rebels were ambushed"); elsewhere the words after belong to another clause
        // ("retook the town in August 2023 and elections are expected").
        if clause_start_at.is_none_or(|d| d > 2) {
            return None;
        }
        for j in f.last..f.last + 6 {
            if !self.on_line(j) || boundary(j) {
                break;
            }
            if let Some(Some(c)) = self.cue_at(j, lang) {
                return Some(c);
            }
        }
        None
    }

    /// Some(Some(direction)) for a cue, Some(None) for a word that blocks the -ed guess.
    fn cue_at(&self, i: usize, lang: Lang) -> Option<Option<Direction>> {
        let listed = self.find(i, |k| match k {
            WordKind::Cue(c) => Some(c),
            _ => None,
        });
        if let Some((c, _)) = listed {
            return Some(match c {
                Cue::Past => Some(Direction::Past),
                Cue::Future => Some(Direction::Future),
                Cue::Neither => None,
            });
        }
        let t = self.toks.get(i)?;
        if t.class != TokenClass::Word || t.cap || t.key.len() < 5 {
            return None;
        }
        let k = t.key.as_ref();
        match lang {
            Lang::En if k.ends_with("ed") => Some(Some(Direction::Past)),
            Lang::Fr if k.ends_with("ra") || k.ends_with("ront") => Some(Some(Direction::Future)),
            _ => None,
        }
    }
}

/// Keep the precision of a month or year but narrow its days to the part named.
pub(super) fn narrow(v: TimeValue, part: Option<Part>) -> TimeValue {
    let Some(part) = part else { return v };
    let days = (v.end - v.start).num_days() + 1;
    let third = days / 3;
    let (from, to) = match part {
        Part::Early => (0, third - 1),
        Part::Mid => (third, 2 * third - 1),
        Part::Late => (2 * third, days - 1),
    };
    let at = |n: i64| {
        v.start
            .checked_add_signed(chrono::TimeDelta::days(n.max(0)))
            .unwrap_or(v.start)
    };
    TimeValue {
        start: at(from),
        end: at(to),
        precision: v.precision,
    }
}

#[cfg(test)]
mod tests {
    use super::offsets;

    #[test]
    fn offsets_span_each_group() {
        for (groups, sorted, want) in [
            (3, vec![], vec![0, 0, 0, 0]),
            (3, vec![0, 0, 2], vec![0, 2, 2, 3]),
            (4, vec![1, 1, 3], vec![0, 0, 2, 2, 3]),
            (2, vec![2], vec![0, 0, 0]),
        ] {
            assert_eq!(offsets(groups, sorted.into_iter()), want);
        }
    }
}

//! The cleaning stage: turn the decoded text of a scraped article into one paragraph per
//! line, without the page furniture that scrapers leave behind (reading times, "Read also"
//! links, share buttons, breadcrumbs, bylines, author lines, repeated titles and captions,
//! photo credits), while recording every removed line with its reason and building the
//! offset map back to the raw text.
//!
//! It must never drop an article sentence: every rule is anchored to short lines of a
//! recognisable shape, and a long line that reads like a sentence is only ever removed as
//! an exact repeat of an earlier line. It never edits characters inside a kept line (only
//! trims its ends and joins lines with `\n`), so every cleaned span maps to identical raw
//! text. It does no IO and never panics, whatever the input.
//!
//! The boilerplate patterns are code constants rather than a data pack: they describe the
//! shape of page furniture in English and French (where a word sits, what may follow it),
//! which a flat lexicon cannot express, and they change with the code that applies them.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use faultline_model::{CleanTextBuilder, Meta, OffsetMap, RemovedLine, Span};
use regex::Regex;

/// The result of cleaning one raw text.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// One paragraph per line, lines joined by a single `\n`, no blank lines.
    pub text: String,
    /// Maps byte offsets of `text` back to `raw`.
    pub offsets: OffsetMap,
    /// Lines dropped from `raw`, in raw order, each with the rule that dropped it.
    pub removed: Vec<RemovedLine>,
    /// Title, author and byline found in the text.
    pub meta: Meta,
    /// Span in `text` of the line taken as the title, when there is one (it stays in the
    /// text because headlines carry facts).
    pub title: Option<Span>,
}

/// Why a line was removed. The names are stable: they are stored with each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    Decoration,
    Duplicate,
    ReadingTime,
    ReadAlso,
    Share,
    Subscribe,
    Breadcrumb,
    Credit,
    Advert,
    Byline,
    Author,
}

impl Reason {
    fn name(self) -> &'static str {
        match self {
            Reason::Decoration => "decoration",
            Reason::Duplicate => "duplicate",
            Reason::ReadingTime => "reading-time",
            Reason::ReadAlso => "read-also",
            Reason::Share => "share",
            Reason::Subscribe => "subscribe",
            Reason::Breadcrumb => "breadcrumb",
            Reason::Credit => "credit",
            Reason::Advert => "advert",
            Reason::Byline => "byline",
            Reason::Author => "author",
        }
    }
}

/// One non-empty raw line, trimmed.
struct Line<'a> {
    /// Byte offset of `text` in raw.
    start: usize,
    text: &'a str,
    verdict: Option<Reason>,
}

/// Clean `raw`: normalise line ends, drop blank lines and boilerplate, find metadata.
pub fn clean_text(raw: &str) -> Cleaned {
    let mut lines: Vec<Line<'_>> = raw_lines(raw)
        .filter_map(|(start, line)| {
            let (offset, text) = trim_span(line);
            (!text.is_empty()).then_some(Line {
                start: start + offset,
                text,
                verdict: None,
            })
        })
        .collect();

    let mut meta = Meta::default();
    classify_lines(&mut lines, &mut meta);
    mark_author_lines(&mut lines, &mut meta);

    let mut builder = CleanTextBuilder::new();
    let mut removed = Vec::new();
    let mut title = None;
    let mut kept = 0usize;
    for (index, line) in lines.iter().enumerate() {
        if let Some(reason) = line.verdict {
            removed.push(RemovedLine {
                raw: Span::new(line.start, line.start + line.text.len()),
                reason: reason.name().to_string(),
            });
            continue;
        }
        if kept > 0 {
            builder.push_inserted("\n");
        }
        let clean_start = builder.text().len();
        builder.push_raw(line.start, line.text);
        if kept == 0 && index < 4 && is_title_shaped(line.text) {
            meta.title = Some(line.text.to_string());
            title = Some(Span::new(clean_start, builder.text().len()));
        } else if meta.byline.is_none() && kept <= usize::from(title.is_some()) {
            // A wire dateline opens the first paragraph; it stays in the text (it is part
            // of the sentence) and is also offered to the time stage.
            meta.byline = dateline(line.text).map(str::to_string);
        }
        kept += 1;
    }
    let (text, offsets) = builder.finish();
    Cleaned {
        text,
        offsets,
        removed,
        meta,
        title,
    }
}

/// Split raw text into lines with their byte offsets, treating CRLF, CR, LF and the
/// Unicode line and paragraph separators alike.
fn raw_lines(raw: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest_start = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = raw.get(rest_start..)?;
        let start = rest_start;
        match next_line_break(rest) {
            Some((i, c)) => {
                let mut next = rest_start + i + c.len_utf8();
                if c == '\r' && raw.as_bytes().get(next) == Some(&b'\n') {
                    next += 1;
                }
                rest_start = next;
                rest.get(..i).map(|line| (start, line))
            }
            None => {
                done = true;
                Some((start, rest))
            }
        }
    })
}

/// The first line break of `text` and its offset. Byte by byte: every line break starts
/// with one of six bytes (the ASCII ones, or the first byte of U+0085 and of U+2028 and
/// U+2029), and only those are decoded.
fn next_line_break(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let at = from
            + bytes
                .get(from..)?
                .iter()
                .position(|&b| MAY_BREAK[usize::from(b)])?;
        let c = text.get(at..)?.chars().next()?;
        if is_line_break(c) {
            return Some((at, c));
        }
        from = at + 1;
    }
}

/// The bytes a line break starts with, as a table: every byte of a text is asked.
static MAY_BREAK: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table[0x0B] = true;
    table[0x0C] = true;
    // The first bytes of U+0085, and of U+2028 and U+2029.
    table[0xC2] = true;
    table[0xE2] = true;
    table
};

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that carry nothing at the ends of a line: white space (including the
/// no-break spaces French typography uses), byte order marks, zero-width characters and
/// stray control codes.
fn is_edge_junk(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
        )
}

/// The trimmed part of `line` and its byte offset inside `line`.
fn trim_span(line: &str) -> (usize, &str) {
    let without_head = line.trim_start_matches(is_edge_junk);
    let offset = line.len() - without_head.len();
    (offset, without_head.trim_end_matches(is_edge_junk))
}

/// First pass: every rule that looks at one line (plus the lines before it, for repeats).
fn classify_lines(lines: &mut [Line<'_>], meta: &mut Meta) {
    // Key of each line seen so far → the verdict given to its first occurrence.
    let mut seen: FxHashMap<String, Option<Reason>> = FxHashMap::default();
    for line in lines.iter_mut() {
        let key = line_key(line.text);
        if key.is_empty() {
            line.verdict = Some(Reason::Decoration);
            continue;
        }
        if let Some(first) = seen.get(&key) {
            line.verdict = Some(first.unwrap_or(Reason::Duplicate));
            continue;
        }
        line.verdict = boilerplate(line.text, meta);
        seen.insert(key, line.verdict);
    }
}

/// The rule that removes a line on its own shape, if any.
fn boilerplate(line: &str, meta: &mut Meta) -> Option<Reason> {
    if READING_TIME.is_match(line) {
        return Some(Reason::ReadingTime);
    }
    let short = line.chars().count() <= 300;
    if short && READ_ALSO.is_match(line) {
        return Some(Reason::ReadAlso);
    }
    if reads_like_sentence(line) || !short {
        return None;
    }
    if SHARE.is_match(line) {
        return Some(Reason::Share);
    }
    if SUBSCRIBE.is_match(line) && line.chars().count() <= 160 {
        return Some(Reason::Subscribe);
    }
    if is_breadcrumb(line) {
        return Some(Reason::Breadcrumb);
    }
    if is_credit(line) {
        return Some(Reason::Credit);
    }
    if ADVERT.is_match(line) {
        return Some(Reason::Advert);
    }
    if let Some(author) = byline(line) {
        // The time stage reads the date from the byline: a line that carries one wins
        // over an earlier one that only names the author.
        let dated = |b: &str| DATE.is_match(b);
        if meta
            .byline
            .as_deref()
            .is_none_or(|b| !dated(b) && dated(line))
        {
            meta.byline = Some(line.to_string());
        }
        if meta.author.is_none() {
            meta.author = author;
        }
        return Some(Reason::Byline);
    }
    None
}

/// Second pass: a short line that is only a person's name is an author line when it is
/// repeated, sits just under the title, or comes after the last paragraph of the article.
/// Section headings have the same shape, but they precede paragraphs mid-article; that is
/// why position decides.
fn mark_author_lines(lines: &mut [Line<'_>], meta: &mut Meta) {
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    for line in lines.iter() {
        if is_name_shaped(line.text) {
            *counts.entry(line_key(line.text)).or_default() += 1;
        }
    }
    let Some(first_kept) = lines.iter().position(|l| l.verdict.is_none()) else {
        return;
    };
    let title_first = lines
        .get(first_kept)
        .is_some_and(|l| is_title_shaped(l.text));
    // Index of the last kept line that is not itself a name: everything after it is the
    // article's tail.
    let last_content = lines
        .iter()
        .rposition(|l| l.verdict.is_none() && !is_name_shaped(l.text));
    for index in 0..lines.len() {
        let Some(line) = lines.get(index) else {
            continue;
        };
        if !is_name_shaped(line.text) {
            continue;
        }
        let repeated = counts.get(&line_key(line.text)).copied().unwrap_or(0) > 1;
        let under_title = title_first
            && index > first_kept
            && index <= first_kept + 3
            && lines.get(first_kept + 1..index).is_some_and(|between| {
                between
                    .iter()
                    .all(|l| l.verdict.is_some() || is_name_shaped(l.text))
            });
        let in_tail = last_content.is_some_and(|last| index > last);
        let keeps_title = index == first_kept && !repeated;
        if keeps_title || !(repeated || under_title || in_tail) {
            continue;
        }
        if let Some(line) = lines
            .get_mut(index)
            .filter(|l| l.verdict.is_none() || l.verdict == Some(Reason::Duplicate))
        {
            line.verdict = Some(Reason::Author);
            if meta.author.is_none() {
                meta.author = Some(line.text.to_string());
            }
        }
    }
}

/// A comparison key that ignores case, punctuation and spacing, so "Mali Signatories
/// armed groups" and "Mali: Signatories’ armed groups" are the same line.
fn line_key(line: &str) -> String {
    // Bytes, not a `String`: every line of every document is keyed, and ASCII runs are
    // folded by table in one pass. Punctuation, apostrophes inside words ("Signatories’")
    // and combining marks separate like spaces do; runs of separators are squeezed to one
    // space at the end. Only whole characters are written, so the bytes are UTF-8.
    let mut key: Vec<u8> = Vec::with_capacity(line.len());
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let ascii_end = faultline_packs::ascii_run_end(bytes, at);
        if ascii_end > at {
            let run = bytes.get(at..ascii_end).unwrap_or(&[]);
            key.extend(
                run.iter()
                    .map(|&b| crate::ascii::LOWER_ALNUM_OR_SPACE[usize::from(b & 0x7f)]),
            );
            at = ascii_end;
            continue;
        }
        let Some(c) = line.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        if !c.is_alphanumeric() {
            key.push(b' ');
            continue;
        }
        let mut buf = [0u8; 4];
        for lower in c.to_lowercase() {
            key.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
        }
    }
    crate::ascii::squeeze_spaces(&mut key);
    String::from_utf8(key).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A long line that ends like a sentence is article text, whatever word it starts with.
fn reads_like_sentence(line: &str) -> bool {
    // The ending first, and words counted only up to the fifteenth: every line is asked.
    ends_with_terminal(line) && line.split_whitespace().nth(14).is_some()
}

fn ends_with_terminal(line: &str) -> bool {
    let body = line.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | '“' | ')' | ']')
    });
    body.ends_with(['.', '!', '?', '…'])
}

/// A first line short enough to be a headline and not shaped like a sentence.
fn is_title_shaped(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=30).contains(&words) && line.chars().count() <= 200 && !line.ends_with(['.', ';', ','])
}

/// Photo, copyright and agency credits.
///
/// "All rights reserved" may sit anywhere in its first 80 characters, and as an alternative
/// of one regex that made every short line cost a scan of up to 80 characters in states the
/// lazy DFA kept rebuilding (1% of ingest's CPU). A literal search answers most lines first.
fn is_credit(line: &str) -> bool {
    CREDIT.is_match(line) || (RESERVED.is_match(line) && RIGHTS_RESERVED.is_match(line))
}

fn is_breadcrumb(line: &str) -> bool {
    if BREADCRUMB_LEAD.is_match(line) {
        return true;
    }
    ["»", ">", "›", "/", "|", "→", "•"].iter().any(|sep| {
        // Without the separator the line is one segment, and a trail needs two or more:
        // most lines contain none of them, and need no vector of segments.
        if !line.contains(sep) {
            return false;
        }
        let segments: Vec<&str> = line
            .split(sep)
            .map(|s| s.trim_matches(is_edge_junk))
            .collect();
        let spaced = line.matches(sep).count() + 1 == segments.len()
            && line
                .match_indices(sep)
                .all(|(i, _)| spaced_around(line, i, sep.len()));
        if !spaced
            || segments
                .iter()
                .any(|s| s.is_empty() || s.chars().count() > 60)
        {
            return false;
        }
        let homeward = segments.first().is_some_and(|s| HOME_WORD.is_match(s));
        (segments.len() >= 2 && homeward)
            || (segments.len() >= 3
                && segments
                    .iter()
                    .all(|s| s.split_whitespace().count() <= 6 && !ends_with_terminal(s)))
    })
}

/// True when the separator at `at` has white space on both sides, so "autonomist/
/// separatist" is not a breadcrumb.
fn spaced_around(line: &str, at: usize, len: usize) -> bool {
    let before = line
        .get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(char::is_whitespace);
    let after = line
        .get(at + len..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_whitespace);
    before && after
}

/// If `line` is a byline or dateline, the author it names (when one can be read).
fn byline(line: &str) -> Option<Option<String>> {
    if PUBLISHED.is_match(line)
        && line.chars().count() <= 160
        && line.chars().any(|c| c.is_ascii_digit())
    {
        return Some(None);
    }
    if let Some(c) = BY_AUTHOR.captures(line) {
        let rest = c.get(1).map_or("", |m| m.as_str());
        let name = rest
            .split([',', ';', '|', '–', '—', '(', '/'])
            .next()
            .unwrap_or("")
            .split(" - ")
            .next()
            .unwrap_or("")
            .split(" and ")
            .next()
            .unwrap_or("")
            .split(" et ")
            .next()
            .unwrap_or("")
            .split(" & ")
            .next()
            .unwrap_or("")
            .trim();
        if line.chars().count() <= 120 && is_name_like(name, 1) {
            return Some(Some(name.to_string()));
        }
    }
    if line.chars().count() <= 160 && DATE.is_match(line) && is_metadata_line(line) {
        let author = line
            .split(is_field_separator)
            .map(|f| f.trim_matches(is_edge_junk))
            .find_map(|field| {
                let c = FIELD_AUTHOR.captures(field)?;
                let name = c.get(1)?.as_str();
                is_name_like(name, 2).then(|| name.to_string())
            });
        return Some(author);
    }
    None
}

/// A short line around a date that is a publication stamp rather than a headline: mostly
/// date words, or fields separated by wide spaces, bars or bullets, or a comment count.
fn is_metadata_line(line: &str) -> bool {
    if COMMENT_COUNT.is_match(line) || TIME_OF_DAY.is_match(line) {
        return true;
    }
    let fields = line
        .split(is_field_separator)
        .filter(|f| !f.trim().is_empty())
        .count();
    if fields >= 3 || line.contains("  ") || line.contains('\u{A0}') {
        return true;
    }
    // A stamp is a fragment; a line closing with a full stop is a sentence that happens to
    // be short and dated ("The attack happened on 5 December 2023.").
    if ends_with_terminal(line) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let datey = words.iter().filter(|w| is_date_word(w)).count();
    !words.is_empty() && datey * 10 >= words.len() * 6
}

fn is_field_separator(c: char) -> bool {
    matches!(c, '|' | '•' | '·' | '\u{A0}' | '\t')
}

fn is_date_word(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if w.is_empty() {
        return true;
    }
    if w.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ':' | 'h' | '/' | '-' | '.'))
    {
        return true;
    }
    DATE_WORDS.contains(&w.as_str())
        || w.strip_suffix("st")
            .or_else(|| w.strip_suffix("nd"))
            .or_else(|| w.strip_suffix("rd"))
            .or_else(|| w.strip_suffix("th"))
            .or_else(|| w.strip_suffix("er"))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Month, weekday and filler words of English and French publication stamps.
const DATE_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "janvier",
    "février",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "decembre",
    "janv",
    "févr",
    "avr",
    "juil",
    "déc",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "am",
    "pm",
    "gmt",
    "utc",
    "at",
    "on",
    "le",
    "à",
    "a",
    "the",
    "h",
    "updated",
    "published",
    "mis",
    "jour",
    "publié",
    "de",
    "du",
];

/// A line that is only a person's name: two to five words, capitalised (particles such
/// as "de", "el", "ag" allowed), no digits, no function words, no dates.
fn is_name_shaped(line: &str) -> bool {
    line.chars().count() <= 50 && is_name_like(line, 2)
}

fn is_name_like(text: &str, min_words: usize) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < min_words || words.len() > 5 {
        return false;
    }
    let mut capitalised = 0;
    for word in &words {
        let lower = word.to_lowercase();
        if NAME_PARTICLES.contains(&lower.as_str()) {
            continue;
        }
        let mut chars = word.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        let body_ok = word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'));
        if !first_upper || !body_ok || NOT_NAME_WORDS.contains(&lower.as_str()) {
            return false;
        }
        if is_date_word(word) {
            return false;
        }
        capitalised += 1;
    }
    capitalised >= min_words.min(2)
}

const NAME_PARTICLES: &[&str] = &[
    "de", "du", "des", "da", "di", "do", "dos", "el", "al", "ag", "ben", "bin", "bint", "ibn",
    "ould", "van", "von", "der", "den", "le", "la", "y", "ou", "mc",
];

/// Capitalised words that show a headline or heading rather than a name.
const NOT_NAME_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "and",
    "or",
    "for",
    "to",
    "with",
    "at",
    "by",
    "from",
    "is",
    "are",
    "was",
    "les",
    "un",
    "une",
    "et",
    "en",
    "au",
    "aux",
    "pour",
    "sur",
    "dans",
    "par",
    "avec",
    "est",
    "sont",
    "news",
    "breaking",
    "live",
    "update",
    "updates",
    "video",
    "photos",
    "analysis",
    "opinion",
    "editorial",
    "interview",
    "share",
    "comment",
    "comments",
    "home",
    "accueil",
    "africa",
    "afrique",
    "world",
    "monde",
    "politics",
    "politique",
    "international",
    "security",
    "sécurité",
    "mali",
    "sahel",
    "niger",
    "burkina",
    "faso",
];

/// A wire dateline that opens a paragraph: "BAMAKO, 12 mars (Reuters) -".
fn dateline(line: &str) -> Option<&str> {
    DATELINE.find(line).map(|m| m.as_str().trim_end())
}

static READING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        (?:(?:reading\s+time|read\s+time|temps\s+de\s+lecture|durée\s+de\s+lecture|lecture)\s*:?\s*)?
        (?:~|≈|about\s+|environ\s+)?
        \d{1,3}\s*(?:-\s*\d{1,3}\s*)?
        (?:min|mins|minute|minutes|mn)\.?
        (?:\s+(?:read|de\s+lecture|lecture|reading))?
        \s*\.?$",
    )
    .expect("constant regex")
});

/// Link lines: a lead phrase that takes any headline after it (even glued, as in "Read
/// alsoThe …"), or a label that stands alone or before a colon ("Related:", "Sur le même
/// sujet"), because labels like "Dossier" also open real sentences.
static READ_ALSO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\p{S}\p{P}\s]*
        (?:read\s*also|also\s+read|read\s+more|to\s+read\s+also|see\s+also|
           [àa]?\s*lire\s+(?:aussi|également|egalement)|[àa]\s+voir\s+aussi|voir\s+aussi|
           (?:related|recommended|more|most\s+read|sur\s+le\s+même\s+sujet|en\s+savoir\s+plus|
              notre\s+dossier|dossier|lire\s+la\s+suite|les\s+plus\s+lus|[àa]\s+la\s+une)
           (?:\s+(?:articles?|stories|news|content|coverage|reading))?\s*(?:[:：]|$))",
    )
    .expect("constant regex")
});

static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\p{S}\p{P}\s]*
        (?:(?:
            share(?:\s+(?:this|this\s+article|this\s+story|this\s+post|on\s+\w+))?
          | partager(?:\s+(?:cet\s+article|sur\s+\w+|l'article|l’article))?
          | partagez(?:\s+cet\s+article)?
          | tweet(?:er)? | facebook | twitter | whatsapp | linkedin | telegram | messenger
          | reddit | pinterest | e-?mail | print(?:\s+this\s+article)? | imprimer(?:\s+cet\s+article)?
          | copy\s+link | copier\s+le\s+lien | envoyer(?:\s+par\s+e-?mail)?
          | leave\s+a\s+(?:comment|reply) | post\s+a\s+comment | add\s+a\s+comment
          | laisser\s+un\s+commentaire | ajouter\s+un\s+commentaire | laissez\s+un\s+commentaire
          | \d+\s+(?:comments?|commentaires?|messages?|réactions?|replies|shares?|partages?)
          | comments? | commentaires? | réagir | reply | répondre
          | follow\s+us(?:\s+on\s+\w+)? | suivez-nous(?:\s+sur\s+\w+)?
          | click\s+to\s+\w+(?:\s+on\s+\w+)?
          )[\s\p{P}\p{S}]*)+$",
    )
    .expect("constant regex")
});

static SUBSCRIBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\p{S}\p{P}\s]*(?:subscribe|sign\s+up\s+(?:for|to)|abonnez-vous|inscrivez-vous|s['’]abonner|je\s+m['’]abonne|newsletter|already\s+a\s+subscriber|déjà\s+abonné)",
    )
    .expect("constant regex")
});

static BREADCRUMB_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:vous\s+[êe]tes\s+ici|you\s+are\s+here)\s*:?").expect("constant regex")
});

static HOME_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:home|accueil|homepage|news|actualités?|actu|une)$")
        .expect("constant regex")
});

/// A photo, copyright or agency credit (see [`is_credit`]): the credits that open with their
/// word, which a regex anchored at the start rejects within a character or two.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        (?:\(?\s*(?:photo|photos|photograph|image|picture|illustration|cr[ée]dits?(?:\s+photo)?|
                 photo\s+credit|source\s+photo|vid[ée]o|caption|légende)
             \s*(?:[:©]|by\b|par\b)\s*.{1,100}
          | ©.{0,120}
          | (?:copyright|\(c\))\s.{0,120}
          | \(?\s*(?:AFP|Reuters|AP|EPA|Getty\s+Images|Anadolu)(?:\s*(?:photo|/|via)\s*.{0,60})?\s*\)?
        )$",
    )
    .expect("constant regex")
});

/// "All rights reserved" anywhere in the first 80 characters: a regex of its own, asked only
/// of lines that say "reserved" (see [`is_credit`]).
static RIGHTS_RESERVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)^.{0,80}(?:all\s+rights\s+reserved|tous\s+droits\s+réservés).{0,40}$")
        .expect("constant regex")
});

static RESERVED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)reserved|réservés").expect("constant regex"));

static ADVERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\p{P}\s]*(?:advertisement|publicité|sponsored|sponsorisé|annonce|ad)[\p{P}\s]*$",
    )
    .expect("constant regex")
});

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\p{P}\s]*
        (?:published|posted|updated|last\s+updated|first\s+published|
           publié|publiée|mis\s+à\s+jour|mise\s+à\s+jour|modifié|modifiée|
           première\s+publication|date\s+de\s+publication)
        (?:\s+(?:on|le|at|à))?\s*[:\s]\s*\S",
    )
    .expect("constant regex")
});

static BY_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:By|BY|Par|PAR|Written\s+by|Reporting\s+by|Text\s+by|Écrit\s+par|Ecrit\s+par|Texte\s+de|Auteur\s*:|Author\s*:)\s+(\p{Lu}.*)$",
    )
    .expect("constant regex")
});

/// A field "A Paul Martial" / "Par Jean Dupont" / "By Jane Doe" inside a metadata line.
static FIELD_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:A|De|Par|By|Auteur\s*:|Author\s*:)\s+(\p{Lu}[\p{L}'’.\- ]+)$")
        .expect("constant regex")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:\d{1,2}(?:er|st|nd|rd|th)?\s+)?
          (?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|
             january|february|march|april|may|june|july|august|september|october|november|december|
             janv|févr|avr|juil|déc|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?
          \s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b
        | \b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d\b
        | \b(?:19|20)\d\d-\d{2}-\d{2}\b",
    )
    .expect("constant regex")
});

static COMMENT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d+\s+(?:messages?|comments?|commentaires?|réactions?)\b")
        .expect("constant regex")
});

static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}(?::|h)\d{2}\b|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)(?:\s|$)")
        .expect("constant regex")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{Lu}'’ .\-]{2,40}(?:,\s*[^()\n]{1,40}?)?\s*\((?:AFP|Reuters|AP|APS|ANI|Xinhua|MAP|AA|RFI|Anadolu|dpa)\)\s*[-–—]",
    )
    .expect("constant regex")
});

/// Compiles this module's patterns now (see `crate::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&READING_TIME);
    LazyLock::force(&READ_ALSO);
    LazyLock::force(&SHARE);
    LazyLock::force(&SUBSCRIBE);
    LazyLock::force(&BREADCRUMB_LEAD);
    LazyLock::force(&HOME_WORD);
    LazyLock::force(&CREDIT);
    LazyLock::force(&RIGHTS_RESERVED);
    LazyLock::force(&RESERVED);
    LazyLock::force(&ADVERT);
    LazyLock::force(&PUBLISHED);
    LazyLock::force(&BY_AUTHOR);
    LazyLock::force(&FIELD_AUTHOR);
    LazyLock::force(&DATE);
    LazyLock::force(&COMMENT_COUNT);
    LazyLock::force(&TIME_OF_DAY);
    LazyLock::force(&DATELINE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The credit rule as one regex, before "all rights reserved" got its own (is_credit).
    fn credit_as_one_regex(line: &str) -> bool {
        static ONE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"(?ix)^
                (?:\(?\s*(?:photo|photos|photograph|image|picture|illustration|cr[ée]dits?(?:\s+photo)?|
                         photo\s+credit|source\s+photo|vid[ée]o|caption|légende)
                     \s*(?:[:©]|by\b|par\b)\s*.{1,100}
                  | ©.{0,120}
                  | (?:copyright|\(c\))\s.{0,120}
                  | .{0,80}(?:all\s+rights\s+reserved|tous\s+droits\s+réservés).{0,40}
                  | \(?\s*(?:AFP|Reuters|AP|EPA|Getty\s+Images|Anadolu)(?:\s*(?:photo|/|via)\s*.{0,60})?\s*\)?
                )$",
            )
            .unwrap()
        });
        ONE.is_match(line)
    }

    #[test]
    fn credits_are_the_lines_the_single_regex_took() {
        let mut lines: Vec<String> = [
            "Photo: AFP",
            "(Photo by Souleymane Ag Anara / AFP)",
            "Crédit photo : Michele Cattani",
            "© 2024 Jeune Afrique",
            "Copyright 2023 Reuters. All rights reserved.",
            "RFI 2024 - Tous droits réservés",
            "Le Monde, tous droits réservés. Reproduction interdite",
            "All rights reserved",
            "allrights reserved",
            "Some 20 people died; rights groups say seats were reserved for the junta.",
            "AFP",
            "(Reuters via Getty)",
            "Reserved seats",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let long = format!("{} all rights reserved", "x".repeat(81));
        lines.push(long);
        // The sample articles: real pages' lines, credits and bylines among them.
        let samples = [
            include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
            include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
            include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
            include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
            include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
        ];
        for text in samples {
            lines.extend(text.lines().map(str::to_string));
        }
        let mut credits = 0;
        for line in &lines {
            assert_eq!(is_credit(line), credit_as_one_regex(line), "{line:?}");
            credits += usize::from(is_credit(line));
        }
        // Both kinds of credit are among the lines compared, not only non-credits.
        assert!(credits >= 8, "{credits} credits");
        assert!(is_credit("RFI 2024 - Tous droits réservés"));
        assert!(!is_credit(&format!(
            "{} all rights reserved",
            "x".repeat(81)
        )));
    }

    #[test]
    fn line_key_ignores_punctuation_and_case() {
        assert_eq!(
            line_key("Mali Signatories armed groups"),
            line_key("Mali: Signatories’ armed groups")
        );
        assert_eq!(line_key("  --- "), "");
    }

    /// The byte-wise search finds the break a search character by character finds, past
    /// characters that share a first byte with one (U+00A0, U+2019).
    #[test]
    fn line_breaks_are_found_by_bytes_as_by_characters() {
        for text in [
            "",
            "no break",
            "a\u{a0}b\u{2019}c\u{85}d",
            "l’armée\u{2029}x",
            "\u{2028}",
            "é\u{c}",
            "tab\there\u{b}",
            "Ménaka\r\nGao",
        ] {
            let by_chars = text.char_indices().find(|&(_, c)| is_line_break(c));
            assert_eq!(next_line_break(text), by_chars, "{text:?}");
        }
    }

    #[test]
    fn line_keys_fold_like_characters_do() {
        for (line, key) in [
            (
                "Mali: Signatories’ armed groups",
                "mali signatories armed groups",
            ),
            (
                "  L’ARMÉE a RIPOSTÉ — 12 morts.",
                "l armée a riposté 12 morts",
            ),
            ("İstanbul ǅ Σ", "i̇stanbul ǆ σ"),
            ("Me\u{301}naka", "me naka"),
        ] {
            assert_eq!(line_key(line), key, "{line:?}");
        }
    }

    /// The key as first written, character by character: the byte-wise key must agree.
    fn line_key_by_chars(line: &str) -> String {
        let mut key = String::new();
        let mut pending = false;
        for c in line.chars() {
            if c.is_alphanumeric() {
                if pending && !key.is_empty() {
                    key.push(' ');
                }
                key.extend(c.to_lowercase());
            }
            pending = !c.is_alphanumeric();
        }
        key
    }

    #[test]
    fn line_keys_by_bytes_match_keys_by_characters() {
        for line in [
            "",
            "   ",
            "Partager sur Facebook | Twitter | WhatsApp",
            "Lire aussi : Au Mali, l’armée revendique la mort de 12 « terroristes »",
            "BAMAKO, 12 mai (Reuters) - Des hommes armés ont attaqué un poste à Ménaka.",
            "Σ ΣΑΣ İ ǅ ß ﬁ Ⅻ ½ ٣ 𝔸",
            "\u{1}\u{7f}\t--a__b--\u{a0}c\u{301}d",
            "By Jane DOE-SMITH, staff writer; 3 min read",
        ] {
            assert_eq!(line_key(line), line_key_by_chars(line), "{line:?}");
        }
    }

    #[test]
    fn raw_lines_split_every_line_end_style() {
        let lines: Vec<_> = raw_lines("a\r\nb\rc\nd\u{2028}e").collect();
        assert_eq!(
            lines,
            vec![(0, "a"), (3, "b"), (5, "c"), (7, "d"), (11, "e")]
        );
    }
}

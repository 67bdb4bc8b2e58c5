//! Finding the actors a trigger or cue speaks of: the subject to its left, the object to its
//! right, and the actors coordinated with them ("the CMA, the loyalist groups and the GSIM").
//!
//! A shallow reading, not a parser: a left argument is the nearest actor mention in the
//! clause that is not the object of a preposition (a genitive "of the CSP" still counts, as
//! in "the rebels of the CSP") and not inside a bracketed or dashed aside, a relative clause
//! set off by commas, or a leading adverbial clause ("After ten years of control by the
//! rebels, the army …"); a right argument is the first mention after the cue past function
//! words. The closed lists of function
//! words below are grammar, not vocabulary, so they live in code like the sentence
//! splitter's abbreviations; trigger and cue words live in the facts pack.

use std::collections::HashSet;

use faultline_model::Lang;
use faultline_packs::facts::{CueKind, FactKind, TokenKind};

use super::SentenceView;

/// Determiners and possessives skipped when looking past a cue to its argument.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "some",
    "both", "all", "le", "la", "les", "l", "un", "une", "ce", "cet", "cette", "ces", "son", "sa",
    "ses", "leur", "leurs", "tous", "toutes",
];

/// Genitive words: "the rebels of the CSP", "les combattants du JNIM".
const GENITIVES: &[&str] = &["of", "de", "du", "des", "d"];

/// Prepositions whose object is not the subject of the clause's verb.
const PREPOSITIONS: &[&str] = &[
    "with", "by", "from", "to", "against", "for", "in", "on", "at", "into", "towards", "toward",
    "between", "among", "than", "like", "via", "avec", "par", "contre", "pour", "dans", "sur", "a",
    "au", "aux", "en", "vers", "chez", "entre", "parmi", "comme",
];

/// Quotation marks, after folding.
const QUOTES: &[&str] = &["\"", "“", "”", "«", "»", "„"];

/// Words that may stand between coordinated actors.
const JOINERS: &[&str] = &[
    ",", "and", "et", "or", "ou", "as", "well", "ainsi", "que", "(", ")", "both", "-", "'",
];

/// Words that open a leading adverbial clause or phrase ("After ten years of control by the
/// rebels, the army entered Kidal", "Malgré la présence de l'armée, …"): what stands in it
/// up to its comma is not the subject of the main clause.
const LEADING: &[&str] = &[
    "after",
    "before",
    "despite",
    "following",
    "since",
    "while",
    "although",
    "though",
    "when",
    "once",
    "during",
    "amid",
    "unlike",
    "in",
    "on",
    "at",
    "apres",
    "avant",
    "malgre",
    "depuis",
    "lors",
    "suite",
    "pendant",
    "durant",
    "alors",
    "bien",
    "quand",
    "lorsque",
    "lorsqu",
    "tandis",
    "face",
    "en",
    "au",
    "aux",
    "dans",
    "contrairement",
];

/// Relative pronouns that open a clause about the noun before them.
const RELATIVES: &[&str] = &[
    "who", "which", "qui", "dont", "lequel", "laquelle", "lesquels",
];

fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

impl SentenceView<'_> {
    /// Token ranges of bracketed and dashed asides: "(Strategic Framework …)",
    /// "– the former rebels of the CMA as well as the platform groups –".
    pub fn asides(&self) -> Vec<(usize, usize)> {
        let text = self.doc_text;
        let mut out = Vec::new();
        let mut open_paren: Option<usize> = None;
        let mut open_dash: Option<usize> = None;
        for (i, t) in self.tokens.iter().enumerate() {
            match self.folded(t) {
                "(" | "[" => open_paren = Some(i),
                ")" | "]" => {
                    if let Some(s) = open_paren.take() {
                        out.push((s, i + 1));
                    }
                }
                "-" if spaced(text, t.start, t.end) => match open_dash.take() {
                    Some(s) => out.push((s, i + 1)),
                    None => open_dash = Some(i),
                },
                _ => {}
            }
        }
        out
    }

    /// The comma that closes a leading adverbial clause ("After …, the army …"), as a token
    /// index: mentions before it are not the main clause's subject, nor coordinated with it.
    pub fn leading_clause_end(&self) -> Option<usize> {
        let first = (0..self.tokens.len()).find(|&i| {
            self.tokens
                .get(i)
                .is_some_and(|t| t.kind != TokenKind::Punct)
        })?;
        let w = self.word(first);
        if !(is_in(LEADING, w) || (w == "a" && self.lang == Lang::Fr)) {
            return None;
        }
        let mut depth = 0usize;
        for i in first + 1..self.tokens.len() {
            match self.word(i) {
                "(" | "[" => depth += 1,
                ")" | "]" => depth = depth.saturating_sub(1),
                "," if depth == 0 => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// Token ranges of relative clauses set off by commas: ", qui regroupe depuis novembre
    /// 2024 les mouvements du nord," — what they say is about their noun, not the main event.
    pub fn relative_clauses(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 1..self.tokens.len() {
            if self.word(i - 1) != "," || !is_in(RELATIVES, self.word(i)) {
                continue;
            }
            let end = (i + 1..self.tokens.len())
                .find(|&j| matches!(self.word(j), "," | ";" | ":"))
                .unwrap_or(self.tokens.len());
            out.push((i, end));
        }
        out
    }

    fn in_aside(&self, asides: &[(usize, usize)], start: usize, end: usize) -> bool {
        asides.iter().any(|&(s, e)| s < start && end < e)
    }

    /// Whether the mention `arg` is the object of a (non-genitive) preposition.
    pub fn is_prep_object(&self, arg: usize) -> bool {
        let Some(a) = self.args.get(arg) else {
            return false;
        };
        let mut i = a.start;
        while i > 0 {
            i -= 1;
            let w = self.word(i);
            if w == "'" || self.is_det(w) {
                continue;
            }
            return self.is_prep(w);
        }
        false
    }

    /// Whether the tokens `[from, to)` hold a clause break or a quotation mark: words
    /// inside a quotation do not take arguments from the narrative around it.
    pub fn breaks_between(&self, from: usize, to: usize) -> bool {
        self.cues(|k| k == CueKind::ClauseBreak)
            .any(|m| m.start >= from && m.end <= to)
            || (from..to).any(|i| is_in(QUOTES, self.word(i)))
    }

    /// Content tokens in `[from, to)`: words and numbers, leaving out asides.
    fn content_gap(&self, from: usize, to: usize, asides: &[(usize, usize)]) -> usize {
        (from..to)
            .filter(|&i| {
                self.tokens
                    .get(i)
                    .is_some_and(|t| t.kind != TokenKind::Punct)
                    && !asides.iter().any(|&(s, e)| s <= i && i < e)
            })
            .count()
    }

    /// The subject group to the left of token `before`: the nearest eligible mention within
    /// `max_gap` content tokens, with the mentions coordinated with it. Empty when none.
    pub fn left_group(&self, before: usize, max_gap: usize) -> Vec<usize> {
        let relatives = self.relative_clauses();
        // A relative clause set off by commas is skipped like a bracket: "le FLA, qui
        // regroupe … du nord, a revendiqué".
        let mut asides = self.asides();
        asides.extend(
            relatives
                .iter()
                .filter(|&&(s, e)| !(s <= before && before < e))
                .map(|&(s, e)| (s.saturating_sub(1), e + 1)),
        );
        let leading = self.leading_clause_end().filter(|&b| b < before);
        let mut chosen = None;
        for (ai, a) in self.args.iter().enumerate().rev() {
            if a.end > before {
                continue;
            }
            if leading.is_some_and(|b| a.end <= b) || self.breaks_between(a.end, before) {
                break;
            }
            if self.content_gap(a.end, before, &asides) > max_gap {
                break;
            }
            if self.in_aside(&asides, a.start, a.end) && !self.in_aside(&asides, before, before) {
                continue;
            }
            if self.is_prep_object(ai) {
                continue;
            }
            // "le FLA, qui regroupe … les mouvements rebelles du nord, a revendiqué": the
            // object of a relative clause is not the main verb's subject.
            if relatives
                .iter()
                .any(|&(s, e)| s < a.start && a.end <= e && !(s <= before && before < e))
            {
                continue;
            }
            chosen = Some(ai);
            break;
        }
        let Some(first) = chosen else {
            return Vec::new();
        };
        self.extend_left(first)
    }

    /// The object group to the right of token `after`: the first mention past function
    /// words and at most `max_gap` content words, with the mentions coordinated with it.
    pub fn right_group(&self, after: usize, max_gap: usize) -> Vec<usize> {
        let Some((first, a)) = self.args.iter().enumerate().find(|(_, a)| a.start >= after) else {
            return Vec::new();
        };
        if self.breaks_between(after, a.start) || (after..a.start).any(|i| self.word(i) == ",") {
            return Vec::new();
        }
        let gap = (after..a.start)
            .filter(|&i| {
                let w = self.word(i);
                self.tokens
                    .get(i)
                    .is_some_and(|t| t.kind != TokenKind::Punct)
                    && !self.is_det(w)
                    && !is_in(GENITIVES, w)
            })
            .count();
        if gap > max_gap {
            return Vec::new();
        }
        self.extend_right(first)
    }

    /// `first` and the mentions after it joined only by joiners and determiners.
    pub fn extend_right(&self, first: usize) -> Vec<usize> {
        let mut group = vec![first];
        let mut seen: HashSet<&str> = HashSet::new();
        if let Some(a) = self.args.get(first) {
            seen.insert(a.actor.id.as_str());
        }
        let mut last = first;
        while let (Some(prev), Some(next)) = (self.args.get(last), self.args.get(last + 1)) {
            let same = prev.actor.id == next.actor.id;
            if !self.only_joiners(prev.end, next.start, same) {
                break;
            }
            if seen.insert(next.actor.id.as_str()) {
                group.push(last + 1);
            }
            last += 1;
        }
        group
    }

    /// `first` and the mentions before it joined only by joiners and determiners.
    pub fn extend_left(&self, first: usize) -> Vec<usize> {
        let mut group = vec![first];
        let mut seen: HashSet<&str> = HashSet::new();
        if let Some(a) = self.args.get(first) {
            seen.insert(a.actor.id.as_str());
        }
        let mut cur = first;
        let leading = self.leading_clause_end();
        while cur > 0 {
            let (Some(prev), Some(next)) = (self.args.get(cur - 1), self.args.get(cur)) else {
                break;
            };
            // The comma closing a leading clause is not a coordination.
            if leading.is_some_and(|b| prev.end <= b && b < next.start) {
                break;
            }
            let same = prev.actor.id == next.actor.id;
            if !self.only_joiners(prev.end, next.start, same) {
                break;
            }
            if seen.insert(prev.actor.id.as_str()) {
                group.insert(0, cur - 1);
            }
            cur -= 1;
        }
        group
    }

    /// Whether only joiners stand in `[from, to)`; between two mentions of one actor a
    /// genitive is allowed too ("the separatist rebels of the CMA").
    fn only_joiners(&self, from: usize, to: usize, same_actor: bool) -> bool {
        // "Wagner fighters and Malian soldiers": a plain head noun may follow the first.
        let head = self.tokens.get(from).is_some_and(|t| {
            t.kind == TokenKind::Word
                && self
                    .doc_text
                    .get(t.start..t.end)
                    .is_some_and(|w| w.chars().all(char::is_lowercase))
        }) && !self.matches.iter().any(|m| {
            m.start == from && matches!(m.kind(), FactKind::Event(_) | FactKind::Relation(..))
        }) && (from + 1..to).any(|i| matches!(self.word(i), "and" | "et" | ","));
        let from = if head { from + 1 } else { from };
        to.saturating_sub(from) <= 5
            && (from..to).all(|i| {
                let w = self.word(i);
                is_in(JOINERS, w) || self.is_det(w) || (same_actor && is_in(GENITIVES, w))
            })
    }

    /// Whether `w` is a determiner in the sentence's language: "a" is one in English, while
    /// in French it is the folded "à", a preposition.
    pub fn is_det(&self, w: &str) -> bool {
        if w == "a" {
            return self.lang != Lang::Fr;
        }
        is_in(DETERMINERS, w)
    }

    /// Whether `w` is a non-genitive preposition in the sentence's language.
    pub fn is_prep(&self, w: &str) -> bool {
        if w == "a" {
            return self.lang == Lang::Fr;
        }
        is_in(PREPOSITIONS, w) && !is_in(GENITIVES, w)
    }
}

/// Whether the character at `[start, end)` has whitespace on both sides: a dash used as a
/// bracket rather than a hyphen.
fn spaced(text: &str, start: usize, end: usize) -> bool {
    let before = text
        .get(..start)
        .and_then(|s| s.chars().next_back())
        .is_none_or(char::is_whitespace);
    let after = text
        .get(end..)
        .and_then(|s| s.chars().next())
        .is_none_or(char::is_whitespace);
    before && after
}

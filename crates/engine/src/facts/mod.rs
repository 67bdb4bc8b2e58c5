//! The fact stages: what one document says happened (events, ACLED-coded) and who stands
//! with whom (relations), each with its modality, polarity, attribution, date and evidence.
//!
//! Both stages read the document one sentence at a time through a `SentenceView`: its
//! tokens, the fact-lexicon phrases found in them, and the actor, time and place mentions
//! that fall inside it. The document is tokenised and folded once into one table and the
//! views are built once for both stages (`extract_facts`, which `analyze` calls): building
//! them per stage, with a `String` per token, was most of the stages' cost. Rules are
//! general cues (trigger words, argument positions, coordination, passive agents), never
//! tuned to one article. The stages do no IO, read no clock, keep no state between
//! documents, and never fail on odd text: what they cannot read with confidence they leave
//! out rather than invent. Merging facts across documents is the store's business, not this
//! module's.

mod args;
mod attribution;
mod events;
mod modality;
mod numbers;
mod relations;

pub use events::extract_events;
pub use faultline_packs::facts::FactLexicon;
pub use relations::extract_relations;

use chrono::{Days, NaiveDate};
use faultline_model::actor::Mention;
use faultline_model::fact::{DateSource, Event, Evidence, FactActor, FactDate, Relation};
use faultline_model::place::PlaceMention;
use faultline_model::time::{Precision, Published, TimeMention, TimeValue};
use faultline_model::{Document, Lang, Span};
use faultline_packs::Packs;
use faultline_packs::actors::ActorPack;
use faultline_packs::facts::{CueKind, FactKind, FactMatch, Token, TokenSlice, Tokens};

/// Events and relations together, as `analyze` runs them: the same as
/// [`extract_events`] then [`extract_relations`] on its events, but the document is
/// tokenised and its sentence views built once for both.
pub fn extract_facts(
    doc: &Document,
    mentions: &[Mention],
    times: &[TimeMention],
    places: &[PlaceMention],
    published: &Published,
    packs: &Packs,
) -> (Vec<Event>, Vec<Relation>) {
    let tokens = SentenceTokens::new(doc);
    let views = SentenceView::all(doc, &tokens, mentions, times, places, &packs.facts);
    let events = events::events_in(doc, &views, times, places, published, packs);
    let relations = relations::relations_in(&views, times, &events, published, packs);
    (events, relations)
}

/// An actor mention as the fact stages use it: its token range in the sentence and the
/// actor it links to.
#[derive(Debug, Clone)]
pub(crate) struct Arg {
    /// Token range `[start, end)` within the sentence.
    pub start: usize,
    pub end: usize,
    pub actor: FactActor,
}

impl Arg {
    pub fn is_person(&self) -> bool {
        self.actor.kind.as_deref() == Some("person")
    }

    pub fn is_civilians(&self) -> bool {
        self.actor.kind.as_deref() == Some("civilians")
    }

    /// State forces and governments (and foreign state forces fighting with them).
    pub fn is_state(&self) -> bool {
        matches!(
            self.actor.kind.as_deref(),
            Some("state_force" | "police" | "government" | "foreign_force")
        )
    }
}

/// One sentence of the document as the fact stages read it.
pub(crate) struct SentenceView<'a> {
    pub index: usize,
    pub span: Span,
    pub text: &'a str,
    /// The whole document text, which token offsets index.
    pub doc_text: &'a str,
    pub lang: Lang,
    /// Tokens with byte offsets into the document text.
    pub tokens: &'a [Token],
    /// The same tokens with their folded words.
    words: TokenSlice<'a>,
    /// Lexicon phrases found in the tokens, by start token.
    pub matches: Vec<FactMatch<'a>>,
    /// Linked actor mentions inside the sentence, in order, not overlapping.
    pub args: Vec<Arg>,
    /// Indices into the time mentions that fall inside the sentence.
    pub times: Vec<usize>,
    /// Token ranges of those time mentions.
    pub time_toks: Vec<(usize, usize)>,
    /// Indices into the place mentions that fall inside the sentence.
    pub places: Vec<usize>,
}

/// The tokens of every sentence of a document, cut and folded once and shared by every
/// view and rule of both fact stages.
pub(crate) struct SentenceTokens {
    table: Tokens,
    /// Token range of each sentence in `table`, by sentence index; None for a span that
    /// does not slice the text.
    ranges: Vec<Option<(usize, usize)>>,
}

impl SentenceTokens {
    pub fn new(doc: &Document) -> Self {
        let mut table = Tokens::with_capacity(doc.text.len());
        let ranges = doc
            .sentences
            .iter()
            .map(|span| {
                let text = doc.text.get(span.start..span.end)?;
                let first = table.len();
                table.push_text(text, span.start);
                Some((first, table.len()))
            })
            .collect();
        SentenceTokens { table, ranges }
    }
}

impl<'a> SentenceView<'a> {
    /// Build the views of every sentence of `doc`, whose tokens are `tokens`.
    pub fn all(
        doc: &'a Document,
        tokens: &'a SentenceTokens,
        mentions: &[Mention],
        times: &[TimeMention],
        places: &[PlaceMention],
        lexicon: &'a FactLexicon,
    ) -> Vec<SentenceView<'a>> {
        let lang = doc.language.lang();
        let mut out = Vec::with_capacity(doc.sentences.len());
        for (index, span) in doc.sentences.iter().enumerate() {
            let Some(text) = doc.text.get(span.start..span.end) else {
                continue;
            };
            let Some(&Some((first, last))) = tokens.ranges.get(index) else {
                continue;
            };
            let words = tokens.table.slice(first..last);
            let tokens = words.tokens();
            let args = sentence_args(tokens, *span, mentions);
            let mut matches = lexicon.find(words, lang);
            // A cue inside an actor's name ("Support Group for Islam", "Groupe de soutien")
            // is part of the name, not a cue.
            // An ally word inside a generic mention ("its Russian auxiliaries") is kept: it
            // says how that actor stands to the one before it.
            matches.retain(|m| {
                m.kind() == FactKind::Cue(CueKind::Ally)
                    || !args.iter().any(|a| m.start < a.end && a.start < m.end)
            });
            let time_idx: Vec<usize> = (0..times.len())
                .filter(|&i| times.get(i).is_some_and(|t| inside(*span, t.start, t.end)))
                .collect();
            let time_toks: Vec<(usize, usize)> = time_idx
                .iter()
                .filter_map(|&i| times.get(i))
                .map(|t| {
                    let s = tokens.partition_point(|k| k.end <= t.start);
                    let e = tokens.partition_point(|k| k.start < t.end);
                    (s, e)
                })
                .collect();
            // "May" in "Friday May 17" is a date, not a modal; "two" in "two weeks ago" is
            // not a count of dead.
            matches.retain(|m| {
                !matches!(m.kind(), FactKind::Cue(_) | FactKind::Number { .. })
                    || !time_toks.iter().any(|&(s, e)| m.start < e && s < m.end)
            });
            let places = (0..places.len())
                .filter(|&i| places.get(i).is_some_and(|p| inside(*span, p.start, p.end)))
                .collect();
            out.push(SentenceView {
                index,
                span: *span,
                text,
                doc_text: &doc.text,
                lang,
                tokens,
                words,
                matches,
                args,
                times: time_idx,
                time_toks,
                places,
            });
        }
        out
    }

    /// The evidence for a fact read from this sentence by `rule`.
    pub fn evidence(&self, rule: String) -> Evidence {
        Evidence {
            sentence: self.text.to_string(),
            start: self.span.start,
            end: self.span.end,
            rule,
        }
    }

    /// The folded word of token `i`, or "" past the end.
    pub fn word(&self, i: usize) -> &'a str {
        self.words.word(i)
    }

    /// The folded word of a token of this sentence.
    pub fn folded(&self, t: &Token) -> &'a str {
        self.words.folded(t)
    }

    /// The lexicon cue of the given kind that starts at token `i`, if any.
    pub fn cue_at(&self, i: usize, pred: impl Fn(CueKind) -> bool) -> Option<&FactMatch<'a>> {
        self.matches
            .iter()
            .find(|m| m.start == i && matches!(m.kind(), FactKind::Cue(k) if pred(k)))
    }

    /// Every cue match of a kind, in order.
    pub fn cues(&self, pred: impl Fn(CueKind) -> bool) -> impl Iterator<Item = &FactMatch<'a>> {
        self.matches
            .iter()
            .filter(move |m| matches!(m.kind(), FactKind::Cue(k) if pred(k)))
    }

    /// Token index of the first token starting at or after byte `at`.
    pub fn token_at_byte(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.start < at)
    }

    /// The clause around token `i`: from just after the last clause break before it to the
    /// next one, as a token range.
    pub fn clause(&self, i: usize) -> (usize, usize) {
        let breaks: Vec<(usize, usize)> = self
            .cues(|k| k == CueKind::ClauseBreak)
            .map(|m| (m.start, m.end))
            .collect();
        let start = breaks
            .iter()
            .filter(|(_, e)| *e <= i)
            .map(|(_, e)| *e)
            .max()
            .unwrap_or(0);
        let end = breaks
            .iter()
            .filter(|(s, _)| *s > i)
            .map(|(s, _)| *s)
            .min()
            .unwrap_or(self.tokens.len());
        (start, end)
    }

    /// The date a fact near token `i` takes from its sentence: the nearest time mention
    /// that dates something that happened, preferring the same clause.
    pub fn date_near(&self, i: usize, times: &[TimeMention]) -> Option<TimeValue> {
        let (cs, ce) = self.clause(i);
        let relatives = self.relative_clauses();
        self.times
            .iter()
            .filter_map(|&ti| times.get(ti))
            .filter(|t| self.dates_here(t, i, &relatives))
            .filter_map(|t| t.event_date().map(|v| (t, v)))
            .min_by_key(|(t, _)| {
                let tok = self.token_at_byte(t.start);
                let outside = usize::from(tok < cs || tok >= ce);
                (outside, tok.abs_diff(i))
            })
            .map(|(_, v)| v)
    }

    /// Whether the time mention `t` may date a fact at token `i`: not when it bounds a
    /// relation ("depuis novembre 2024", "since 2012") nor when it stands in a relative
    /// clause that does not hold the fact ("le FLA, qui regroupe depuis … les mouvements,").
    pub fn dates_here(&self, t: &TimeMention, i: usize, relatives: &[(usize, usize)]) -> bool {
        let tok = self.token_at_byte(t.start);
        let bound = self
            .cues(|k| matches!(k, CueKind::Since | CueKind::Until))
            .any(|m| m.end <= tok && tok - m.end <= 1);
        let elsewhere = relatives
            .iter()
            .any(|&(s, e)| s <= tok && tok < e && !(s <= i && i < e));
        !bound && !elsewhere
    }

    /// Whether a future-pointing date sits in the clause of token `i` ("on Wednesday" in
    /// "is due to go to Kidal on Wednesday"). A date with a written year points nowhere by
    /// itself: that it falls after the publication date is arithmetic, not the text's
    /// tense, so only the text's own cues make such a fact intended.
    pub fn future_date_in_clause(&self, i: usize, times: &[TimeMention]) -> bool {
        let (cs, ce) = self.clause(i);
        let relatives = self.relative_clauses();
        self.times
            .iter()
            .filter_map(|&ti| times.get(ti))
            .filter(|t| t.direction == faultline_model::time::Direction::Future)
            .filter(|t| !has_year(&t.text) && self.dates_here(t, i, &relatives))
            .any(|t| {
                let tok = self.token_at_byte(t.start);
                tok >= cs && tok < ce
            })
    }
}

/// Whether the actor pack knows `member` to belong to `coalition` at `date`, directly or
/// through a coalition inside it (the MNLA in the CMA in the CSP). Supporting knowledge
/// only: the text must bring the two together for a fact to use it.
pub(crate) fn known_member(
    actors: &ActorPack,
    member: &str,
    coalition: &str,
    date: Option<NaiveDate>,
) -> bool {
    fn within(
        actors: &ActorPack,
        member: &str,
        coalition: &str,
        date: Option<NaiveDate>,
        depth: u8,
    ) -> bool {
        depth > 0
            && actors.members_of(coalition, date).iter().any(|m| {
                m.id == member
                    || (m.id != coalition && within(actors, member, &m.id, date, depth - 1))
            })
    }
    member != coalition && within(actors, member, coalition, date, 3)
}

/// Whether a date expression writes out a year ("novembre 2024", "2025").
fn has_year(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4)
}

fn inside(span: Span, start: usize, end: usize) -> bool {
    span.start <= start && end <= span.end
}

/// Linked mentions inside the sentence as token ranges; overlapping ones keep the longest.
fn sentence_args(tokens: &[Token], span: Span, mentions: &[Mention]) -> Vec<Arg> {
    let mut found: Vec<Arg> = Vec::new();
    for m in mentions {
        if !inside(span, m.start, m.end) || m.start >= m.end {
            continue;
        }
        let Some(actor) = &m.actor else {
            continue;
        };
        let start = tokens.partition_point(|t| t.end <= m.start);
        let end = tokens.partition_point(|t| t.start < m.end);
        if start >= end {
            continue;
        }
        found.push(Arg {
            start,
            end,
            actor: FactActor {
                id: actor.id.clone(),
                name: actor.name.clone(),
                kind: (!actor.kind.is_empty()).then(|| actor.kind.clone()),
            },
        });
    }
    found.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
    let mut out: Vec<Arg> = Vec::with_capacity(found.len());
    for a in found {
        if out.last().is_some_and(|p| a.start < p.end) {
            continue;
        }
        out.push(a);
    }
    out
}

/// The document's date for a fact whose sentence has none: kept, but one step coarser
/// (a day becomes the week that ends on it) and marked as coming from the document, since
/// the fact happened on or before the day it was reported. None when the document has no
/// date: a date is never invented.
pub(crate) fn document_date(published: &Published) -> FactDate {
    let Some(t) = published.time else {
        return FactDate::none();
    };
    let label = published_label(published);
    let range = match t.precision {
        Precision::Day => TimeValue {
            start: t.end.checked_sub_days(Days::new(6)).unwrap_or(t.start),
            end: t.end,
            precision: Precision::Week,
        },
        _ => t,
    };
    FactDate {
        label,
        range: Some(range.into()),
        source: DateSource::Document,
    }
}

fn published_label(published: &Published) -> Option<String> {
    published.time.and_then(|t| t.label())
}

/// A date read from the fact's own sentence, else the document's.
pub(crate) fn fact_date(own: Option<TimeValue>, published: &Published) -> FactDate {
    match own {
        Some(t) => FactDate::from_text(t),
        None => document_date(published),
    }
}

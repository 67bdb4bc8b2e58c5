//! Test helper for the fact stages: a news sentence written with its annotations inline,
//! so a test reads like the text it checks and does not depend on the actor, time and place
//! stages (which have their own tests).
//!
//! Markup: `[words](id:kind)` is an actor mention ("[JNIM](jnim:jihadist_group)");
//! `[words](@ML)` a town in the country with that ISO code; `[words](=2024-05-03)` a past
//! date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), `[words](=>2024-02)` an expected one and
//! `[words](=~)` a stretch of time ("over the past year"). The helper must not be used for
//! anything but tests: it panics on malformed markup.

#![allow(dead_code)]

use chrono::NaiveDate;
use faultline_engine::facts::{FactLexicon, extract_events, extract_relations};
use faultline_engine::sentences::split_sentences;
use faultline_model::actor::{ActorRef, Mention, MentionHow};
use faultline_model::fact::{Event, Relation};
use faultline_model::place::PlaceMention;
use faultline_model::time::{
    Direction, Precision, Published, PublishedSource, TimeMention, TimeRole, TimeValue,
};
use faultline_model::{DocId, Document, Lang, Language, OffsetMap, SourceRef};
use faultline_packs::Packs;

/// A document built from markup, with the mentions the markup names.
pub struct Marked {
    pub doc: Document,
    pub mentions: Vec<Mention>,
    pub times: Vec<TimeMention>,
    pub places: Vec<PlaceMention>,
    pub published: Published,
}

/// The publication day every test document carries unless a test says otherwise.
pub fn published_day() -> Published {
    Published {
        time: NaiveDate::from_ymd_opt(2024, 5, 20).map(TimeValue::day),
        source: PublishedSource::Metadata,
        reference: NaiveDate::from_ymd_opt(2024, 5, 20),
    }
}

pub fn mark(markup: &str, lang: Lang) -> Marked {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut times = Vec::new();
    let mut places = Vec::new();
    let mut rest = markup;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find("](").expect("markup: [words](spec)");
        let words = &after[..close];
        let spec_end = after[close + 2..].find(')').expect("markup: closing )");
        let spec = &after[close + 2..close + 2 + spec_end];
        let start = text.len();
        text.push_str(words);
        let end = text.len();
        if let Some(code) = spec.strip_prefix('@') {
            places.push(PlaceMention {
                text: words.into(),
                start,
                end,
                name: words.into(),
                country: code.into(),
                admin1: None,
                admin2: None,
                lat: 15.0,
                lon: -1.0,
                geo_precision: 1,
                gazetteer_id: format!("test:{words}"),
                feature: "PPL".into(),
            });
        } else if let Some(value) = spec.strip_prefix('=') {
            times.push(time_mention(words, start, end, value));
        } else {
            let (id, kind) = spec.split_once(':').expect("markup: id:kind");
            mentions.push(Mention {
                text: words.into(),
                start,
                end,
                actor: Some(ActorRef {
                    id: id.into(),
                    name: id.into(),
                    kind: kind.into(),
                }),
                how: MentionHow::Alias,
                resolution: None,
                acronym: None,
                role: None,
            });
        }
        rest = &after[close + 3 + spec_end..];
    }
    text.push_str(rest);
    let sentences = split_sentences(&text, lang);
    let code = match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
        Lang::Other => "und",
    };
    let doc = Document {
        id: DocId("test".into()),
        source: SourceRef::default(),
        meta: Default::default(),
        raw: text.clone(),
        html: None,
        offsets: OffsetMap::identity(text.len()),
        text,
        removed: Vec::new(),
        language: Language {
            code: code.into(),
            confidence: 1.0,
        },
        sentences,
        simhash: 0,
    };
    Marked {
        doc,
        mentions,
        times,
        places,
        published: published_day(),
    }
}

fn time_mention(words: &str, start: usize, end: usize, value: &str) -> TimeMention {
    let (direction, value) = match value.strip_prefix('>') {
        Some(v) => (Direction::Future, v),
        None => (Direction::Past, value),
    };
    if value == "~" {
        let to = NaiveDate::from_ymd_opt(2024, 5, 20).unwrap();
        let from = NaiveDate::from_ymd_opt(2023, 5, 20).unwrap();
        return TimeMention {
            text: words.into(),
            start,
            end,
            time: Some(TimeValue {
                start: from,
                end: to,
                precision: Precision::Year,
            }),
            direction: Direction::Past,
            role: TimeRole::Duration,
            rule: "test".into(),
        };
    }
    let precision = match value.len() {
        4 => Precision::Year,
        7 => Precision::Month,
        _ => Precision::Day,
    };
    TimeMention {
        text: words.into(),
        start,
        end,
        time: TimeValue::from_label(value, precision),
        direction,
        role: TimeRole::Date,
        rule: "test".into(),
    }
}

impl Marked {
    pub fn events(&self) -> Vec<Event> {
        extract_events(
            &self.doc,
            &self.mentions,
            &self.times,
            &self.places,
            &self.published,
            packs(),
        )
    }

    pub fn relations(&self) -> Vec<Relation> {
        let events = self.events();
        extract_relations(
            &self.doc,
            &self.mentions,
            &self.times,
            &events,
            &self.published,
            packs(),
        )
    }
}

pub fn lexicon() -> FactLexicon {
    FactLexicon::embedded()
}

/// The embedded packs, loaded once per test binary.
pub fn packs() -> &'static Packs {
    static PACKS: std::sync::OnceLock<Packs> = std::sync::OnceLock::new();
    PACKS.get_or_init(Packs::embedded)
}

/// A one-line rendering of a relation for assertions: "jnim affiliated_with al_qaeda".
pub fn show_relation(r: &Relation) -> String {
    let mut s = format!("{} {} {}", r.subject.id, r.predicate, r.object.id);
    if r.modality.as_str() != "asserted" {
        s.push_str(&format!(" ({})", r.modality));
    }
    if r.polarity.as_str() != "positive" {
        s.push_str(" (negative)");
    }
    s
}

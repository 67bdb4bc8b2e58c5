//! Scoring against gold facts (files in the format of `eval/seeds.gold.json`).
//!
//! The scorer reads faultline's public output — the JSON objects `faultline extract --json`
//! prints — rather than internal types, so it checks the contract users rely on and does not
//! change when internals do. It is pure: the caller runs the pipeline and hands over, per gold
//! document, the cleaned text and the extracted object.
//!
//! Gold sets are not exhaustive (they list the facts a reviewer cared about), so precision is
//! measured over the system's answers that touch a gold item (the same text span, or the same
//! actor pair), never over everything the system says. The method of each category is written
//! in the report header.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A gold file.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Gold {
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub documents: Vec<GoldDocument>,
    #[serde(default)]
    pub actors: Vec<GoldActor>,
    #[serde(default)]
    pub times: Vec<GoldTime>,
    #[serde(default)]
    pub places: Vec<GoldPlace>,
    #[serde(default)]
    pub relations: Vec<GoldRelation>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub must_not: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    pub doc: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub published: Option<GoldPublished>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPublished {
    pub value: Option<String>,
    pub precision: String,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldActor {
    pub id: String,
    pub canonical: String,
    pub kind: String,
    #[serde(default)]
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldTime {
    pub doc: String,
    pub text: String,
    pub value: Option<String>,
    pub precision: String,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPlace {
    pub doc: String,
    pub text: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub tolerance_km: f64,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldRelation {
    pub doc: String,
    pub subject: String,
    pub predicate: String,
    pub object: String,
    pub modality: String,
    pub polarity: String,
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    pub doc: String,
    #[serde(default)]
    pub id: String,
    pub date: Option<String>,
    pub time_precision: Option<u8>,
    pub event_type: String,
    pub sub_event_type: String,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub location: Option<GoldLocation>,
    pub fatalities: Option<u32>,
    #[serde(default)]
    pub modality: Option<String>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldLocation {
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    #[serde(default)]
    pub geo_precision: Option<u8>,
}

/// One gold document as the system saw it.
pub struct SystemDoc<'a> {
    /// The cleaned text the extracted spans index into.
    pub text: &'a str,
    /// The object `faultline extract --json` prints for it.
    pub extracted: &'a Value,
    /// The byline or dateline the cleaning stage lifted out of the text: a gold date
    /// written there is scored against the publication date.
    pub byline: Option<&'a str>,
}

/// Counts for one category.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Score {
    pub category: String,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Required gold items found, of those required.
    pub required_found: usize,
    pub required_total: usize,
}

impl Score {
    fn new(category: &str) -> Self {
        Score {
            category: category.into(),
            ..Score::default()
        }
    }

    /// "found/total" of the required items, or "-" when the category marks none required.
    pub fn required_label(&self) -> String {
        if self.required_total == 0 {
            "-".into()
        } else {
            format!("{}/{}", self.required_found, self.required_total)
        }
    }

    fn finish(mut self) -> Self {
        let tp = self.true_positives as f64;
        let p_den = tp + self.false_positives as f64;
        let r_den = tp + self.false_negatives as f64;
        self.precision = if p_den > 0.0 { tp / p_den } else { 1.0 };
        self.recall = if r_den > 0.0 { tp / r_den } else { 1.0 };
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
        self
    }
}

/// A gold item the system missed, or a wrong answer it gave.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub category: String,
    pub doc: String,
    pub kind: FindingKind,
    pub what: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A gold item with no correct system answer.
    Miss,
    /// A system answer that contradicts the gold.
    Wrong,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub scores: Vec<Score>,
    pub findings: Vec<Finding>,
}

/// Scores the system's output. `docs` maps gold document keys to what the system produced;
/// `actor_ids` maps gold actor ids to the system's actor ids (from the actor pack).
pub fn score(
    gold: &Gold,
    docs: &BTreeMap<String, SystemDoc<'_>>,
    actor_ids: &HashMap<String, String>,
) -> Report {
    let mut findings = Vec::new();
    let scores = vec![
        score_published(gold, docs, &mut findings),
        score_times(gold, docs, &mut findings),
        score_places(gold, docs, &mut findings),
    ]
    .into_iter()
    .chain(score_mentions(gold, docs, actor_ids, &mut findings))
    .chain([
        score_relations(gold, docs, actor_ids, &mut findings),
        score_events(gold, docs, actor_ids, &mut findings),
    ])
    .collect();
    findings.sort_by(|a, b| {
        (&a.category, &a.doc, a.kind, &a.what).cmp(&(&b.category, &b.doc, b.kind, &b.what))
    });
    Report { scores, findings }
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn span_of(v: &Value) -> Option<(usize, usize)> {
    Some((
        v.get("start")?.as_u64()? as usize,
        v.get("end")?.as_u64()? as usize,
    ))
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Every occurrence of `needle` in `text` at word boundaries.
fn occurrences(text: &str, needle: &str, case_sensitive: bool) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let (hay, pat) = if case_sensitive {
        (text.to_string(), needle.to_string())
    } else {
        (ascii_lower(text), ascii_lower(needle))
    };
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| h.find(&pat)) {
        let start = from + i;
        let end = start + pat.len();
        let before = hay.get(..start).and_then(|h| h.chars().next_back());
        let after = hay.get(end..).and_then(|h| h.chars().next());
        if !is_word(before) && !is_word(after) {
            out.push((start, end));
        }
        from = start + pat.len().max(1);
    }
    out
}

/// Lower-cases ASCII letters only, so byte offsets stay those of the original text.
fn ascii_lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn score_published(
    gold: &Gold,
    docs: &BTreeMap<String, SystemDoc<'_>>,
    findings: &mut Vec<Finding>,
) -> Score {
    let mut score = Score::new("published");
    for g in &gold.documents {
        let Some(gp) = &g.published else { continue };
        let sys = docs.get(&g.doc).and_then(|d| d.extracted.get("published"));
        let value = sys.and_then(|p| str_field(p, "value")).map(str::to_string);
        let precision = sys
            .and_then(|p| str_field(p, "precision"))
            .unwrap_or("unknown");
        if gp.required {
            score.required_total += 1;
        }
        if value == gp.value && precision == gp.precision {
            score.true_positives += 1;
            if gp.required {
                score.required_found += 1;
            }
            continue;
        }
        // A date where gold says unknown is a false fact; a wrong date is both a miss and a
        // false fact; no date where gold has one is a miss.
        if value.is_some() {
            score.false_positives += 1;
        }
        if gp.value.is_some() || value.is_none() {
            score.false_negatives += 1;
        }
        findings.push(Finding {
            category: "published".into(),
            doc: g.doc.clone(),
            kind: if value.is_some() {
                FindingKind::Wrong
            } else {
                FindingKind::Miss
            },
            what: format!(
                "gold {} ({}), system {} ({})",
                gp.value.as_deref().unwrap_or("null"),
                gp.precision,
                value.as_deref().unwrap_or("null"),
                precision
            ),
        });
    }
    score.finish()
}

fn score_times(
    gold: &Gold,
    docs: &BTreeMap<String, SystemDoc<'_>>,
    findings: &mut Vec<Finding>,
) -> Score {
    let mut score = Score::new("times");
    for g in &gold.times {
        if g.required {
            score.required_total += 1;
        }
        let Some(doc) = docs.get(&g.doc) else {
            score.false_negatives += 1;
            continue;
        };
        let spans = occurrences(doc.text, &g.text, false);
        if spans.is_empty() && doc.byline.is_some_and(|b| b.contains(&g.text)) {
            let published = doc.extracted.get("published");
            let right = published.is_some_and(|p| {
                str_field(p, "value") == g.value.as_deref()
                    && str_field(p, "precision") == Some(g.precision.as_str())
            });
            if right {
                score.true_positives += 1;
                if g.required {
                    score.required_found += 1;
                }
            } else {
                score.false_negatives += 1;
                findings.push(Finding {
                    category: "times".into(),
                    doc: g.doc.clone(),
                    kind: FindingKind::Wrong,
                    what: format!(
                        "{:?} (in the byline): gold {} ({}), published {}",
                        g.text,
                        g.value.as_deref().unwrap_or("null"),
                        g.precision,
                        published.map_or_else(|| "nothing".to_string(), Value::to_string)
                    ),
                });
            }
            continue;
        }
        let system: Vec<&Value> = doc
            .extracted
            .get("times")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|t| span_of(t).is_some_and(|s| spans.iter().any(|g| overlaps(s, *g))))
                    .collect()
            })
            .unwrap_or_default();
        let right = system.iter().any(|t| {
            str_field(t, "value") == g.value.as_deref()
                && str_field(t, "precision") == Some(g.precision.as_str())
        });
        if right {
            score.true_positives += 1;
            if g.required {
                score.required_found += 1;
            }
        } else {
            score.false_negatives += 1;
            let said: Vec<String> = system
                .iter()
                .map(|t| {
                    format!(
                        "{:?} {} ({})",
                        str_field(t, "text").unwrap_or(""),
                        str_field(t, "value").unwrap_or("null"),
                        str_field(t, "precision").unwrap_or("?")
                    )
                })
                .collect();
            if !said.is_empty() {
                score.false_positives += 1;
            }
            findings.push(Finding {
                category: "times".into(),
                doc: g.doc.clone(),
                kind: if said.is_empty() {
                    FindingKind::Miss
                } else {
                    FindingKind::Wrong
                },
                what: format!(
                    "{:?}: gold {} ({}), system {}",
                    g.text,
                    g.value.as_deref().unwrap_or("null"),
                    g.precision,
                    if said.is_empty() {
                        "nothing".to_string()
                    } else {
                        said.join("; ")
                    }
                ),
            });
        }
    }
    score.finish()
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let r = 6371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * a.sqrt().asin()
}

fn score_places(
    gold: &Gold,
    docs: &BTreeMap<String, SystemDoc<'_>>,
    findings: &mut Vec<Finding>,
) -> Score {
    let mut score = Score::new("places");
    for g in &gold.places {
        if g.required {
            score.required_total += 1;
        }
        let Some(doc) = docs.get(&g.doc) else {
            score.false_negatives += 1;
            continue;
        };
        let spans = occurrences(doc.text, &g.text, false);
        let system: Vec<&Value> = doc
            .extracted
            .get("places")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|p| span_of(p).is_some_and(|s| spans.iter().any(|g| overlaps(s, *g))))
                    .collect()
            })
            .unwrap_or_default();
        let distance = |p: &Value| -> Option<f64> {
            let lat = p.get("lat")?.as_f64()?;
            let lon = p.get("lon")?.as_f64()?;
            Some(haversine_km(g.lat, g.lon, lat, lon))
        };
        let best = system
            .iter()
            .filter_map(|p| distance(p).map(|d| (d, *p)))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((d, _)) if d <= g.tolerance_km => {
                score.true_positives += 1;
                if g.required {
                    score.required_found += 1;
                }
            }
            other => {
                score.false_negatives += 1;
                if other.is_some() {
                    score.false_positives += 1;
                }
                findings.push(Finding {
                    category: "places".into(),
                    doc: g.doc.clone(),
                    kind: if other.is_some() {
                        FindingKind::Wrong
                    } else {
                        FindingKind::Miss
                    },
                    what: match other {
                        Some((d, p)) => format!(
                            "{:?}: resolved to {} {:.0} km away (tolerance {} km)",
                            g.text,
                            str_field(p, "name").unwrap_or("?"),
                            d,
                            g.tolerance_km
                        ),
                        None => format!("{:?} ({}): not found", g.text, g.name),
                    },
                });
            }
        }
    }
    score.finish()
}

/// Actor mentions, one score per gold actor kind plus a total. A gold mention is an
/// occurrence of one of a gold actor's names in a document (acronyms in capitals match
/// case-sensitively, longer names first, occurrences not overlapping); the system finds it
/// when one of its mentions overlaps it and links to that actor.
fn score_mentions(
    gold: &Gold,
    docs: &BTreeMap<String, SystemDoc<'_>>,
    actor_ids: &HashMap<String, String>,
    findings: &mut Vec<Finding>,
) -> Vec<Score> {
    let mut by_kind: BTreeMap<String, Score> = BTreeMap::new();
    let mut total = Score::new("mentions (all kinds)");
    for (key, doc) in docs {
        // Gold occurrences in this document: (span, gold actor).
        let mut names: Vec<(&str, &GoldActor)> = gold
            .actors
            .iter()
            .flat_map(|a| a.names.iter().map(move |n| (n.as_str(), a)))
            .collect();
        names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        let mut taken: Vec<((usize, usize), &GoldActor)> = Vec::new();
        for (name, actor) in names {
            let acronym = name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            for span in occurrences(doc.text, name, acronym) {
                if !taken.iter().any(|(s, _)| overlaps(*s, span)) {
                    taken.push((span, actor));
                }
            }
        }
        let system: Vec<&Value> = doc
            .extracted
            .get("mentions")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for (span, actor) in &taken {
            let kind = by_kind
                .entry(actor.kind.clone())
                .or_insert_with(|| Score::new(&format!("mentions: {}", actor.kind)));
            let want = actor_ids.get(&actor.id);
            let touching: Vec<&&Value> = system
                .iter()
                .filter(|m| span_of(m).is_some_and(|s| overlaps(s, *span)))
                .collect();
            let linked_id = |m: &Value| -> Option<String> {
                m.get("actor")?.get("id")?.as_str().map(str::to_string)
            };
            let right = want.is_some() && touching.iter().any(|m| linked_id(m).as_ref() == want);
            let surface = doc.text.get(span.0..span.1).unwrap_or("");
            if right {
                kind.true_positives += 1;
                total.true_positives += 1;
            } else {
                kind.false_negatives += 1;
                total.false_negatives += 1;
                let wrong: Vec<String> = touching.iter().filter_map(|m| linked_id(m)).collect();
                if !wrong.is_empty() {
                    kind.false_positives += 1;
                    total.false_positives += 1;
                }
                findings.push(Finding {
                    category: "mentions".into(),
                    doc: key.clone(),
                    kind: if wrong.is_empty() {
                        FindingKind::Miss
                    } else {
                        FindingKind::Wrong
                    },
                    what: format!(
                        "{surface:?} at {}..{} should link to {} ({}){}",
                        span.0,
                        span.1,
                        actor.id,
                        want.map_or("no pack actor", String::as_str),
                        if wrong.is_empty() {
                            String::new()
                        } else {
                            format!(", linked to {}", wrong.join(", "))
                        }
                    ),
                });
            }
        }
    }
    let mut out: Vec<Score> = by_kind.into_values().map(Score::finish).collect();
    out.push(total.finish());
    out
}

/// Predicates whose two actors can be given in either order.
fn symmetric(predicate: &str) -> bool {
    matches!(
        predicate,
        "allied_with" | "non_aggression_pact" | "negotiating_with" | "rival_of"
    )
}

fn actor_id_of(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.get("id")?.as_str().map(str::to_string)
}

/// Relations: a gold relation is found when the system states the same predicate between
/// the same two actors (either order for symmetric predicates) in that document, with the
/// same modality and polarity. A system relation in a gold document that matches no gold
/// relation counts against precision; so does one with the right actors and predicate but
/// the wrong modality or polarity ("wants a pact" stated as a pact).
fn score_relations(
    gold: &Gold,
    docs: &BTreeMap<String, SystemDoc<'_>>,
    actor_ids: &HashMap<String, String>,
    findings: &mut Vec<Finding>,
) -> Score {
    let mut score = Score::new("relations");
    let gold_docs: BTreeSet<&str> = gold.relations.iter().map(|r| r.doc.as_str()).collect();
    let mut used: BTreeSet<(String, usize)> = BTreeSet::new();
    let same_pair = |g: &GoldRelation, r: &Value| -> bool {
        let (Some(gs), Some(go)) = (actor_ids.get(&g.subject), actor_ids.get(&g.object)) else {
            return false;
        };
        let (s, o) = (actor_id_of(r, "subject"), actor_id_of(r, "object"));
        str_field(r, "predicate") == Some(g.predicate.as_str())
            && ((s.as_ref() == Some(gs) && o.as_ref() == Some(go))
                || (symmetric(&g.predicate) && s.as_ref() == Some(go) && o.as_ref() == Some(gs)))
    };
    for g in &gold.relations {
        if g.required {
            score.required_total += 1;
        }
        let system: Vec<&Value> = docs
            .get(&g.doc)
            .and_then(|d| d.extracted.get("relations"))
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let exact = system.iter().enumerate().find(|(_, r)| {
            same_pair(g, r)
                && str_field(r, "modality") == Some(g.modality.as_str())
                && str_field(r, "polarity") == Some(g.polarity.as_str())
        });
        if let Some((i, _)) = exact {
            used.insert((g.doc.clone(), i));
            score.true_positives += 1;
            if g.required {
                score.required_found += 1;
            }
            continue;
        }
        score.false_negatives += 1;
        let near: Vec<String> = system
            .iter()
            .filter(|r| same_pair(g, r))
            .map(|r| {
                format!(
                    "{} {}",
                    str_field(r, "modality").unwrap_or("?"),
                    str_field(r, "polarity").unwrap_or("?")
                )
            })
            .collect();
        findings.push(Finding {
            category: "relations".into(),
            doc: g.doc.clone(),
            kind: if near.is_empty() {
                FindingKind::Miss
            } else {
                FindingKind::Wrong
            },
            what: format!(
                "{} {} {} ({} {}){}{}",
                g.subject,
                g.predicate,
                g.object,
                g.modality,
                g.polarity,
                if g.required { "" } else { " [optional]" },
                if near.is_empty() {
                    String::new()
                } else {
                    format!(", system says {}", near.join("; "))
                }
            ),
        });
    }
    let names: HashMap<&String, &String> = actor_ids.iter().map(|(g, s)| (s, g)).collect();
    for doc in gold_docs {
        let Some(d) = docs.get(doc) else { continue };
        let Some(system) = d.extracted.get("relations").and_then(Value::as_array) else {
            continue;
        };
        for (i, r) in system.iter().enumerate() {
            if used.contains(&(doc.to_string(), i)) {
                continue;
            }
            score.false_positives += 1;
            let show = |key: &str| {
                actor_id_of(r, key)
                    .map(|id| names.get(&id).map_or(id.clone(), |g| (*g).clone()))
                    .unwrap_or_default()
            };
            findings.push(Finding {
                category: "relations".into(),
                doc: doc.to_string(),
                kind: FindingKind::Wrong,
                what: format!(
                    "not in gold: {} {} {} ({} {}) from {:?}",
                    show("subject"),
                    str_field(r, "predicate").unwrap_or("?"),
                    show("object"),
                    str_field(r, "modality").unwrap_or("?"),
                    str_field(r, "polarity").unwrap_or("?"),
                    r.get("evidence")
                        .and_then(|e| str_field(e, "sentence"))
                        .map(|s| s.chars().take(90).collect::<String>())
                        .unwrap_or_default()
                ),
            });
        }
    }
    score.finish()
}

/// Events: a gold event is found when the system reports, in that document, an event of the
/// same sub-event type involving at least one of its actors; the date, place and fatalities
/// of found events are then checked and disagreements listed (they do not count twice). A
/// system event asserted in a gold document that matches no gold event counts against
/// precision.
fn score_events(
    gold: &Gold,
    docs: &BTreeMap<String, SystemDoc<'_>>,
    actor_ids: &HashMap<String, String>,
    findings: &mut Vec<Finding>,
) -> Score {
    let mut score = Score::new("events");
    let gold_docs: BTreeSet<&str> = gold.events.iter().map(|e| e.doc.as_str()).collect();
    let mut used: BTreeSet<(String, usize)> = BTreeSet::new();
    for g in &gold.events {
        if g.required {
            score.required_total += 1;
        }
        let wanted: BTreeSet<&String> = g.actors.iter().filter_map(|a| actor_ids.get(a)).collect();
        let system: Vec<&Value> = docs
            .get(&g.doc)
            .and_then(|d| d.extracted.get("events"))
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let involved = |e: &Value| -> BTreeSet<String> {
            let mut ids: BTreeSet<String> = ["actor1", "actor2"]
                .iter()
                .filter_map(|k| actor_id_of(e, k))
                .collect();
            if let Some(assoc) = e.get("assoc_actors").and_then(Value::as_array) {
                ids.extend(
                    assoc
                        .iter()
                        .filter_map(|a| a.get("id")?.as_str().map(str::to_string)),
                );
            }
            ids
        };
        let found = system.iter().enumerate().find(|(i, e)| {
            !used.contains(&(g.doc.clone(), *i))
                && str_field(e, "sub_event_type") == Some(g.sub_event_type.as_str())
                && involved(e).iter().any(|a| wanted.contains(a))
        });
        let Some((i, e)) = found else {
            score.false_negatives += 1;
            let other: Vec<String> = system
                .iter()
                .filter(|e| involved(e).iter().any(|a| wanted.contains(a)))
                .map(|e| str_field(e, "sub_event_type").unwrap_or("?").to_string())
                .collect();
            findings.push(Finding {
                category: "events".into(),
                doc: g.doc.clone(),
                kind: FindingKind::Miss,
                what: format!(
                    "{} ({}, {}){}{}",
                    g.sub_event_type,
                    if g.id.is_empty() { "-" } else { &g.id },
                    g.date.as_deref().unwrap_or("undated"),
                    if g.required { "" } else { " [optional]" },
                    if other.is_empty() {
                        String::new()
                    } else {
                        format!(", system has {} with these actors", other.join(", "))
                    }
                ),
            });
            continue;
        };
        used.insert((g.doc.clone(), i));
        score.true_positives += 1;
        if g.required {
            score.required_found += 1;
        }
        let mut wrong = Vec::new();
        if str_field(e, "date") != g.date.as_deref() {
            wrong.push(format!(
                "date {} (gold {})",
                str_field(e, "date").unwrap_or("null"),
                g.date.as_deref().unwrap_or("null")
            ));
        }
        let fatalities = e
            .get("fatalities")
            .and_then(Value::as_u64)
            .map(|f| f as u32);
        if fatalities != g.fatalities {
            wrong.push(format!(
                "fatalities {:?} (gold {:?})",
                fatalities, g.fatalities
            ));
        }
        if let Some(gl) = &g.location {
            let sl = e.get("location").filter(|l| !l.is_null());
            let ok = match (gl.lat, gl.lon, sl) {
                (Some(lat), Some(lon), Some(l)) => {
                    match (
                        l.get("lat").and_then(Value::as_f64),
                        l.get("lon").and_then(Value::as_f64),
                    ) {
                        (Some(a), Some(b)) => haversine_km(lat, lon, a, b) <= 50.0,
                        _ => false,
                    }
                }
                (Some(_), Some(_), None) => false,
                // A vague gold place (a region or the country): any place of precision 3, or
                // none, is acceptable.
                _ => sl.is_none_or(|l| {
                    l.get("geo_precision").and_then(Value::as_u64).unwrap_or(3) >= 2
                }),
            };
            if !ok {
                wrong.push(format!(
                    "place {} (gold {})",
                    sl.and_then(|l| str_field(l, "name")).unwrap_or("none"),
                    gl.name
                ));
            }
        }
        if !wrong.is_empty() {
            findings.push(Finding {
                category: "events".into(),
                doc: g.doc.clone(),
                kind: FindingKind::Wrong,
                what: format!("{} found, but {}", g.sub_event_type, wrong.join(", ")),
            });
        }
    }
    for doc in gold_docs {
        let Some(d) = docs.get(doc) else { continue };
        let Some(system) = d.extracted.get("events").and_then(Value::as_array) else {
            continue;
        };
        for (i, e) in system.iter().enumerate() {
            let asserted = str_field(e, "modality") == Some("asserted")
                && str_field(e, "polarity") == Some("positive");
            if used.contains(&(doc.to_string(), i)) || !asserted {
                continue;
            }
            score.false_positives += 1;
            findings.push(Finding {
                category: "events".into(),
                doc: doc.to_string(),
                kind: FindingKind::Wrong,
                what: format!(
                    "not in gold: {} {} from {:?}",
                    str_field(e, "sub_event_type").unwrap_or("?"),
                    str_field(e, "date").unwrap_or("undated"),
                    e.get("evidence")
                        .and_then(|v| str_field(v, "sentence"))
                        .map(|s| s.chars().take(90).collect::<String>())
                        .unwrap_or_default()
                ),
            });
        }
    }
    score.finish()
}

impl Report {
    /// A Markdown rendering, stable for the same input, meant to be committed so that
    /// quality changes show up in review as a diff.
    pub fn to_markdown(&self, title: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# {title}\n");
        let _ = writeln!(
            s,
            "Generated by `faultline eval`; do not edit by hand. Precision counts only system \
             answers that touch a gold item (gold sets are not exhaustive).\n"
        );
        let _ = writeln!(
            s,
            "| category | precision | recall | F1 | TP | FP | FN | required found |"
        );
        let _ = writeln!(s, "|---|---|---|---|---|---|---|---|");
        for c in &self.scores {
            let _ = writeln!(
                s,
                "| {} | {:.2} | {:.2} | {:.2} | {} | {} | {} | {} |",
                c.category,
                c.precision,
                c.recall,
                c.f1,
                c.true_positives,
                c.false_positives,
                c.false_negatives,
                c.required_label()
            );
        }
        let _ = writeln!(s, "\n## Misses and wrong answers\n");
        if self.findings.is_empty() {
            let _ = writeln!(s, "None.");
        }
        for f in &self.findings {
            let kind = match f.kind {
                FindingKind::Miss => "miss",
                FindingKind::Wrong => "wrong",
            };
            let _ = writeln!(s, "- {} `{}` {}: {}", f.category, f.doc, kind, f.what);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The system's output for one gold document named "d".
    fn one_doc<'a>(text: &'a str, extracted: &'a Value) -> BTreeMap<String, SystemDoc<'a>> {
        BTreeMap::from([(
            "d".to_string(),
            SystemDoc {
                text,
                extracted,
                byline: None,
            },
        )])
    }

    #[test]
    fn occurrences_respect_word_boundaries_and_case() {
        let text = "MAA fighters; the maa; MAAs; CMA and Kidal";
        assert_eq!(occurrences(text, "MAA", true), vec![(0, 3)]);
        assert_eq!(occurrences(text, "kidal", false), vec![(37, 42)]);
    }

    #[test]
    fn times_are_found_only_with_the_right_value_and_precision() {
        let gold: Gold = serde_json::from_value(json!({
            "times": [
                {"doc": "d", "text": "last November", "value": "2023-11", "precision": "month", "required": true},
                {"doc": "d", "text": "On April 5", "value": "2024-04-05", "precision": "day", "required": true}
            ]
        }))
        .unwrap();
        let text = "Kidal fell last November. On April 5 they fought.";
        let extracted = json!({"times": [
            {"text": "last November", "start": 11, "end": 24, "value": "2023-11", "precision": "month"},
            {"text": "April 5", "start": 29, "end": 36, "value": "2023-04-05", "precision": "day"}
        ]});
        let docs = one_doc(text, &extracted);
        let report = score(&gold, &docs, &HashMap::new());
        let times = report
            .scores
            .iter()
            .find(|s| s.category == "times")
            .unwrap();
        assert_eq!(
            (
                times.true_positives,
                times.false_positives,
                times.false_negatives
            ),
            (1, 1, 1)
        );
        assert_eq!((times.required_found, times.required_total), (1, 2));
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.what.contains("2023-04-05"))
        );
    }

    #[test]
    fn places_count_within_tolerance_only() {
        let gold: Gold = serde_json::from_value(json!({
            "places": [{"doc": "d", "text": "Gao", "name": "Gao", "lat": 16.27, "lon": -0.04, "tolerance_km": 25, "required": true}]
        }))
        .unwrap();
        let text = "Fighting near Gao.";
        let near = json!({"places": [{"text": "Gao", "start": 14, "end": 17, "name": "Gao", "lat": 16.3, "lon": -0.05}]});
        let far = json!({"places": [{"text": "Gao", "start": 14, "end": 17, "name": "Gao (elsewhere)", "lat": 10.0, "lon": 5.0}]});
        for (extracted, tp) in [(near, 1), (far, 0)] {
            let docs = one_doc(text, &extracted);
            let report = score(&gold, &docs, &HashMap::new());
            let places = report
                .scores
                .iter()
                .find(|s| s.category == "places")
                .unwrap();
            assert_eq!(places.true_positives, tp);
        }
    }

    #[test]
    fn relations_need_modality_and_polarity_and_extra_ones_cost_precision() {
        let gold: Gold = serde_json::from_value(json!({
            "relations": [
                {"doc": "d", "subject": "csp", "predicate": "non_aggression_pact", "object": "jnim",
                 "modality": "intended", "polarity": "positive", "required": true},
                {"doc": "d", "subject": "csp", "predicate": "allied_with", "object": "jnim",
                 "modality": "asserted", "polarity": "negative", "required": true}
            ]
        }))
        .unwrap();
        let r = |s: &str, p: &str, o: &str, m: &str, pol: &str| json!({"subject": {"id": s}, "predicate": p, "object": {"id": o}, "modality": m, "polarity": pol});
        let extracted = json!({"relations": [
            // symmetric: either order matches
            r("p-jnim", "non_aggression_pact", "p-csp", "intended", "positive"),
            // right pair, wrong polarity: a false fact
            r("p-csp", "allied_with", "p-jnim", "asserted", "positive"),
        ]});
        let docs = one_doc("", &extracted);
        let ids = HashMap::from([
            ("csp".to_string(), "p-csp".to_string()),
            ("jnim".to_string(), "p-jnim".to_string()),
        ]);
        let report = score(&gold, &docs, &ids);
        let rel = report
            .scores
            .iter()
            .find(|s| s.category == "relations")
            .unwrap();
        assert_eq!(
            (rel.true_positives, rel.false_positives, rel.false_negatives),
            (1, 1, 1)
        );
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.what.contains("system says asserted positive"))
        );
    }

    #[test]
    fn events_match_on_type_and_actors_and_report_wrong_fields() {
        let gold: Gold = serde_json::from_value(json!({
            "events": [{"doc": "d", "id": "clash", "date": "2024-04-05", "time_precision": 1,
                        "event_type": "Battles", "sub_event_type": "Armed clash",
                        "actors": ["jnim", "csp"], "fatalities": 40, "required": true}]
        }))
        .unwrap();
        let extracted = json!({"events": [
            {"sub_event_type": "Armed clash", "date": "2024-04-05", "actor1": {"id": "p-jnim"},
             "actor2": {"id": "p-csp"}, "fatalities": 20, "modality": "asserted", "polarity": "positive"},
            {"sub_event_type": "Attack", "date": null, "actor1": {"id": "p-jnim"},
             "modality": "asserted", "polarity": "positive"}
        ]});
        let docs = one_doc("", &extracted);
        let ids = HashMap::from([
            ("csp".to_string(), "p-csp".to_string()),
            ("jnim".to_string(), "p-jnim".to_string()),
        ]);
        let report = score(&gold, &docs, &ids);
        let ev = report
            .scores
            .iter()
            .find(|s| s.category == "events")
            .unwrap();
        assert_eq!(
            (ev.true_positives, ev.false_positives, ev.false_negatives),
            (1, 1, 0)
        );
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.what.contains("fatalities Some(20)"))
        );
    }

    #[test]
    fn mentions_need_the_right_actor() {
        let gold: Gold = serde_json::from_value(json!({
            "actors": [{"id": "jnim", "canonical": "JNIM", "kind": "jihadist_group", "names": ["JNIM", "Jnim"]}]
        }))
        .unwrap();
        let text = "Jnim attacked. JNIM withdrew.";
        let extracted = json!({"mentions": [
            {"text": "Jnim", "start": 0, "end": 4, "actor": {"id": "p-jnim"}},
            {"text": "JNIM", "start": 15, "end": 19, "actor": {"id": "p-other"}}
        ]});
        let docs = one_doc(text, &extracted);
        let ids = HashMap::from([("jnim".to_string(), "p-jnim".to_string())]);
        let report = score(&gold, &docs, &ids);
        let all = report
            .scores
            .iter()
            .find(|s| s.category == "mentions (all kinds)")
            .unwrap();
        assert_eq!(
            (all.true_positives, all.false_positives, all.false_negatives),
            (1, 1, 1)
        );
    }
}

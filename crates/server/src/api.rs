//! The handlers of API v1: each checks its parameters, runs one store query on a blocking
//! thread, and turns the answer into the view types of [`crate::views`].
//!
//! Read-only by construction: the database is opened with `Store::open_read_only`, and no
//! route takes a body. Actor metadata (names over time, memberships, leaders) comes from the
//! actor pack; what articles say comes from the store. Decisions about facts (merging,
//! the state of a relation at a date) belong to the store: this module only asks and shapes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::{Datelike, NaiveDate};
use faultline_model::actor::{Actor, ActorRelation, RelationKind};
use faultline_store::{EventQuery, Store};
use utoipa::OpenApi;

use crate::AppState;
use crate::error::{ApiError, Code, ErrorBody, ErrorDetail};
use crate::params::{
    self, ActorListParams, AtParams, DEFAULT_LIMIT, EventParams, HistogramParams, MAX_LIMIT,
    MAX_QUERY_CHARS, SearchParams,
};
use crate::views::*;

/// The parts of the OpenAPI document that are not routes; `utoipa_axum` adds each route as
/// it is registered, so a route cannot exist without its description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "faultline API",
        version = "1",
        description = "Read-only access to a faultline knowledge base: actors, events, relations at a date, documents with their spans, search. Errors are `{\"error\": {\"code\", \"message\"}}`."
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    tags((name = "faultline", description = "API v1"))
)]
pub struct ApiDoc;

type ApiResult<T> = Result<Json<T>, ApiError>;

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::new(Code::BadParameter, format!("bad query string: {e}")))
}

/// Counts of what the database holds, and the span of event dates.
#[utoipa::path(get, path = "/api/v1/stats", tag = "faultline",
    responses((status = 200, body = StatsView), (status = 503, body = ErrorBody)))]
pub async fn stats(State(state): State<AppState>) -> ApiResult<StatsView> {
    let hist = state.clone();
    state
        .with_store(move |store| {
            let mut view = StatsView::new(&store.stats()?);
            let summary = hist.summary(store)?;
            view.first_event = summary.days.days.first().map(|(d, _)| d.to_string());
            view.last_event = summary.days.days.last().map(|(d, _)| d.to_string());
            view.first_relation = summary.first_relation.clone();
            view.last_relation = summary.last_relation.clone();
            Ok(view)
        })
        .await
        .map(Json)
}

/// Actors seen in the documents (or every pack actor with `all=true`), most mentioned first.
#[utoipa::path(get, path = "/api/v1/actors", tag = "faultline", params(ActorListParams),
    responses((status = 200, body = ActorsView), (status = 400, body = ErrorBody)))]
pub async fn actors(
    State(state): State<AppState>,
    q: Result<Query<ActorListParams>, QueryRejection>,
) -> ApiResult<ActorsView> {
    let p = query(q)?;
    let all = params::flag("all", p.all.as_deref())?;
    let needle =
        p.q.map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
    let packs = state.packs();
    state
        .with_store(move |store| {
            let counts = store.mention_counts()?;
            let mut out: Vec<ActorSummary> = Vec::new();
            let mut listed = BTreeSet::new();
            for a in packs.actors.actors() {
                let mentions = counts.get(&a.id).copied().unwrap_or(0);
                if mentions > 0 || all {
                    listed.insert(a.id.clone());
                    out.push(pack_summary(a, mentions));
                }
            }
            // Actors learned from text (candidates) have no pack entry.
            for (id, mentions) in &counts {
                if !listed.contains(id) {
                    out.push(ActorSummary {
                        id: id.clone(),
                        name: id.clone(),
                        kind: None,
                        countries: Vec::new(),
                        mentions: *mentions,
                        in_pack: false,
                    });
                }
            }
            if let Some(n) = &needle {
                out.retain(|a| a.name.to_lowercase().contains(n) || a.id.contains(n.as_str()));
            }
            out.sort_by(|a, b| {
                b.mentions
                    .cmp(&a.mentions)
                    .then_with(|| a.name.cmp(&b.name))
            });
            Ok(ActorsView { actors: out })
        })
        .await
        .map(Json)
}

fn pack_summary(a: &Actor, mentions: i64) -> ActorSummary {
    ActorSummary {
        id: a.id.clone(),
        name: a.name.clone(),
        kind: Some(a.kind.as_str().to_string()),
        countries: a.countries.clone(),
        mentions,
        in_pack: true,
    }
}

/// Entries of an actor's timeline the actor view carries: the newest. A much-reported actor
/// has tens of thousands, which made the response tens of megabytes.
pub const ACTOR_TIMELINE: usize = 200;

/// One actor: names over time, memberships, leaders, activity and the newest entries of its
/// timeline.
#[utoipa::path(get, path = "/api/v1/actors/{id}", tag = "faultline",
    params(("id" = String, Path, description = "Actor id")),
    responses((status = 200, body = ActorDetail), (status = 404, body = ErrorBody)))]
pub async fn actor(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<ActorDetail> {
    let id = params::actor_id(Some(&id))?
        .ok_or_else(|| ApiError::bad_parameter("id", "empty actor id"))?;
    let packs = state.packs();
    state
        .with_store(move |store| {
            let activity = store.actor_activity(&id)?;
            let timeline = store.timeline(&id, ACTOR_TIMELINE)?;
            let pack_actor = packs.actors.actor(&id);
            if pack_actor.is_none() && activity.mentions == 0 && timeline.total == 0 {
                return Err(ApiError::not_found(format!("actor {id:?}")));
            }
            let pack_ref = |aid: &str| ActorRef {
                id: aid.to_string(),
                name: packs
                    .actors
                    .actor(aid)
                    .map_or_else(|| aid.to_string(), |a| a.name.clone()),
                kind: packs.actors.actor(aid).map(|a| a.kind.as_str().to_string()),
            };
            let relation_view = |r: &ActorRelation| PackRelationView {
                relation: r.relation.as_str().to_string(),
                subject: pack_ref(&r.subject),
                object: pack_ref(&r.object),
                title: r.title.clone(),
                from: r.period.from.map(|d| d.to_string()),
                to: r.period.to.map(|d| d.to_string()),
                source: r.source.clone(),
            };
            let (memberships, members): (Vec<_>, Vec<_>) = packs
                .actors
                .relations_of(&id)
                .partition(|r| r.subject == id);
            let mut aliases: Vec<String> = packs
                .actors
                .aliases_of(&id)
                .map(|a| a.text.clone())
                .collect();
            aliases.sort();
            aliases.dedup();
            let name = pack_actor.map_or_else(|| id.clone(), |a| a.name.clone());
            Ok(ActorDetail {
                id: id.clone(),
                name,
                kind: pack_actor.map(|a| a.kind.as_str().to_string()),
                countries: pack_actor.map(|a| a.countries.clone()).unwrap_or_default(),
                from: pack_actor.and_then(|a| a.period.from.map(|d| d.to_string())),
                to: pack_actor.and_then(|a| a.period.to.map(|d| d.to_string())),
                in_pack: pack_actor.is_some(),
                names: packs
                    .actors
                    .names_of(&id)
                    .into_iter()
                    .map(|n| NameView {
                        name: n.name.clone(),
                        from: n.period.from.map(|d| d.to_string()),
                        to: n.period.to.map(|d| d.to_string()),
                    })
                    .collect(),
                aliases,
                memberships: memberships.into_iter().map(relation_view).collect(),
                members: members.into_iter().map(relation_view).collect(),
                activity: ActivityView::from(&activity),
                timeline: timeline
                    .entries
                    .iter()
                    .map(TimelineEntryView::from)
                    .collect(),
                timeline_total: timeline.total,
            })
        })
        .await
        .map(Json)
}

/// The state of every relation at a date, optionally around one actor.
#[utoipa::path(get, path = "/api/v1/relations", tag = "faultline", params(AtParams),
    responses((status = 200, body = RelationsView), (status = 400, body = ErrorBody)))]
pub async fn relations(
    State(state): State<AppState>,
    q: Result<Query<AtParams>, QueryRejection>,
) -> ApiResult<RelationsView> {
    let p = query(q)?;
    let at = at_or_today(p.at.as_deref())?;
    let actor = params::actor_id(p.actor.as_deref())?;
    let keep = params::evidence(p.evidence.as_deref(), 50)?;
    let target = params::actor_id(p.target.as_deref())?;
    let predicate = p.predicate.filter(|s| !s.trim().is_empty());
    let one_edge = match (&actor, target, predicate) {
        (Some(actor), Some(target), Some(predicate)) => Some((actor.clone(), target, predicate)),
        (_, None, None) => None,
        _ => {
            return Err(ApiError::bad_parameter(
                "target",
                "`target` and `predicate` go together, with `actor`",
            ));
        }
    };
    let packs = state.packs();
    state
        .with_store(move |store| {
            let day = at.to_string();
            let edges = match &one_edge {
                Some((subject, object, predicate)) => store
                    .relation_at(&day, subject, predicate, object, Some(keep))?
                    .into_iter()
                    .collect(),
                None => store.relations_at_with(&day, actor.as_deref(), Some(keep))?,
            };
            Ok(RelationsView {
                at: at.to_string(),
                actor,
                edges: edges
                    .iter()
                    .map(|e| shown(e, &packs.actors, at, keep))
                    .collect(),
            })
        })
        .await
        .map(Json)
}

/// An edge as answered: both ends under the names they carried at `at` (an actor renamed
/// later shows its old name on an old date, as the graph's nodes do), and only the newest
/// `keep` pieces of evidence, so that an edge repeated in thousands of articles stays small.
fn shown(
    edge: &faultline_store::Edge,
    pack: &faultline_packs::actors::ActorPack,
    at: NaiveDate,
    keep: usize,
) -> EdgeView {
    let mut edge = EdgeView::from(edge);
    edge.evidence.truncate(keep);
    for end in [&mut edge.source, &mut edge.target] {
        if let Some(name) = pack.name_at(&end.id, Some(at)) {
            end.name = name.to_string();
        }
    }
    edge
}

fn at_or_today(at: Option<&str>) -> Result<NaiveDate, ApiError> {
    Ok(params::opt_date("at", at)?.unwrap_or_else(|| chrono::Local::now().date_naive()))
}

/// The actor graph at a date: actors and the state of their relations, with coalition
/// members grouped under their coalition.
#[utoipa::path(get, path = "/api/v1/graph", tag = "faultline", params(AtParams),
    responses((status = 200, body = GraphView), (status = 400, body = ErrorBody)))]
pub async fn graph(
    State(state): State<AppState>,
    q: Result<Query<AtParams>, QueryRejection>,
) -> ApiResult<GraphView> {
    let p = query(q)?;
    let at = at_or_today(p.at.as_deref())?;
    let keep = params::evidence(p.evidence.as_deref(), 3)?;
    let packs = state.packs();
    state
        .with_store(move |store| {
            let g = store.graph_at_with(&at.to_string(), Some(keep))?;
            let edges: Vec<EdgeView> = g
                .edges
                .iter()
                .map(|e| shown(e, &packs.actors, at, keep))
                .collect();
            Ok(GraphView {
                at: g.at.clone(),
                nodes: graph_nodes(&g.nodes, &edges, &packs.actors, at),
                edges,
            })
        })
        .await
        .map(Json)
}

/// Names each node as it was called at `at` and puts it under the coalition it belonged to
/// then: from an established `member_of` edge in the store first, else from the pack. A
/// coalition absent from the graph is added when at least two of its members are present, so
/// that the group shows even before an article names the coalition itself.
fn graph_nodes(
    nodes: &[faultline_store::Node],
    edges: &[EdgeView],
    pack: &faultline_packs::actors::ActorPack,
    at: NaiveDate,
) -> Vec<NodeView> {
    let present: BTreeSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let mut coalition_of: HashMap<String, String> = HashMap::new();
    for e in edges {
        if e.predicate == "member_of" && e.status == "established" {
            coalition_of
                .entry(e.source.id.clone())
                .or_insert_with(|| e.target.id.clone());
        }
    }
    // People stay outside the boxes: their roles (leader, spokesperson) are edges to draw.
    let person = |id: &str| {
        pack.actor(id)
            .is_some_and(|a| a.kind == faultline_model::actor::ActorKind::Person)
            || nodes
                .iter()
                .any(|n| n.id == id && n.kind.as_deref() == Some("person"))
    };
    coalition_of.retain(|member, _| !person(member));
    for n in nodes {
        if coalition_of.contains_key(&n.id) || person(&n.id) {
            continue;
        }
        if let Some(r) = pack.relations_of(&n.id).find(|r| {
            r.relation == RelationKind::MemberOf && r.subject == n.id && r.period.contains(at)
        }) {
            coalition_of.insert(n.id.clone(), r.object.clone());
        }
    }
    let mut member_count: BTreeMap<&str, usize> = BTreeMap::new();
    for c in coalition_of.values() {
        *member_count.entry(c.as_str()).or_default() += 1;
    }
    let mut out: Vec<NodeView> = nodes
        .iter()
        .map(|n| NodeView {
            id: n.id.clone(),
            name: pack
                .name_at(&n.id, Some(at))
                .map_or_else(|| n.name.clone(), str::to_string),
            kind: n
                .kind
                .clone()
                .or_else(|| pack.actor(&n.id).map(|a| a.kind.as_str().to_string())),
            coalition: None,
        })
        .collect();
    for (coalition, count) in &member_count {
        if !present.contains(coalition)
            && *count >= 2
            && let Some(a) = pack.actor(coalition)
        {
            out.push(NodeView {
                id: a.id.clone(),
                name: pack.name_at(&a.id, Some(at)).unwrap_or(&a.name).to_string(),
                kind: Some(a.kind.as_str().to_string()),
                coalition: None,
            });
        }
    }
    let ids: BTreeSet<String> = out.iter().map(|n| n.id.clone()).collect();
    for n in &mut out {
        // A coalition cannot sit inside itself or inside one of its own members.
        n.coalition = coalition_of
            .get(&n.id)
            .filter(|c| ids.contains(*c) && **c != n.id)
            .filter(|c| coalition_of.get(*c) != Some(&n.id))
            .cloned();
    }
    out
}

fn event_query(
    from: Option<&str>,
    to: Option<&str>,
    actor: Option<&str>,
    event_type: Option<&str>,
    bbox: Option<&str>,
) -> Result<EventQuery, ApiError> {
    let from = params::opt_date("from", from)?;
    let to = params::opt_date("to", to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ApiError::bad_parameter(
            "from",
            format!("{f} is after `to` ({t})"),
        ));
    }
    let event_type = event_type.map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = event_type
        && t.chars().count() > 100
    {
        return Err(ApiError::bad_parameter(
            "type",
            "too long for an event type",
        ));
    }
    Ok(EventQuery {
        from: from.map(|d| d.to_string()),
        to: to.map(|d| d.to_string()),
        actor: params::actor_id(actor)?,
        event_type: event_type.map(str::to_string),
        bbox: bbox
            .filter(|b| !b.trim().is_empty())
            .map(params::bbox)
            .transpose()?,
        limit: DEFAULT_LIMIT,
        cursor: None,
        all_modalities: false,
        sources: None,
    })
}

/// Merged events, filtered and paged (ordered by id; follow `next_cursor`).
#[utoipa::path(get, path = "/api/v1/events", tag = "faultline", params(EventParams),
    responses((status = 200, body = EventsView), (status = 400, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    q: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<EventsView> {
    let p = query(q)?;
    let mut eq = event_query(
        p.from.as_deref(),
        p.to.as_deref(),
        p.actor.as_deref(),
        p.event_type.as_deref(),
        p.bbox.as_deref(),
    )?;
    eq.limit = params::count("limit", p.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?;
    eq.cursor = params::cursor(p.cursor.as_deref())?;
    eq.all_modalities = params::flag("all", p.all.as_deref())?;
    let compact = params::flag("compact", p.compact.as_deref())?;
    let sources = params::count(
        "sources",
        p.sources.as_deref(),
        faultline_store::EVENT_SOURCES,
        1000,
    )?;
    eq.sources = Some(if compact { 0 } else { sources });
    state
        .with_store(move |store| Ok(EventsView::from(&store.events(&eq)?)))
        .await
        .map(Json)
}

/// One merged event with every report of it.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "faultline",
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn event(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<EventView> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_parameter("id", format!("{id:?} is not an event id")))?;
    state
        .with_store(move |store| {
            store
                .event(id)?
                .map(|e| EventView::from(&e))
                .ok_or_else(|| ApiError::not_found(format!("event {id}")))
        })
        .await
        .map(Json)
}

/// Event counts per day or month for the timeline (same filters as `/events`).
#[utoipa::path(get, path = "/api/v1/events/histogram", tag = "faultline", params(HistogramParams),
    responses((status = 200, body = HistogramView), (status = 400, body = ErrorBody)))]
pub async fn histogram(
    State(state): State<AppState>,
    q: Result<Query<HistogramParams>, QueryRejection>,
) -> ApiResult<HistogramView> {
    let p = query(q)?;
    let eq = event_query(
        p.from.as_deref(),
        p.to.as_deref(),
        p.actor.as_deref(),
        p.event_type.as_deref(),
        p.bbox.as_deref(),
    )?;
    let bucket = match p.bucket.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("day") => Some(Bucket::Day),
        Some("month") => Some(Bucket::Month),
        Some(other) => {
            return Err(ApiError::bad_parameter(
                "bucket",
                format!("{other:?} must be day or month"),
            ));
        }
    };
    let unfiltered = eq.actor.is_none() && eq.event_type.is_none() && eq.bbox.is_none();
    let st = state.clone();
    state
        .with_store(move |store| {
            let found = if unfiltered {
                std::sync::Arc::new(st.summary(store)?.days.clone())
            } else {
                st.filtered_days(store, &eq)?
            };
            let days: Vec<(NaiveDate, u64)> = found
                .days
                .iter()
                .copied()
                .filter(|(d, _)| {
                    eq.from
                        .as_deref()
                        .is_none_or(|f| d.to_string().as_str() >= f)
                        && eq.to.as_deref().is_none_or(|t| d.to_string().as_str() <= t)
                })
                .collect();
            Ok(bin(&days, bucket, found.undated))
        })
        .await
        .map(Json)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Month,
}

/// Counts per bin; without a chosen bucket, days when the dates span under a year.
pub fn bin(days: &[(NaiveDate, u64)], bucket: Option<Bucket>, undated: u64) -> HistogramView {
    let span = match (days.first(), days.last()) {
        (Some((a, _)), Some((b, _))) => (*b - *a).num_days(),
        _ => 0,
    };
    let bucket = bucket.unwrap_or(if span <= 366 {
        Bucket::Day
    } else {
        Bucket::Month
    });
    let mut bins: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for (d, n) in days {
        let key = match bucket {
            Bucket::Day => *d,
            Bucket::Month => d.with_day(1).unwrap_or(*d),
        };
        *bins.entry(key).or_default() += n;
    }
    HistogramView {
        bucket: match bucket {
            Bucket::Day => "day".into(),
            Bucket::Month => "month".into(),
        },
        bins: bins
            .into_iter()
            .map(|(d, count)| HistogramBin {
                start: d.to_string(),
                count,
            })
            .collect(),
        undated,
    }
}

/// Start days of every matching event, counted per day (one store query).
pub fn event_days(store: &Store, q: &EventQuery) -> Result<EventDays, ApiError> {
    let (found, undated) = store.event_days(q)?;
    let days = found
        .into_iter()
        .filter_map(|(d, n)| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .ok()
                .map(|d| (d, n.max(0) as u64))
        })
        .collect();
    Ok(EventDays {
        days,
        undated: undated.max(0) as u64,
    })
}

/// Matching events counted per start day, oldest first, plus those without a date.
#[derive(Debug, Clone, Default)]
pub struct EventDays {
    pub days: Vec<(NaiveDate, u64)>,
    pub undated: u64,
}

/// Sentences matching the words, and actors whose names match.
#[utoipa::path(get, path = "/api/v1/search", tag = "faultline", params(SearchParams),
    responses((status = 200, body = SearchView), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<SearchView> {
    let p = query(q)?;
    let text = p.q.unwrap_or_default().trim().to_string();
    if text.is_empty() {
        return Err(ApiError::bad_parameter(
            "q",
            "missing: give words to search for",
        ));
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_parameter(
            "q",
            format!("longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    let limit = params::count("limit", p.limit.as_deref(), 50, 200)?;
    let packs = state.packs();
    state
        .with_store(move |store| {
            let hits = store.search(&text, limit, false)?;
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
                .filter(|w| w.chars().count() >= 2)
                .map(str::to_lowercase)
                .collect();
            let hits = hits
                .iter()
                .map(|h| {
                    let mut v = SearchHitView::from(h);
                    v.matches = find_words(&h.sentence, &words);
                    v
                })
                .collect();
            let folded = text.to_lowercase();
            let mut actors: Vec<ActorRef> = packs
                .actors
                .lookup(&text)
                .into_iter()
                .chain(packs.actors.actors().filter(|a| {
                    folded.chars().count() >= 3 && a.name.to_lowercase().contains(&folded)
                }))
                .map(|a| ActorRef {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: Some(a.kind.as_str().to_string()),
                })
                .collect();
            actors.sort();
            actors.dedup();
            actors.truncate(20);
            Ok(SearchView {
                query: text,
                hits,
                actors,
            })
        })
        .await
        .map(Json)
}

/// Byte ranges of whole-word, case-insensitive occurrences of `words` in `sentence`. Works
/// on characters whose lower case has the same byte length, so offsets stay valid; other
/// characters simply never match.
pub fn find_words(sentence: &str, words: &[String]) -> Vec<SpanView> {
    let lower: String = sentence
        .chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => '\u{0}',
            }
        })
        .collect();
    let mut out = Vec::new();
    for w in words {
        let mut from = 0;
        while let Some(i) = lower.get(from..).and_then(|s| s.find(w.as_str())) {
            let start = from + i;
            let end = start + w.len();
            let before = lower[..start].chars().next_back();
            let after = lower[end..].chars().next();
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
            {
                out.push(SpanView { start, end });
            }
            from = end;
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// One stored document with its raw and cleaned text and every annotated span.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "faultline",
    params(("id" = String, Path, description = "Document id or a unique prefix of at least 6 hex digits")),
    responses((status = 200, body = DocumentView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<DocumentView> {
    let id = id.trim().to_ascii_lowercase();
    if id.len() < 6 || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad_parameter(
            "id",
            "a document id is 6 to 64 hexadecimal digits",
        ));
    }
    state
        .with_store(move |store| {
            store
                .document(&id)?
                .map(|d| DocumentView::from(&d))
                .ok_or_else(|| ApiError::not_found(format!("document {id}")))
        })
        .await
        .map(Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn bins_are_days_for_short_spans_and_months_for_long_ones() {
        let short = [(day("2024-05-01"), 2), (day("2024-05-03"), 1)];
        let h = bin(&short, None, 0);
        assert_eq!(h.bucket, "day");
        assert_eq!(h.bins.len(), 2);
        let long = [
            (day("2022-01-10"), 1),
            (day("2022-01-20"), 2),
            (day("2024-05-03"), 1),
        ];
        let h = bin(&long, None, 3);
        assert_eq!(h.bucket, "month");
        assert_eq!(
            h.bins,
            vec![
                HistogramBin {
                    start: "2022-01-01".into(),
                    count: 3
                },
                HistogramBin {
                    start: "2024-05-01".into(),
                    count: 1
                }
            ]
        );
        assert_eq!(h.undated, 3);
    }

    #[test]
    fn words_are_found_whole_and_case_blind_with_valid_offsets() {
        let s = "Les rebelles du CSP ont repris Kidal; la CSP-PSD dément. Éric à Kidal.";
        let found = find_words(s, &["csp".into(), "kidal".into(), "éric".into()]);
        let texts: Vec<&str> = found.iter().map(|m| &s[m.start..m.end]).collect();
        assert_eq!(texts, ["CSP", "Kidal", "CSP", "Éric", "Kidal"]);
        assert!(find_words("CSPs", &["csp".into()]).is_empty());
    }
}

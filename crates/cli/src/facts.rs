//! Commands over the knowledge base: the actor graph at a date, events, an actor's timeline,
//! and the actors themselves (pack entries joined with what the store has seen).

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Args;
use faultline_model::actor::{Actor, ActorKind};
use faultline_packs::actors::ActorPack;
use faultline_store::{EventQuery, Store};
use serde::Serialize;

use crate::output::{ellipsize, print_json};
use crate::{Global, load_actor_pack, parse_date};

#[derive(Args, Debug)]
pub struct RelationsArgs {
    /// The date to show the state of relations at (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    at: Option<String>,
    /// Only relations of this actor (id or any name).
    #[arg(long, value_name = "NAME")]
    actor: Option<String>,
    /// Supporting sentences per relation in `--json` output, newest first (the count is
    /// always complete; the text listing shows the newest).
    #[arg(long, default_value_t = 3, value_name = "N")]
    evidence: usize,
}

#[derive(Args, Debug)]
pub struct EventsArgs {
    /// Only events involving this actor (id or any name).
    #[arg(long, value_name = "NAME")]
    actor: Option<String>,
    /// Event type ("Battles") or sub-event type ("Armed clash").
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_name = "BBOX", value_parser = parse_bbox)]
    bbox: Option<[f64; 4]>,
    /// Include planned, speculative and denied events.
    #[arg(long)]
    all: bool,
    /// Events to show (the first page, oldest event ids first).
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Sources per event in `--json` output, oldest first (`source_count` is always complete).
    #[arg(long, default_value_t = faultline_store::EVENT_SOURCES, value_name = "N")]
    sources: usize,
}

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// Actor id or any of its names.
    actor: String,
    /// Show the newest N entries (dated ones first), in date order.
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    limit: usize,
}

#[derive(Args, Debug)]
pub struct ActorsArgs {
    /// Only actors of this kind (state_force, rebel_group, jihadist_group, person, …).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// List candidate actors: organisations the texts define that the packs do not know.
    #[arg(long)]
    candidates: bool,
}

#[derive(Args, Debug)]
pub struct ActorArgs {
    /// Actor id or any of its names, in English or French ("JNIM", "GSIM", "armée malienne").
    name: Vec<String>,
}

/// "(2017–2024)", "(since 2017)", "" for an open period.
fn period(p: &faultline_model::actor::Period) -> String {
    let show = |d: &Option<faultline_model::actor::PartialDate>| d.map(|d| d.to_string());
    match (show(&p.from), show(&p.to)) {
        (Some(f), Some(t)) => format!("({f} to {t})"),
        (Some(f), None) => format!("(since {f})"),
        (None, Some(t)) => format!("(until {t})"),
        (None, None) => String::new(),
    }
}

fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{s:?} is not min_lon,min_lat,max_lon,max_lat"))?;
    match parts.as_slice() {
        [a, b, c, d] if a <= c && b <= d => Ok([*a, *b, *c, *d]),
        _ => Err(format!(
            "{s:?} is not min_lon,min_lat,max_lon,max_lat with min <= max"
        )),
    }
}

fn open(g: &Global) -> Result<Store> {
    Ok(Store::open_read_only(&g.db)?)
}

/// Resolves what a user typed to a pack actor (id or any alias), else takes it as an id.
fn actor_id(actors: &ActorPack, name: &str) -> Result<String> {
    if actors.actor(name).is_some() {
        return Ok(name.to_string());
    }
    let found = actors.lookup(name);
    match found.as_slice() {
        [] => Ok(name.to_string()),
        [one] => Ok(one.id.clone()),
        many => {
            let ids: Vec<String> = many
                .iter()
                .map(|a| format!("{} ({})", a.id, a.name))
                .collect();
            bail!(
                "{name:?} names several actors: {}; give an id",
                ids.join(", ")
            )
        }
    }
}

fn day(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(parse_date).transpose()
}

pub fn relations(g: &Global, args: RelationsArgs) -> Result<()> {
    let store = open(g)?;
    let at = day(args.at.as_deref())?.unwrap_or_else(|| chrono::Local::now().date_naive());
    let actor = match args.actor.as_deref() {
        Some(a) => Some(actor_id(&load_actor_pack(g), a)?),
        None => None,
    };
    // The text listing shows one sentence per relation; reading more would be wasted.
    let evidence = if g.json {
        args.evidence
    } else {
        args.evidence.min(1)
    };
    let edges = store.relations_at_with(&at.to_string(), actor.as_deref(), Some(evidence))?;
    if g.json {
        #[derive(Serialize)]
        struct Out<'a> {
            at: String,
            relations: &'a [faultline_store::Edge],
        }
        return print_json(&Out {
            at: at.to_string(),
            relations: &edges,
        });
    }
    if edges.is_empty() {
        crate::out!("no relations known at {at}")?;
    }
    for e in &edges {
        crate::out!(
            "{} —{}→ {}  [{:?}, {} evidence{}]",
            e.subject.name,
            e.predicate,
            e.object.name,
            e.status,
            e.evidence_count,
            if e.conflicting { ", conflicting" } else { "" }
        )?;
        if let Some(ev) = e.evidence.first() {
            crate::out!(
                "    “{}” ({})",
                ellipsize(&ev.sentence, 160),
                ev.source_path
            )?;
        }
    }
    Ok(())
}

pub fn events(g: &Global, args: EventsArgs) -> Result<()> {
    let store = open(g)?;
    let actor = match args.actor.as_deref() {
        Some(a) => Some(actor_id(&load_actor_pack(g), a)?),
        None => None,
    };
    let q = EventQuery {
        from: day(args.since.as_deref())?.map(|d| d.to_string()),
        to: day(args.until.as_deref())?.map(|d| d.to_string()),
        actor,
        event_type: args.event_type,
        bbox: args.bbox,
        limit: args.limit,
        cursor: None,
        all_modalities: args.all,
        // The text listing shows only how many sources each event has.
        sources: Some(if g.json { args.sources } else { 0 }),
    };
    let page = store.events(&q)?;
    if g.json {
        return print_json(&page);
    }
    if page.events.is_empty() {
        crate::out!("no events match")?;
    }
    for e in &page.events {
        let who: Vec<&str> = e
            .actor1
            .iter()
            .chain(e.actor2.iter())
            .map(|a| a.name.as_str())
            .collect();
        crate::out!(
            "#{} {} {} — {} — {}{}{}",
            e.id,
            e.date.as_deref().unwrap_or("undated"),
            e.sub_event_type,
            who.join(" vs "),
            e.location.as_ref().map_or("no place", |l| l.name.as_str()),
            e.fatalities
                .map(|f| format!(
                    ", {f} killed{}",
                    if e.fatalities_estimated {
                        " (est.)"
                    } else {
                        ""
                    }
                ))
                .unwrap_or_default(),
            format!(", {} source(s)", e.source_count)
        )?;
    }
    Ok(())
}

pub fn timeline(g: &Global, args: TimelineArgs) -> Result<()> {
    let store = open(g)?;
    let id = actor_id(&load_actor_pack(g), &args.actor)?;
    let timeline = store.timeline(&id, args.limit)?;
    let entries = &timeline.entries;
    if g.json {
        #[derive(Serialize)]
        struct Out<'a> {
            actor: &'a str,
            entries: &'a [faultline_store::TimelineEntry],
            total: usize,
        }
        return print_json(&Out {
            actor: &id,
            entries,
            total: timeline.total,
        });
    }
    if entries.is_empty() {
        crate::out!("nothing known about {id}")?;
    } else if entries.len() < timeline.total {
        crate::out!(
            "the newest {} of {} entries (--limit shows more)",
            entries.len(),
            timeline.total
        )?;
    }
    for e in entries {
        crate::out!(
            "{:<10} {:<8} {}",
            e.date.as_deref().unwrap_or("undated"),
            e.kind,
            e.summary
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ActorListing<'a> {
    id: &'a str,
    name: &'a str,
    kind: ActorKind,
    mentions: i64,
}

pub fn actors(g: &Global, args: ActorsArgs) -> Result<()> {
    let actors = load_actor_pack(g);
    // The store is optional here: the pack alone lists actors.
    let store = Store::open_read_only(&g.db).ok();
    if args.candidates {
        let Some(store) = store else {
            bail!(
                "{}: no database; candidates come from ingested documents",
                g.db.display()
            );
        };
        let rows = store.candidates()?;
        if g.json {
            #[derive(Serialize)]
            struct Candidate<'a> {
                text: &'a str,
                first_document: &'a str,
                mentions: i64,
            }
            let out: Vec<Candidate> = rows
                .iter()
                .map(|(t, d, n)| Candidate {
                    text: t,
                    first_document: d,
                    mentions: *n,
                })
                .collect();
            return print_json(&out);
        }
        for (text, doc, n) in &rows {
            crate::out!("{text}  ({n} mentions, first in {doc})")?;
        }
        return Ok(());
    }
    let counts = match &store {
        Some(s) => s.mention_counts()?,
        None => Default::default(),
    };
    let kind = args.kind.as_deref();
    let mut listed: Vec<ActorListing> = actors
        .actors()
        .filter(|a| kind.is_none_or(|k| a.kind.as_str() == k))
        .map(|a: &Actor| ActorListing {
            id: &a.id,
            name: &a.name,
            kind: a.kind,
            mentions: counts.get(&a.id).copied().unwrap_or(0),
        })
        .collect();
    listed.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(b.name)));
    if g.json {
        return print_json(&listed);
    }
    for a in &listed {
        crate::out!(
            "{:<24} {:<16} {:>5}  {}",
            a.id,
            a.kind.as_str(),
            a.mentions,
            a.name
        )?;
    }
    Ok(())
}

pub fn actor(g: &Global, args: ActorArgs) -> Result<()> {
    let actors = load_actor_pack(g);
    let name = args.name.join(" ");
    let id = actor_id(&actors, &name)?;
    let Some(actor) = actors.actor(&id) else {
        bail!("no actor named {name:?} in the packs (try `faultline actors`)");
    };
    let activity = match Store::open_read_only(&g.db) {
        Ok(store) => Some(store.actor_activity(&id)?),
        Err(_) => None,
    };
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        actor: &'a Actor,
        aliases: Vec<&'a faultline_model::actor::Alias>,
        names_over_time: Vec<&'a faultline_model::actor::ActorName>,
        relations_over_time: Vec<&'a faultline_model::actor::ActorRelation>,
        #[serde(skip_serializing_if = "Option::is_none")]
        seen: Option<faultline_store::ActorActivity>,
    }
    let out = Out {
        actor,
        aliases: actors.aliases_of(&id).collect(),
        names_over_time: actors.names_of(&id),
        relations_over_time: actors.relations_of(&id).collect(),
        seen: activity,
    };
    if g.json {
        return print_json(&out);
    }
    crate::out!("{} ({}, {})", actor.name, actor.id, actor.kind.as_str())?;
    let aliases: Vec<&str> = out.aliases.iter().map(|a| a.text.as_str()).collect();
    crate::out!("aliases:  {}", aliases.join(", "))?;
    for n in &out.names_over_time {
        crate::out!("name:     {} {}", n.name, period(&n.period))?;
    }
    for r in &out.relations_over_time {
        crate::out!(
            "relation: {} {:?} {} {}",
            r.subject,
            r.relation,
            r.object,
            period(&r.period)
        )?;
    }
    if let Some(seen) = &out.seen {
        crate::out!(
            "seen:     {} mentions in {} documents, {} to {}",
            seen.mentions,
            seen.documents,
            seen.first_seen.as_deref().unwrap_or("?"),
            seen.last_seen.as_deref().unwrap_or("?")
        )?;
    }
    Ok(())
}

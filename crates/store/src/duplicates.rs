//! Near-duplicate links: a new document whose SimHash fingerprint is within
//! `NEAR_DUPLICATE_BITS` of a stored one is linked to the first stored copy of that story
//! (`documents.near_duplicate_of`), so one wire story reprinted by ten sites reads as one
//! story with ten sources.
//!
//! Finding candidates must not scan the table. The fingerprint is filed under four keys, one
//! per 16-bit block; a lookup probes each block as it is and with each one of its bits
//! flipped (68 keys). Two fingerprints at most 7 bits apart differ in at most one bit in some
//! block (pigeonhole), so they always meet; further apart they meet with high probability
//! (95% at 8 bits, 74% at 10, 49% at 12). Each key holds about N / 65,536 fingerprints, so a
//! lookup reads a few rows even at millions of documents. Writing four keys instead of the
//! 28 byte-pair keys used before schema 6 moved work from every document's write to its
//! lookups, which read and do not dirty pages, and finds more distant copies. This module
//! decides nothing about text: the fingerprint comes from the engine and the threshold is the
//! caller's.

use rustc_hash::FxHashMap;

use rusqlite::{Connection, OptionalExtension, ToSql, params};

use crate::{Result, Store, rows};

/// Enough matches to find the first copy of a story: each match already points at it.
const MAX_CANDIDATES: usize = 8;

/// Blocks of a fingerprint.
const BLOCKS: u32 = 4;

/// The key of a fingerprint's block: block number in the high bits, its 16 bits in the low.
fn block_key(block: u32, bits: u64) -> i64 {
    (i64::from(block) << 16) | ((bits >> (16 * block)) & 0xffff) as i64
}

/// The four keys a fingerprint is filed under.
fn block_keys(simhash: u64) -> impl Iterator<Item = i64> {
    (0..BLOCKS).map(move |b| block_key(b, simhash))
}

/// The keys to look a fingerprint up under: its own four first (a copy usually shares a
/// whole block), then each block with one bit flipped.
fn probe_keys(simhash: u64) -> impl Iterator<Item = i64> {
    block_keys(simhash).chain(
        (0..BLOCKS).flat_map(move |b| {
            (0..16).map(move |bit| block_key(b, simhash ^ (1 << (16 * b + bit))))
        }),
    )
}

/// The first stored copy of the story of a fingerprint: the document row it leads to.
#[derive(Debug, Clone)]
struct Root {
    rowid: i64,
    id: String,
    article_key: String,
}

/// Answers of the root lookup, by fingerprint. Copies of one story find the same handful of
/// fingerprints, so the lookup was asked the same question over and over (15 times per
/// document of the benchmark corpus). An answer never changes once its document is
/// committed: it is the earliest document with the fingerprint, and a later one comes after
/// it. The store forgets every answer when a batch rolls back, since an answer may name a
/// document of that batch, and all of them past a bound, so memory stays flat.
#[derive(Debug, Default)]
pub(crate) struct Roots(FxHashMap<i64, Root>);

impl Roots {
    /// About 10 MB of answers.
    const MAX: usize = 65_536;

    pub(crate) fn forget(&mut self) {
        self.0.clear();
    }
}

/// Files the new document's fingerprint under its band keys, so later copies find it.
pub(crate) fn index_bands(tx: &Connection, simhash: u64) -> Result<()> {
    // Stored as the same 64 bits read as a signed integer, SQLite's only integer type.
    let stored = simhash as i64;
    let keys: Vec<i64> = block_keys(simhash).collect();
    let rows: Vec<[&dyn ToSql; 2]> = keys.iter().map(|k| [k as &dyn ToSql, &stored]).collect();
    rows::insert_rows(
        tx,
        "INSERT OR IGNORE INTO near_duplicate_blocks (key, simhash)",
        "",
        &rows,
    )
}

/// The first stored copy of the story the new document (fingerprint `simhash`)
/// near-duplicates, if one is stored. Called before the document row is written, so that the
/// row is written once with its link: rewriting a row of several overflow pages to add two
/// small columns doubled its cost. Every query here is an index lookup that stops at its
/// first row, so the cost does not grow with the number of copies (a corpus of one story
/// reprinted thousands of times).
pub(crate) fn find_first(
    tx: &Connection,
    roots: &mut Roots,
    article_key: &str,
    simhash: u64,
    max_bits: u32,
) -> Result<Option<String>> {
    let mut candidates: Vec<i64> = Vec::new();
    // A key shared by a dense cluster of copies (or of generated benchmark documents) could
    // hold thousands of fingerprints; a few of them lead to the cluster's first copy as well
    // as all would, so each key is read up to a bound.
    let mut lookup =
        tx.prepare_cached("SELECT simhash FROM near_duplicate_blocks WHERE key = ?1 LIMIT 32")?;
    for key in probe_keys(simhash) {
        if candidates.len() >= MAX_CANDIDATES {
            break;
        }
        let rows = lookup.query_map(params![key], |r| r.get::<_, i64>(0))?;
        for other in rows {
            let other = other?;
            if (other as u64 ^ simhash).count_ones() <= max_bits && !candidates.contains(&other) {
                candidates.push(other);
            }
        }
    }
    // For each matching fingerprint, the earliest document that has it, followed to the
    // copy it was itself linked to, so that every copy points at the first one.
    let mut root = tx.prepare_cached(
        "SELECT r.rowid, r.id, r.article_key FROM documents r
         WHERE r.id = (SELECT coalesce(d.near_duplicate_of, d.id) FROM documents d
                       WHERE d.simhash = ?1 ORDER BY d.rowid LIMIT 1)",
    )?;
    let mut first: Option<&Root> = None;
    if roots.0.len() + candidates.len() > Roots::MAX {
        roots.forget();
    }
    for other in &candidates {
        if !roots.0.contains_key(other) {
            let found = root
                .query_row(params![other], |r| {
                    Ok(Root {
                        rowid: r.get(0)?,
                        id: r.get(1)?,
                        article_key: r.get(2)?,
                    })
                })
                .optional()?;
            // No row yet is no answer: a later document may have the fingerprint.
            if let Some(found) = found {
                roots.0.insert(*other, found);
            }
        }
    }
    for other in &candidates {
        // A new version of the same article is linked by its article key already.
        if let Some(found) = roots.0.get(other)
            && found.article_key != article_key
            && first.is_none_or(|best| found.rowid < best.rowid)
        {
            first = Some(found);
        }
    }
    Ok(first.map(|root| root.id.clone()))
}

impl Store {
    /// Ids of the documents linked as near-duplicates (syndicated copies) of `id`, in the
    /// order they were stored.
    pub fn near_duplicates(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM documents WHERE near_duplicate_of = ?1 ORDER BY rowid")?;
        let ids = stmt
            .query_map(params![id], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Inserted;
    use faultline_model::{Analysis, SourceDoc, SourceRef};

    fn analysis(url: &str, text: &str) -> Analysis {
        let document = faultline_engine::prepare(SourceDoc {
            source: SourceRef {
                path: "wire.jsonl".into(),
                ..SourceRef::default()
            },
            meta: faultline_model::Meta {
                url: Some(url.into()),
                ..Default::default()
            },
            raw: text.into(),
            html: None,
        });
        Analysis {
            document,
            published: Default::default(),
            times: vec![],
            mentions: vec![],
            places: vec![],
            events: vec![],
            relations: vec![],
            diagnostics: vec![],
        }
    }

    const STORY: &str = "Gunmen killed at least 14 civilians in an attack on a village near \
Ménaka in eastern Mali on Sunday, local officials and residents said. The assailants arrived \
on motorcycles at dawn, set fire to granaries and took away livestock, a local elected \
official told reporters by telephone. Most of the victims were men working in the fields, \
according to a resident who asked not to be named for security reasons. No group \
immediately claimed responsibility for the attack. The region has been contested for years \
by the Islamic State in the Sahel and the al-Qaeda-linked JNIM. The army said in a \
statement on Monday that it had sent reinforcements to the area and was pursuing the \
attackers. Humanitarian organisations say thousands of people have fled villages around \
Ménaka since the start of the year. Attacks on civilians have increased across the central \
Sahel, according to conflict monitors.";

    /// Same topic, place and kind of event, different story.
    const OTHER: &str = "Au moins vingt civils ont été tués samedi lors d'une attaque contre \
un marché hebdomadaire près de Ménaka, dans l'est du Mali, selon des élus locaux. Des hommes \
armés ont ouvert le feu sur les commerçants avant d'incendier des étals et des véhicules, a \
raconté un habitant joint par téléphone. Le bilan pourrait s'alourdir, plusieurs blessés \
ayant été évacués vers le centre de santé de la ville. L'attaque n'a pas été revendiquée, \
mais la zone est disputée depuis des années entre l'État islamique au Sahel et le JNIM, \
affilié à al-Qaïda. L'armée malienne a indiqué dimanche avoir déployé des renforts.";

    #[test]
    fn a_story_and_three_edited_copies_are_linked_another_story_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
        let sentences: Vec<&str> = STORY.split_inclusive(". ").collect();
        let dropped: String = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 4)
            .map(|(_, s)| *s)
            .collect();
        let added = format!(
            "{}The governor's office declined to comment. {}",
            sentences[..3].concat(),
            sentences[3..].concat()
        );
        let batch = [
            analysis("https://wire.example/a", STORY),
            analysis(
                "https://daily.example/b",
                &format!(
                    "This report was first published by our partner agency and is republished with permission.\n\n{STORY}"
                ),
            ),
            analysis("https://news.example/c", &dropped),
            analysis("https://radio.example/d", &added),
            analysis("https://journal.example/e", OTHER),
        ];
        let ids: Vec<String> = batch.iter().map(|a| a.document.id.0.clone()).collect();
        let results = store.insert_batch(&batch).unwrap();
        assert_eq!(
            results,
            [
                Inserted::New { version: 1 },
                Inserted::NearDuplicate { version: 1 },
                Inserted::NearDuplicate { version: 1 },
                Inserted::NearDuplicate { version: 1 },
                Inserted::New { version: 1 },
            ]
        );
        assert_eq!(store.near_duplicates(&ids[0]).unwrap(), ids[1..4]);
        for copy in &ids[1..4] {
            let doc = store.document(copy).unwrap().unwrap();
            assert_eq!(doc.near_duplicate_of.as_ref(), Some(&ids[0]));
        }
        assert_eq!(
            store.document(&ids[4]).unwrap().unwrap().near_duplicate_of,
            None
        );
        assert!(store.near_duplicates(&ids[4]).unwrap().is_empty());
    }

    #[test]
    fn a_copy_of_a_copy_points_at_the_first_copy() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
        let first = analysis("https://wire.example/a", STORY);
        let second = analysis("https://b.example/", &format!("{STORY} Read more on b."));
        let third = analysis(
            "https://c.example/",
            &format!("Breaking. {STORY} Read more on b."),
        );
        store.insert_batch(std::slice::from_ref(&first)).unwrap();
        store
            .insert_batch(&[second.clone(), third.clone()])
            .unwrap();
        let root = &first.document.id.0;
        assert_eq!(
            store.near_duplicates(root).unwrap(),
            [second.document.id.0, third.document.id.0]
        );
    }

    #[test]
    fn short_texts_are_not_linked() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
        let results = store
            .insert_batch(&[
                analysis(
                    "https://a.example/",
                    "Soldiers entered Gao on Sunday after heavy fighting with rebels.",
                ),
                analysis(
                    "https://b.example/",
                    "Soldiers entered Gao on Monday after heavy fighting with rebels.",
                ),
            ])
            .unwrap();
        assert_eq!(
            results,
            [Inserted::New { version: 1 }, Inserted::New { version: 1 }]
        );
    }

    #[test]
    fn fingerprints_seven_bits_apart_are_always_probed() {
        let a: u64 = 0x3610_8eb5_4071_4c60;
        let filed: Vec<i64> = block_keys(a).collect();
        assert_eq!(filed.len(), 4);
        assert_eq!(probe_keys(a).count(), 68);
        // Seven flipped bits spread over the four blocks (2, 2, 2, 1): the worst case.
        let b = [3, 9, 20, 27, 36, 44, 50]
            .iter()
            .fold(a, |acc, bit| acc ^ (1 << bit));
        assert!(probe_keys(b).any(|k| filed.contains(&k)));
        // Two bits in every block leave no block within one bit.
        let c = [1, 2, 17, 18, 33, 34, 49, 50]
            .iter()
            .fold(a, |acc, bit| acc ^ (1 << bit));
        assert!(!probe_keys(c).any(|k| filed.contains(&k)));
    }
}

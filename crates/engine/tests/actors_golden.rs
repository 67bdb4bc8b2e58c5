//! Golden tests for the actor stage on whole articles written for the purpose (English and
//! French news style, not the seed articles): each `fixtures/actors/NAME.txt` has a readable
//! `NAME.expected` rendering of every mention, reviewed like code. After an intended change,
//! rerun with `UPDATE_EXPECT=1` and review the diff.

use std::path::PathBuf;

use chrono::NaiveDate;
use faultline_engine::actors::find_mentions;
use faultline_model::{DocId, Document, Language, OffsetMap, SourceRef, Span};
use faultline_packs::actors::ActorPack;

fn document(text: &str) -> Document {
    Document {
        id: DocId("golden".into()),
        source: SourceRef::default(),
        meta: Default::default(),
        raw: text.to_string(),
        html: None,
        text: text.to_string(),
        offsets: OffsetMap::identity(text.len()),
        removed: Vec::new(),
        language: Language::undetermined(),
        sentences: vec![Span::new(0, text.len())],
        simhash: 0,
    }
}

fn render(text: &str, date: Option<NaiveDate>, pack: &ActorPack) -> String {
    let mut out = String::new();
    for m in find_mentions(&document(text), pack, date) {
        let actor = m.actor.as_ref().map_or("-".to_string(), |a| {
            format!("{} [{}] {}", a.id, a.kind, a.name)
        });
        out.push_str(&format!(
            "{}..{} {:?} {:?} -> {actor}",
            m.start, m.end, m.text, m.how
        ));
        if let Some(r) = &m.resolution {
            out.push_str(&format!(" ({})", r.why));
        }
        if let Some(r) = &m.role {
            out.push_str(&format!(" role={:?} of={:?}", r.title, r.of));
        }
        if let Some(a) = &m.acronym {
            out.push_str(&format!(" pair={:?}={:?}", a.short, a.long));
        }
        out.push('\n');
    }
    out
}

fn golden(name: &str, date: Option<&str>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/actors");
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let date = date.map(|d| d.parse::<NaiveDate>().unwrap());
    let got = render(&text, date, &ActorPack::embedded());
    let path = dir.join(format!("{name}.expected"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let diff: Vec<String> = want
            .lines()
            .filter(|l| !got.lines().any(|g| g == *l))
            .map(|l| format!("- {l}"))
            .chain(
                got.lines()
                    .filter(|l| !want.lines().any(|w| w == *l))
                    .map(|l| format!("+ {l}")),
            )
            .collect();
        panic!(
            "{name}: rendering changed (UPDATE_EXPECT=1 to bless):\n{}",
            diff.join("\n")
        );
    }
}

#[test]
fn french_article_on_the_fla() {
    golden("fr_kidal_fla", Some("2025-08-02"));
}

#[test]
fn english_article_on_niger() {
    golden("en_niger_tillaberi", None);
}

//! End-to-end tests of `sources`: real files in a temporary directory, every format and
//! every kind of bad input, checked through the public API only.

use std::io::Write;
use std::path::{Path, PathBuf};

use faultline_ingest::{IngestError, Options, read_stream, sources};
use faultline_model::{SourceDoc, SourceFormat};

fn read_all(paths: &[&Path], options: Options) -> Vec<Result<SourceDoc, IngestError>> {
    sources(paths.iter().map(|p| p.to_path_buf()).collect(), options).collect()
}

fn only_doc(path: &Path) -> SourceDoc {
    let mut items = read_all(&[path], Options::default());
    assert_eq!(items.len(), 1, "{items:?}");
    match items.pop() {
        Some(Ok(doc)) => doc,
        other => panic!(
            "expected one document from {}, got {other:?}",
            path.display()
        ),
    }
}

fn only_error(path: &Path, options: Options) -> IngestError {
    let mut items = read_all(&[path], options);
    assert_eq!(items.len(), 1, "{items:?}");
    match items.pop() {
        Some(Err(e)) => e,
        other => panic!("expected one error from {}, got {other:?}", path.display()),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn plain_text_keeps_crlf_and_drops_the_bom() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Mopti, 4 avril (AFP) - Des hommes armés ont attaqué un poste.\r\nLe bilan est de trois morts.\r\n";
    let path = write(dir.path(), "brief.txt", text.as_bytes());
    let doc = only_doc(&path);
    assert_eq!(doc.raw, text.trim_start_matches('\u{feff}'));
    assert_eq!(doc.source.format, SourceFormat::Text);
    assert_eq!(doc.source.path, path.display().to_string());
    assert_eq!(doc.source.line, None);
}

#[test]
fn the_sample_corpus_comes_through_in_name_order() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    let items = read_all(&[&corpus], Options::default());
    let names: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(doc) => {
                assert!(doc.raw.len() > 500, "{} is too short", doc.source.path);
                Path::new(&doc.source.path)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            }
            Err(e) => panic!("{e}"),
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 5);
}

#[test]
fn html_page_keeps_the_article_and_drops_the_boilerplate() {
    let doc = only_doc(&fixture("news_page.html"));
    assert_eq!(doc.source.format, SourceFormat::Html);
    assert!(doc.html.as_deref().is_some_and(|h| h.contains("<nav")));
    let kept = [
        "Malian soldiers killed fourteen fighters during a clash on Sunday",
        "a patrol came under fire near the village of Inékar",
        "The Islamic State Sahel Province, which has expanded its presence",
        "The United Nations estimates that more than 30,000 people",
        "A fragile security situation",
        "roads leading out of the town remained largely closed on Tuesday",
    ];
    for paragraph in kept {
        assert!(
            doc.raw.contains(paragraph),
            "lost {paragraph:?} from:\n{}",
            doc.raw
        );
    }
    let dropped = [
        "Burkina Faso\n",
        "Share on Facebook",
        "Share on WhatsApp",
        "Read also",
        "Convoy attacked on the Gao–Ansongo road",
        "Leave a comment",
        "when will it end",
        "nobody can verify",
        "Fuel shortage hits Bamako",
        "Sign up for our weekly newsletter",
        "Drone strike reported",
        "All rights reserved",
        "Privacy policy",
        "We use cookies",
        "dataLayer",
    ];
    for junk in dropped {
        assert!(!doc.raw.contains(junk), "kept {junk:?} in:\n{}", doc.raw);
    }
    // One paragraph per line, blank lines between: every line is a whole paragraph.
    let first = doc
        .raw
        .lines()
        .find(|l| l.contains("Malian soldiers"))
        .unwrap();
    assert!(first.starts_with("BAMAKO — ") && first.ends_with("on Monday evening."));
    assert!(
        doc.raw
            .contains("on Monday evening.\n\nAccording to the statement")
    );
}

#[test]
fn html_metadata_comes_from_json_ld_and_meta_tags() {
    let doc = only_doc(&fixture("news_page.html"));
    let meta = &doc.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Army says 14 militants killed in clash near Ménaka")
    );
    assert_eq!(meta.published.as_deref(), Some("2024-03-12T09:40:00Z"));
    assert_eq!(meta.author.as_deref(), Some("Fatoumata Keita"));
    assert_eq!(meta.source.as_deref(), Some("Sahel Monitor Ltd"));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://sahel-monitor.example/mali/army-menaka-clash")
    );
    assert_eq!(meta.language.as_deref(), Some("en-GB"));
}

#[test]
fn html_without_json_ld_uses_meta_tags_time_and_lang() {
    let dir = tempfile::tempdir().unwrap();
    let page = r#"<html lang="fr"><head><title>Ségou : une embuscade fait six morts - Journal du Centre</title>
<meta property="og:site_name" content="Journal du Centre">
<meta name="author" content="Ibrahim Coulibaly">
</head><body><nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav>
<article><h1>Ségou : une embuscade fait six morts</h1>
<time datetime="2023-11-05">5 novembre 2023</time>
<p>Six civils ont été tués samedi dans une embuscade tendue par des hommes armés non identifiés sur l'axe Macina-Diafarabé, dans la région de Ségou, selon des sources locales.</p>
<p>Les victimes, des commerçants qui se rendaient à la foire hebdomadaire, circulaient à bord d'un véhicule de transport en commun. Les assaillants ont incendié le véhicule avant de prendre la fuite.</p>
<p>Aucune revendication n'avait été enregistrée dimanche matin. La zone est régulièrement le théâtre d'attaques attribuées à la katiba Macina.</p>
</article></body></html>"#;
    let path = write(dir.path(), "segou.htm", page.as_bytes());
    let doc = only_doc(&path);
    assert_eq!(doc.meta.language.as_deref(), Some("fr"));
    assert_eq!(doc.meta.published.as_deref(), Some("2023-11-05"));
    assert_eq!(doc.meta.source.as_deref(), Some("Journal du Centre"));
    assert_eq!(doc.meta.author.as_deref(), Some("Ibrahim Coulibaly"));
    assert!(
        doc.meta
            .title
            .as_deref()
            .is_some_and(|t| t.starts_with("Ségou : une embuscade"))
    );
    assert!(doc.raw.contains("Six civils ont été tués samedi"));
    assert!(doc.raw.contains("attribuées à la katiba Macina."));
    assert!(!doc.raw.contains("Politique"));
}

#[test]
fn short_html_brief_that_readability_refuses_still_gives_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><body><div class=\"menu\"><a href=\"/\">Home</a></div>\
        <div><p>Kidal, 3 May (Reuters) - A drone strike hit a market.</p></div>\
        <div class=\"share-bar\">Share this article</div></body></html>";
    let path = write(dir.path(), "brief.html", page.as_bytes());
    let doc = only_doc(&path);
    assert!(
        doc.raw.contains("A drone strike hit a market."),
        "{}",
        doc.raw
    );
    assert!(!doc.raw.contains("Share this article"), "{}", doc.raw);
}

#[test]
fn malformed_html_gives_what_text_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><body><div><p>Tombouctou, 9 janvier - Des tirs <b>ont visé <i>le camp</p>\
        <p>militaire</div></span></table><p>de la ville, selon l'armée.<<>></html></body>";
    let path = write(dir.path(), "broken.html", page.as_bytes());
    let doc = only_doc(&path);
    assert!(doc.raw.contains("Des tirs ont visé le camp"), "{}", doc.raw);
    assert!(doc.raw.contains("selon l'armée."), "{}", doc.raw);
}

#[test]
fn html_without_any_text_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "empty.html",
        b"<html><head><script>var x = 1;</script></head><body><img src=a.png></body></html>",
    );
    let e = only_error(&path, Options::default());
    assert_eq!(
        e.to_string(),
        format!("{}: HTML page has no readable text", path.display())
    );
}

#[test]
fn windows_1252_html_with_meta_charset_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\
        </head><body><article><p>L'élection à Tombouctou a été reportée, a annoncé le gouverneur. \
        Les électeurs déplacés ne pourront pas voter « dans des conditions sûres ».</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    let path = write(dir.path(), "latin.html", &bytes);
    let doc = only_doc(&path);
    assert!(
        doc.raw.contains("L'élection à Tombouctou a été reportée"),
        "{}",
        doc.raw
    );
    assert!(doc.raw.contains("« dans des conditions sûres »"));
}

#[test]
fn jsonl_good_lines_survive_bad_ones_with_their_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "afp-1", "text": "Gao, 2 mars (AFP) - Un camion a sauté sur une mine.", "title": "Mine près de Gao", "url": "https://ex.example/1", "published": "2024-03-02", "source": "AFP", "language": "fr"}"#,
        r#"this is not json"#,
        r#"{"id": "afp-2", "title": "No text here"}"#,
        r#"{"id": 3, "text": "Menaka, March 4 (Reuters) - Gunmen attacked a checkpoint."}"#,
    ];
    let path = write(dir.path(), "wire.jsonl", lines.join("\n").as_bytes());
    let items = read_all(&[&path], Options::default());
    assert_eq!(items.len(), 4, "{items:?}");
    let shown = path.display().to_string();
    match &items[0] {
        Ok(doc) => {
            assert_eq!(doc.source.line, Some(1));
            assert_eq!(doc.source.record.as_deref(), Some("afp-1"));
            assert_eq!(doc.source.format, SourceFormat::Jsonl);
            assert_eq!(
                doc.raw,
                "Gao, 2 mars (AFP) - Un camion a sauté sur une mine."
            );
            assert_eq!(doc.meta.title.as_deref(), Some("Mine près de Gao"));
            assert_eq!(doc.meta.url.as_deref(), Some("https://ex.example/1"));
            assert_eq!(doc.meta.published.as_deref(), Some("2024-03-02"));
            assert_eq!(doc.meta.source.as_deref(), Some("AFP"));
            assert_eq!(doc.meta.language.as_deref(), Some("fr"));
        }
        Err(e) => panic!("{e}"),
    }
    let e = items[1].as_ref().unwrap_err();
    assert_eq!((e.path.as_str(), e.line), (shown.as_str(), Some(2)));
    assert!(
        e.to_string()
            .starts_with(&format!("{shown}:2: not valid JSON")),
        "{e}"
    );
    let e = items[2].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{shown}:3: record has no `text` or `html` field")
    );
    let doc = items[3].as_ref().unwrap();
    assert_eq!(
        (doc.source.line, doc.source.record.as_deref()),
        (Some(4), Some("3"))
    );
}

#[test]
fn gzipped_jsonl_with_an_html_record_goes_through_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(fixture("news_page.html")).unwrap();
    let record = serde_json::json!({"id": "p1", "html": page, "source": "Wire feed"});
    let text = serde_json::json!({"id": "p2", "text": "Niamey, 6 June - Talks resumed."});
    let body = format!("{record}\n{text}\n");
    let path = write(dir.path(), "pages.jsonl.gz", &gzip(body.as_bytes()));
    let items = read_all(&[&path], Options::default());
    assert_eq!(items.len(), 2, "{items:?}");
    let doc = items[0].as_ref().unwrap();
    assert!(doc.raw.contains("Malian soldiers killed fourteen fighters"));
    assert!(!doc.raw.contains("Share on Facebook"));
    assert_eq!(doc.html.as_deref(), Some(page.as_str()));
    // The record's own field wins over the page's publisher.
    assert_eq!(doc.meta.source.as_deref(), Some("Wire feed"));
    assert_eq!(doc.meta.published.as_deref(), Some("2024-03-12T09:40:00Z"));
    assert_eq!(items[1].as_ref().unwrap().source.line, Some(2));
}

#[test]
fn jsonl_line_over_the_limit_is_refused_and_the_next_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let long = serde_json::json!({"id": "big", "text": "Bamako. ".repeat(500)});
    let body = format!("{long}\n{{\"id\": \"small\", \"text\": \"Ségou, 1er mai.\"}}\n");
    let path = write(dir.path(), "big.ndjson", body.as_bytes());
    let items = read_all(
        &[&path],
        Options {
            max_document_bytes: 1000,
        },
    );
    assert_eq!(items.len(), 2, "{items:?}");
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(e.problem.contains("over the 1000 bytes limit"), "{e}");
    assert_eq!(
        items[1].as_ref().unwrap().source.record.as_deref(),
        Some("small")
    );
}

#[test]
fn a_huge_file_is_refused_from_its_size_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // A sparse 200 MB file: reading it would take seconds and 200 MB of memory.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let started = std::time::Instant::now();
    let e = only_error(&path, Options::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(
        e.to_string(),
        format!(
            "{}: file is 200.0 MB, over the 5.0 MB limit per document",
            path.display()
        )
    );
}

/// The batch from the brief: every bad input gets one error naming it, good files after
/// them still come through, and legacy encodings are decoded rather than refused.
#[test]
fn a_directory_of_bad_inputs_gives_one_error_each_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "01_empty.txt", b"");
    write(
        d,
        "02_report.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    );
    write(
        d,
        "03_photo.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06",
    );
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(
        "Report de l'élection à Tombouctou : le scrutin prévu dimanche n'aura pas lieu, \
         a indiqué la commission électorale.",
    );
    write(d, "04_latin1.txt", &latin1);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Kidal : les combats ont repris à l'aube."
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write(d, "05_utf16.txt", &utf16);
    write(d, "06_big.txt", "Gao. ".repeat(300).as_bytes());
    let mut noise = Vec::new();
    let mut x: u32 = 7;
    for _ in 0..400 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        noise.push(((x >> 16) as u8) | 0x80);
        noise.push(((x >> 8) as u8 & 0x1f) | 1);
    }
    write(d, "07_garbage.txt", &noise);
    write(d, "08_archive.zip", b"PK\x03\x04\x14\0\0\0\x08\0");
    write(
        d,
        "09_good.txt",
        "Ansongo, 8 juin - Le marché a rouvert.".as_bytes(),
    );
    write(d, ".hidden.txt", b"\0\0\0");

    let items = read_all(
        &[d],
        Options {
            max_document_bytes: 1000,
        },
    );
    let got: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(doc) => format!("ok {}", doc.raw),
            Err(e) => e.to_string().replace(&format!("{}/", d.display()), ""),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "01_empty.txt: empty file".to_owned(),
            "02_report.pdf: binary file: a PDF document, not text".to_owned(),
            "03_photo.txt: binary file: a PNG image, not text".to_owned(),
            "ok Report de l'élection à Tombouctou : le scrutin prévu dimanche n'aura pas lieu, \
             a indiqué la commission électorale."
                .to_owned(),
            "ok Kidal : les combats ont repris à l'aube.".to_owned(),
            "06_big.txt: file is 1500 bytes, over the 1000 bytes limit per document".to_owned(),
            "07_garbage.txt: not valid UTF-8, and no text encoding explains the bytes \
             (corrupt or binary data)"
                .to_owned(),
            "08_archive.zip: binary file: a ZIP archive (or an Office document), not text"
                .to_owned(),
            "ok Ansongo, 8 juin - Le marché a rouvert.".to_owned(),
        ]
    );
}

#[test]
fn missing_paths_and_symlink_loops_are_errors_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let missing = d.join("nope.txt");
    let good = write(d, "good.txt", b"Tessalit, 2 juillet - Calme precaire.");
    let looped = d.join("loop");
    std::fs::create_dir(&looped).unwrap();
    std::os::unix::fs::symlink(&looped, looped.join("again")).unwrap();
    write(
        &looped,
        "inside.txt",
        b"Aguelhok, 3 juillet - Une patrouille attaquee.",
    );
    let self_link = d.join("self.txt");
    std::os::unix::fs::symlink(&self_link, &self_link).unwrap();

    let items = read_all(&[&missing, &looped, &self_link, &good], Options::default());
    let got: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(doc) => format!("ok {}", doc.raw),
            Err(e) => e.to_string().replace(&format!("{}/", d.display()), ""),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "nope.txt: no such file or directory".to_owned(),
            // The ancestor is the temporary directory's `loop`, prefix removed above.
            "loop/again: symbolic link loop (points back to loop)".to_owned(),
            "ok Aguelhok, 3 juillet - Une patrouille attaquee.".to_owned(),
            "self.txt: symbolic link loop".to_owned(),
            "ok Tessalit, 2 juillet - Calme precaire.".to_owned(),
        ]
    );
}

#[test]
fn unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "secret.txt", b"Bamako, 1 mai.");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&path).is_ok() {
        // Running with privileges that ignore file modes (root in a container): the
        // permission check cannot be provoked here.
        return;
    }
    let e = only_error(&path, Options::default());
    assert_eq!(
        e.to_string(),
        format!("{}: permission denied", path.display())
    );
}

#[test]
fn streams_are_sniffed_from_their_content() {
    let options = Options::default();
    let gz = gzip(b"{\"id\":\"z\",\"text\":\"Mopti, 5 mai - Calme.\"}\n");
    let cases: [(&[u8], SourceFormat, &str); 4] = [
        (
            b"Kayes, 2 mai - Fortes pluies.\n",
            SourceFormat::Text,
            "Fortes pluies.",
        ),
        (
            b"{\"id\":\"s1\",\"text\":\"Sikasso, 3 mai - Calme.\"}\n",
            SourceFormat::Jsonl,
            "Calme.",
        ),
        (
            b"<!doctype html><html><body><p>Koulikoro, 4 mai - Un pont a cede.</p></body></html>",
            SourceFormat::Html,
            "Un pont a cede.",
        ),
        (&gz, SourceFormat::Jsonl, "Mopti, 5 mai"),
    ];
    for (bytes, format, want) in cases {
        let docs: Vec<_> =
            read_stream("-", std::io::Cursor::new(bytes.to_vec()), &options).collect();
        assert_eq!(docs.len(), 1, "{docs:?}");
        let doc = docs[0].as_ref().unwrap();
        assert_eq!((doc.source.format, doc.source.path.as_str()), (format, "-"));
        assert!(doc.raw.contains(want), "{}", doc.raw);
    }
    // A gzip stream cut inside its header is one clear error, not a panic.
    let docs: Vec<_> = read_stream("-", &b"\x1f\x8b\x08\x00\x00"[..], &options).collect();
    assert_eq!(docs.len(), 1);
    let e = docs[0].as_ref().unwrap_err();
    assert!(e.to_string().starts_with("-: not a valid gzip file"), "{e}");
}

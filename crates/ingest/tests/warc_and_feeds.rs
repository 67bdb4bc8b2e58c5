//! WARC archives and RSS/Atom feeds through `sources`: the records that are articles come
//! through with their record numbers and ids, the rest are skipped, and truncated or
//! damaged files keep what was read before the damage and end with one clear error.

use std::io::Write;
use std::path::{Path, PathBuf};

use faultline_ingest::{IngestError, Options, sources};
use faultline_model::{SourceDoc, SourceFormat};

fn read(path: &Path) -> Vec<Result<SourceDoc, IngestError>> {
    sources(vec![path.to_path_buf()], Options::default()).collect()
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

fn record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         WARC-Date: 2024-05-06T07:08:09Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

/// Seven records as a CC-NEWS file has them: warcinfo, request, two HTML responses (one
/// UTF-8 page with JSON-LD, one chunked Windows-1252 page without a date), an image, a
/// redirect and a metadata record.
fn archive() -> Vec<Vec<u8>> {
    let page =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news_page.html"))
            .unwrap();
    let french = "<html><head><title>Kidal : reprise des combats</title></head><body><article>\
        <p>Des affrontements ont opposé dimanche l'armée malienne à des groupes armés près \
        de Kidal, selon plusieurs sources sécuritaires jointes par téléphone.</p></article></body></html>";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(french);
    let mut chunked = format!("{:x}\r\n", 40).into_bytes();
    chunked.extend_from_slice(&latin1[..40]);
    chunked.extend_from_slice(format!("\r\n{:x}\r\n", latin1.len() - 40).as_bytes());
    chunked.extend_from_slice(&latin1[40..]);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    vec![
        record(
            "warcinfo",
            "0001",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "0002",
            "https://sahel-monitor.example/mali/army-menaka-clash",
            "application/http; msgtype=request",
            b"GET /mali/army-menaka-clash HTTP/1.1\r\nHost: sahel-monitor.example\r\n\r\n",
        ),
        record(
            "response",
            "0003",
            "https://sahel-monitor.example/mali/army-menaka-clash?utm=feed",
            "application/http; msgtype=response",
            &http(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                &page,
            ),
        ),
        record(
            "response",
            "0004",
            "https://cdn.example/photo.jpg",
            "application/http; msgtype=response",
            &http(
                "200 OK",
                "Content-Type: image/jpeg\r\n",
                b"\xff\xd8\xff\xe0",
            ),
        ),
        record(
            "response",
            "0005",
            "http://journal.example/kidal",
            "application/http; msgtype=response",
            &http(
                "301 Moved Permanently",
                "Location: https://journal.example/kidal\r\n",
                b"",
            ),
        ),
        record(
            "response",
            "0006",
            "https://journal.example/kidal",
            "application/http; msgtype=response",
            &http(
                "200 OK",
                "Content-Type: text/html; charset=windows-1252\r\nTransfer-Encoding: chunked\r\n",
                &chunked,
            ),
        ),
        record(
            "metadata",
            "0007",
            "https://journal.example/kidal",
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        ),
    ]
}

fn check_archive(items: &[Result<SourceDoc, IngestError>]) {
    assert_eq!(items.len(), 2, "{items:?}");
    let menaka = items[0].as_ref().unwrap();
    assert_eq!(menaka.source.format, SourceFormat::Warc);
    assert_eq!(menaka.source.line, Some(3));
    assert_eq!(menaka.source.record.as_deref(), Some("urn:uuid:0003"));
    assert_eq!(
        menaka.meta.url.as_deref(),
        Some("https://sahel-monitor.example/mali/army-menaka-clash?utm=feed")
    );
    assert_eq!(
        menaka.meta.published.as_deref(),
        Some("2024-03-12T09:40:00Z")
    );
    assert!(
        menaka
            .raw
            .contains("Malian soldiers killed fourteen fighters")
    );
    assert!(!menaka.raw.contains("Share on Facebook"));
    let kidal = items[1].as_ref().unwrap();
    assert_eq!(kidal.source.line, Some(6));
    assert!(
        kidal
            .raw
            .contains("Des affrontements ont opposé dimanche l'armée malienne"),
        "{}",
        kidal.raw
    );
    // No date in the page: the crawl date is the last resort.
    assert_eq!(
        kidal.meta.published.as_deref(),
        Some("2024-05-06T07:08:09Z")
    );
}

#[test]
fn warc_yields_html_responses_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "news.warc", &archive().concat());
    check_archive(&read(&path));
}

#[test]
fn warc_gz_with_one_gzip_member_per_record_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<u8> = archive().iter().flat_map(|r| gzip(r)).collect();
    let path = write(dir.path(), "CC-NEWS-20240506.warc.gz", &members);
    check_archive(&read(&path));
}

#[test]
fn truncated_warc_keeps_the_records_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let records = archive();
    let mut bytes: Vec<u8> = records[..5].concat();
    let sixth = &records[5];
    bytes.extend_from_slice(&sixth[..sixth.len() / 2]);
    let path = write(dir.path(), "cut.warc", &bytes);
    let items = read(&path);
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().source.line, Some(3));
    let e = items[1].as_ref().unwrap_err();
    assert_eq!(e.line, Some(6));
    assert!(e.problem.starts_with("WARC record is truncated"), "{e}");

    // The same cut inside a gzip member: the decoder fails, the error says so.
    let mut gz: Vec<u8> = records[..5].iter().flat_map(|r| gzip(r)).collect();
    let last = gzip(sixth);
    gz.extend_from_slice(&last[..last.len() / 2]);
    let path = write(dir.path(), "cut.warc.gz", &gz);
    let items = read(&path);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    let e = items[1].as_ref().unwrap_err();
    assert_eq!(e.line, Some(6));
    assert!(e.problem.starts_with("WARC record is truncated"), "{e}");
}

#[test]
fn damaged_warc_stops_with_an_error_at_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let records = archive();
    let mut bytes = records[..3].concat();
    bytes.extend_from_slice(b"<html>stray bytes where a record should start</html>\r\n");
    bytes.extend_from_slice(&records[5]);
    let path = write(dir.path(), "damaged.warc", &bytes);
    let items = read(&path);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    let e = items[1].as_ref().unwrap_err();
    assert_eq!(e.line, Some(4));
    assert!(e.problem.contains("expected a WARC record header"), "{e}");

    let no_length = b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody";
    let path = write(dir.path(), "nolength.warc", no_length);
    let items = read(&path);
    assert_eq!(
        items[0].as_ref().unwrap_err().to_string(),
        format!(
            "{}:1: WARC record has no valid Content-Length",
            path.display()
        )
    );
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Le Journal du Sahel</title>
  <link>https://journal-sahel.example</link>
  <language>fr</language>
  <item>
    <title>Mopti : une attaque contre un poste de gendarmerie</title>
    <link>https://journal-sahel.example/mopti-attaque</link>
    <guid isPermaLink="false">js-1001</guid>
    <dc:creator>Aïssata Maïga</dc:creator>
    <pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
    <description>Résumé court.</description>
    <content:encoded><![CDATA[<p>Des hommes armés ont attaqué lundi soir un poste de gendarmerie à Mopti.</p><p>Deux gendarmes ont été blessés, selon une source sécuritaire.</p>]]></content:encoded>
  </item>
  <item>
    <title>Gao: curfew extended</title>
    <link>https://journal-sahel.example/gao-curfew</link>
    <guid>js-1002</guid>
    <pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;The governor of Gao extended the night curfew by thirty days on Wednesday.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Photo gallery</title>
    <guid>js-1003</guid>
  </item>
  <item>
    <title>Tombouctou : le trafic fluvial reprend</title>
    <link>https://journal-sahel.example/tombouctou-fleuve</link>
    <guid>js-1004</guid>
    <description>Les pinasses circulent de nouveau entre Mopti et Tombouctou après trois semaines d'interruption.</description>
  </item>
</channel>
</rss>
"#;

#[test]
fn rss_gives_one_document_per_entry_with_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "journal.rss", RSS.as_bytes());
    let items = read(&path);
    assert_eq!(items.len(), 4, "{items:?}");
    let mopti = items[0].as_ref().unwrap();
    assert_eq!(mopti.source.format, SourceFormat::Feed);
    assert_eq!(
        (mopti.source.line, mopti.source.record.as_deref()),
        (Some(1), Some("js-1001"))
    );
    assert_eq!(
        mopti.raw,
        "Des hommes armés ont attaqué lundi soir un poste de gendarmerie à Mopti.\n\n\
         Deux gendarmes ont été blessés, selon une source sécuritaire."
    );
    assert_eq!(
        mopti.meta.title.as_deref(),
        Some("Mopti : une attaque contre un poste de gendarmerie")
    );
    assert_eq!(
        mopti.meta.url.as_deref(),
        Some("https://journal-sahel.example/mopti-attaque")
    );
    assert_eq!(mopti.meta.source.as_deref(), Some("Le Journal du Sahel"));
    assert_eq!(mopti.meta.author.as_deref(), Some("Aïssata Maïga"));
    assert_eq!(
        mopti.meta.published.as_deref(),
        Some("2024-03-05T08:30:00+00:00")
    );
    assert_eq!(mopti.meta.language.as_deref(), Some("fr"));
    let gao = items[1].as_ref().unwrap();
    assert_eq!(
        gao.raw,
        "The governor of Gao extended the night curfew by thirty days on Wednesday."
    );
    let e = items[2].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}:3: feed entry has no content or summary", path.display())
    );
    let plain = items[3].as_ref().unwrap();
    assert_eq!(
        plain.raw,
        "Les pinasses circulent de nouveau entre Mopti et Tombouctou après trois semaines \
         d'interruption."
    );
}

#[test]
fn atom_feed_in_an_xml_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Sahel Watch</title>
  <id>urn:sahel-watch</id>
  <updated>2024-04-02T12:00:00Z</updated>
  <entry>
    <title>Niger: soldiers killed near Tillabéri</title>
    <id>urn:sahel-watch:501</id>
    <link rel="alternate" href="https://sahel-watch.example/501"/>
    <published>2024-04-02T09:15:00Z</published>
    <updated>2024-04-02T11:00:00Z</updated>
    <author><name>J. Ouédraogo</name></author>
    <content type="html">&lt;p&gt;At least twelve soldiers were killed on Monday in an ambush near Tillabéri, the defence ministry said.&lt;/p&gt;</content>
  </entry>
</feed>"#;
    let path = write(dir.path(), "watch.xml", atom.as_bytes());
    let items = read(&path);
    assert_eq!(items.len(), 1, "{items:?}");
    let doc = items[0].as_ref().unwrap();
    assert_eq!(doc.source.record.as_deref(), Some("urn:sahel-watch:501"));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://sahel-watch.example/501")
    );
    assert_eq!(
        doc.meta.published.as_deref(),
        Some("2024-04-02T09:15:00+00:00")
    );
    assert_eq!(doc.meta.author.as_deref(), Some("J. Ouédraogo"));
    assert!(doc.raw.starts_with("At least twelve soldiers were killed"));
}

#[test]
fn truncated_feed_keeps_the_entries_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let cut = RSS.find("<title>Tombouctou").unwrap() + 20;
    let path = write(dir.path(), "cut.rss", &RSS.as_bytes()[..cut]);
    let items = read(&path);
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(
        items[0].as_ref().unwrap().source.record.as_deref(),
        Some("js-1001")
    );
    assert_eq!(
        items[1].as_ref().unwrap().source.record.as_deref(),
        Some("js-1002")
    );
    assert!(
        items[2].is_err(),
        "the entry without content is still reported"
    );
    let e = items[3].as_ref().unwrap_err();
    assert_eq!(e.line, Some(4));
    assert!(
        e.problem.starts_with("feed is damaged after entry 3"),
        "{e}"
    );
}

#[test]
fn xml_that_is_not_a_feed_and_feeds_that_are_garbage_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "config.xml",
        b"<?xml version=\"1.0\"?><settings><a>1</a></settings>",
    );
    let items = read(&path);
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().unwrap_err().to_string(),
        format!("{}: not an RSS or Atom feed", path.display())
    );
    let path = write(
        dir.path(),
        "broken.rss",
        b"<rss version=\"2.0\"><channel><title>x</ti",
    );
    let items = read(&path);
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        items[0]
            .as_ref()
            .unwrap_err()
            .problem
            .starts_with("feed cannot be read")
    );
}

//! Throughput of the readers on large generated inputs. Ignored by default; run with
//! `cargo test --release -p faultline-ingest --test throughput -- --ignored --nocapture`.
//! Checks that every record comes through and prints MB/s and documents/s.

use std::io::{BufWriter, Write};
use std::time::Instant;

use faultline_ingest::{Options, sources};

const PLACES: &[&str] = &[
    "Gao",
    "Ménaka",
    "Tombouctou",
    "Mopti",
    "Kidal",
    "Ségou",
    "Bamako",
];

fn article(i: usize) -> String {
    let place = PLACES[i % PLACES.len()];
    let other = PLACES[(i / 7) % PLACES.len()];
    format!(
        "{place}, {} mars (AFP) - Des hommes armés ont attaqué un poste militaire près de {other}, \
         faisant {} morts selon une source sécuritaire. L'armée malienne a annoncé une opération \
         de ratissage dans la zone. « La situation est sous contrôle », a déclaré un responsable \
         local joint par téléphone. Les habitants ont commencé à quitter les villages voisins \
         vers {place}, où les autorités ont ouvert un site d'accueil. Selon les Nations unies, \
         plus de {} personnes ont été déplacées dans la région depuis le début de l'année.",
        1 + i % 28,
        2 + i % 17,
        1000 + i % 9000
    )
}

fn measure(name: &str, path: &std::path::Path, expected: usize) {
    let bytes = std::fs::metadata(path).unwrap().len();
    let started = Instant::now();
    let mut docs = 0usize;
    for item in sources(vec![path.to_path_buf()], Options::default()) {
        item.unwrap();
        docs += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(docs, expected);
    let mb = bytes as f64 / (1024.0 * 1024.0);
    println!(
        "{name}: {mb:.1} MB, {docs} documents in {secs:.2} s = {:.1} MB/s, {:.0} documents/s",
        mb / secs,
        docs as f64 / secs
    );
}

#[test]
#[ignore = "slow: generates 100 MB; run in release to measure"]
fn jsonl_text_throughput() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut written = 0usize;
    let mut n = 0usize;
    while written < 100 * 1024 * 1024 {
        let line = serde_json::json!({
            "id": format!("afp-{n}"), "text": article(n), "title": "Attaque", "published": "2024-03-02"
        })
        .to_string();
        writeln!(out, "{line}").unwrap();
        written += line.len() + 1;
        n += 1;
    }
    out.flush().unwrap();
    drop(out);
    measure("jsonl text", &path, n);
}

#[test]
#[ignore = "slow: generates 20 MB of HTML pages; run in release to measure"]
fn jsonl_html_throughput() {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news_page.html"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pages.jsonl");
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut written = 0usize;
    let mut n = 0usize;
    while written < 20 * 1024 * 1024 {
        let html = page.replace("Inékar", PLACES[n % PLACES.len()]);
        let line = serde_json::json!({"id": n, "html": html}).to_string();
        writeln!(out, "{line}").unwrap();
        written += line.len() + 1;
        n += 1;
    }
    out.flush().unwrap();
    drop(out);
    measure("jsonl html", &path, n);
}

#[test]
#[ignore = "slow: generates 20 MB of gzipped WARC records; run in release to measure"]
fn warc_gz_throughput() {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news_page.html"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.warc.gz");
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut raw = 0usize;
    let mut n = 0usize;
    while raw < 20 * 1024 * 1024 {
        let html = page.replace("Inékar", PLACES[n % PLACES.len()]);
        let block =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n}>\r\n\
             WARC-Target-URI: https://ex.example/{n}\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(record.as_bytes()).unwrap();
        out.write_all(&gz.finish().unwrap()).unwrap();
        raw += record.len();
        n += 1;
    }
    out.flush().unwrap();
    drop(out);
    println!("(uncompressed {:.1} MB)", raw as f64 / (1024.0 * 1024.0));
    measure("warc.gz html", &path, n);
}

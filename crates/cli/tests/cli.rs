//! End-to-end tests: the real `faultline` binary on the sample corpus and on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample")
}

fn faultline(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("faultline").expect("binary built");
    cmd.arg("--db").arg(db).arg("--quiet");
    cmd
}

fn run_json(cmd: &mut Command) -> (i32, Value) {
    let out = cmd.arg("--json").output().expect("faultline runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), value)
}

/// Documents another process sees in `db` while an ingest may still be writing it; 0 while
/// the database does not exist yet (`stats` then fails).
fn committed_documents(db: &Path) -> u64 {
    faultline(db)
        .args(["stats", "--json"])
        .output()
        .ok()
        .and_then(|o| serde_json::from_slice::<Value>(&o.stdout).ok())
        .and_then(|v| v["documents"].as_u64())
        .unwrap_or(0)
}

#[test]
fn ingest_then_search_points_at_the_raw_file_and_reingest_adds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("kb.db");

    let (code, first) = run_json(faultline(&db).arg("ingest").arg(sample_dir()));
    assert_eq!(code, 0, "{first}");
    assert_eq!(first["new"], 5, "{first}");
    assert_eq!(first["failed"], 0, "{first}");

    let (code, second) = run_json(faultline(&db).arg("ingest").arg(sample_dir()));
    assert_eq!(code, 0);
    assert_eq!(second["new"], 0, "re-ingest must be a no-op: {second}");
    assert_eq!(second["unchanged"], 5);

    // The same article under another file name is the same document.
    let copy = tmp.path().join("renamed.txt");
    std::fs::copy(sample_dir().join("003_dc49e1b830e2c5ab.txt"), &copy).unwrap();
    let (_, third) = run_json(faultline(&db).arg("ingest").arg(&copy));
    assert_eq!(third["new"], 0, "{third}");
    assert_eq!(third["unchanged"], 1);

    let (code, found) = run_json(faultline(&db).args(["search", "non-aggression"]));
    assert_eq!(code, 0);
    let hits = found["hits"].as_array().unwrap();
    let want = "want to establish a non-aggression pact with the jihadists of Jnim";
    let hit = hits
        .iter()
        .find(|h| h["sentence"].as_str().unwrap().contains(want))
        .unwrap_or_else(|| panic!("no hit with the seed 000 sentence: {found}"));
    assert!(
        hit["source_path"]
            .as_str()
            .unwrap()
            .ends_with("000_4f3cddc50e930001.txt")
    );
    let raw = std::fs::read_to_string(sample_dir().join("000_4f3cddc50e930001.txt")).unwrap();
    let (s, e) = (
        hit["raw_start"].as_u64().unwrap() as usize,
        hit["raw_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&raw[s..e], hit["sentence"].as_str().unwrap());
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("[non-aggression]")
    );
}

#[test]
fn db_flag_is_accepted_before_and_after_the_subcommand() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("kb.db");
    let mut cmd = Command::cargo_bin("faultline").unwrap();
    let status = cmd
        .args(["--quiet", "ingest"])
        .arg(sample_dir().join("001_342f4aa3da8e3581.txt"))
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let (_, stats) = run_json(faultline(&db).arg("stats"));
    assert_eq!(stats["documents"], 1);
}

#[test]
fn bad_inputs_each_get_one_error_and_do_not_stop_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("kb.db");
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::write(
        inputs.join("paper.pdf"),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    )
    .unwrap();
    std::fs::write(
        inputs.join("lines.jsonl"),
        "{\"id\":\"a\",\"text\":\"Fighting broke out near Gao on Monday, officials said.\"}\n\
         this is not json\n\
         {\"id\":\"c\",\"title\":\"no text\"}\n",
    )
    .unwrap();
    std::fs::write(
        inputs.join("good.txt"),
        "Jihadists attacked an army post near Ménaka on Sunday, a security source said.\n",
    )
    .unwrap();
    let missing = tmp.path().join("does-not-exist.txt");

    // Something stored before must survive a batch with failures.
    faultline(&db)
        .arg("ingest")
        .arg(sample_dir().join("002_e81ef2acb61dc933.txt"))
        .stdout(Stdio::null())
        .status()
        .unwrap();

    let (code, summary) = run_json(faultline(&db).arg("ingest").arg(&inputs).arg(&missing));
    assert_eq!(code, 1, "some inputs failed: {summary}");
    assert_eq!(
        summary["new"], 2,
        "the good JSONL line and good.txt: {summary}"
    );
    let errors = summary["errors"].as_array().unwrap();
    let named = |needle: &str| {
        errors
            .iter()
            .filter(|e| e["path"].as_str().unwrap().contains(needle))
            .count()
    };
    assert_eq!(named("empty.txt"), 1, "{summary}");
    assert_eq!(named("paper.pdf"), 1, "{summary}");
    assert_eq!(named("does-not-exist.txt"), 1, "{summary}");
    let jsonl: Vec<u64> = errors
        .iter()
        .filter(|e| e["path"].as_str().unwrap().contains("lines.jsonl"))
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(jsonl, vec![2, 3], "{summary}");
    assert_eq!(summary["failed"], 5);

    let (_, stats) = run_json(faultline(&db).arg("stats"));
    assert_eq!(stats["documents"], 3, "{stats}");
}

#[test]
fn a_killed_ingest_leaves_a_database_that_opens_and_resumes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("kb.db");
    let corpus = tmp.path().join("many.jsonl");
    let seed = std::fs::read_to_string(sample_dir().join("000_4f3cddc50e930001.txt")).unwrap();
    let total = 1500;
    let mut lines = String::new();
    for i in 0..total {
        let text = format!("Report number {i}. {seed}");
        lines.push_str(&serde_json::json!({"id": i.to_string(), "text": text}).to_string());
        lines.push('\n');
    }
    std::fs::write(&corpus, lines).unwrap();

    let mut child = faultline(&db)
        // Several batches per transaction, as ingest groups them by default.
        .args(["ingest", "--batch", "50", "--commit-every", "150"])
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill as soon as some transactions are committed, while the rest is in flight.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if committed_documents(&db) > 0 || Instant::now() > deadline {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let (code, stats) = run_json(faultline(&db).arg("stats"));
    assert_eq!(code, 0, "the database must open after a kill: {stats}");
    let stored = stats["documents"].as_u64().unwrap();
    assert!(stored > 0, "some batches were committed before the kill");
    assert!(
        stored < total,
        "the kill came before the end ({stored} stored)"
    );

    let (code, resumed) = run_json(faultline(&db).arg("ingest").arg(&corpus));
    assert_eq!(code, 0, "{resumed}");
    assert_eq!(resumed["new"].as_u64().unwrap() + stored, total);
    assert_eq!(resumed["unchanged"].as_u64().unwrap(), stored);
    let (_, stats) = run_json(faultline(&db).arg("stats"));
    assert_eq!(stats["documents"].as_u64().unwrap(), total);
    // Each document's text is read back from the archive beside the database, which the
    // kill may have left ahead of the database (see store/src/archive.rs).
    let out = faultline(&db).args(["export", "jsonl"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported = String::from_utf8(out.stdout).unwrap();
    let texts: Vec<String> = exported
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["document"]["text"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(texts.len(), total as usize);
    assert!(texts.iter().all(|t| t.contains("Report number")));
}

/// Documents piped in one at a time (a feed watcher writing JSON Lines into `ingest -`)
/// are stored while the stream stays open: the format is known from the first line, an
/// analysed document is handed to the writer when input pauses, and the writer commits
/// when batches stop coming.
#[test]
fn a_trickle_of_piped_documents_is_stored_before_the_stream_ends() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("kb.db");
    let seed = std::fs::read_to_string(sample_dir().join("004_05cfed11f65feb06.txt")).unwrap();
    let mut child = faultline(&db)
        .args(["ingest", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let line = serde_json::json!({"id": "live-1", "text": seed}).to_string();
    assert!(
        line.len() < 8192,
        "one record, shorter than the format sniffer's window"
    );
    writeln!(stdin, "{line}").unwrap();
    stdin.flush().unwrap();

    let deadline = Instant::now() + Duration::from_secs(30);
    let stored = loop {
        std::thread::sleep(Duration::from_millis(200));
        let stored = committed_documents(&db);
        if stored > 0 || Instant::now() > deadline {
            break stored;
        }
    };
    assert!(
        child.try_wait().unwrap().is_none(),
        "ingest is still reading its input"
    );
    assert_eq!(
        stored, 1,
        "the piped document is stored while the pipe is open"
    );

    drop(stdin);
    assert!(child.wait().unwrap().success());
    let (_, stats) = run_json(faultline(&db).arg("stats"));
    assert_eq!(stats["documents"], 1);
}

#[test]
fn usage_errors_exit_with_2_and_missing_databases_are_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("none.db");
    let out = faultline(&db).arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = faultline(&db).args(["search", "Kidal"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("none.db") && err.contains("faultline ingest"),
        "{err}"
    );
    assert!(
        !db.exists(),
        "a read-only command must not create a database"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("notes.db");
    std::fs::write(&db, "these are my notes, not a database\n".repeat(200)).unwrap();
    let out = faultline(&db)
        .arg("ingest")
        .arg(sample_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a faultline database"));
    assert!(
        std::fs::read_to_string(&db)
            .unwrap()
            .starts_with("these are my notes")
    );
}

#[test]
fn demo_ingests_the_embedded_sample_and_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    let (code, first) = run_json(faultline(&db).args(["demo", "--no-serve"]));
    assert_eq!(code, 0);
    assert_eq!(first["new"], 5);
    let (_, second) = run_json(faultline(&db).args(["demo", "--no-serve"]));
    assert_eq!(second["new"], 0);
    assert_eq!(second["unchanged"], 5);
}

#[test]
fn extract_prints_one_object_per_document_in_input_order() {
    let out = Command::cargo_bin("faultline")
        .unwrap()
        .args(["extract", "--json"])
        .arg(sample_dir().join("003_dc49e1b830e2c5ab.txt"))
        .arg(sample_dir().join("000_4f3cddc50e930001.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["source"]["path"]
            .as_str()
            .unwrap()
            .ends_with("003_dc49e1b830e2c5ab.txt")
    );
    assert!(
        lines[1]["source"]["path"]
            .as_str()
            .unwrap()
            .ends_with("000_4f3cddc50e930001.txt")
    );
    for l in &lines {
        assert_eq!(l["language"], "en", "{l}");
        assert!(l["mentions"].is_array());
    }
}

#[test]
fn a_user_pack_adds_an_actor_and_a_broken_one_is_reported_line_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    std::fs::create_dir_all(good.join("actors")).unwrap();
    std::fs::write(
        good.join("actors/actors.tsv"),
        "# id\tname\tkind\tinter\tcountries\tfrom\tto\tsource\n\
         zz_front_nord\tFNLS: Front du Nord pour la Liberation du Sahel\trebel_group\t2\tMali\t2025\t\tanalyst note 2025-01\n",
    )
    .unwrap();
    std::fs::write(
        good.join("actors/aliases.tsv"),
        "# actor\talias\tlang\tcase\tfrom\tto\n\
         zz_front_nord\tFNLS\t\tcs\t\t\n\
         zz_front_nord\tFront du Nord pour la Liberation du Sahel\tfr\tci\t\t\n",
    )
    .unwrap();
    let article = tmp.path().join("article.txt");
    std::fs::write(
        &article,
        "Les combattants du FNLS ont attaqué un poste de l'armée malienne près de Léré, selon une source sécuritaire.\n",
    )
    .unwrap();
    let out = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--packs")
        .arg(&good)
        .args(["extract", "--json"])
        .arg(&article)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["actor"]["id"] == "zz_front_nord"),
        "{doc:#}"
    );
    // Commands that only name actors load the actor pack alone, user directories included.
    let out = actor_with_packs(&good, "FNLS");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actor: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(actor["id"], "zz_front_nord", "{actor:#}");

    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(bad.join("actors")).unwrap();
    std::fs::write(
        bad.join("actors/actors.tsv"),
        "# id\tname\tkind\tinter\tcountries\tfrom\tto\tsource\n\
         zz_a\tA\trebel_grup\t2\tMali\t\t\tnote\n\
         zz_b\tB\n",
    )
    .unwrap();
    let out = Command::cargo_bin("faultline")
        .unwrap()
        .args(["packs", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("actors.tsv:2:") && text.contains("actors.tsv:3:"),
        "{text}"
    );
    // The built-in packs still load: extraction goes on with a warning.
    let out = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--packs")
        .arg(&bad)
        .args(["extract", "--json"])
        .arg(sample_dir().join("001_342f4aa3da8e3581.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("actors.tsv:2:"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!doc["mentions"].as_array().unwrap().is_empty());
    let out = actor_with_packs(&bad, "JNIM");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("actors.tsv:2:"));
}

/// `faultline --packs DIR --json actor NAME`, with no database.
fn actor_with_packs(packs: &Path, name: &str) -> std::process::Output {
    let none = packs.with_file_name("none.db");
    Command::cargo_bin("faultline")
        .unwrap()
        .arg("--db")
        .arg(none)
        .arg("--packs")
        .arg(packs)
        .args(["--json", "actor", name])
        .output()
        .unwrap()
}

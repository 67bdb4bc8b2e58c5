//! Architecture invariants, checked: which crate may name which dependency, and that the
//! engine does no IO and reads no clock. Each failure names the file and the rule.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `[dependencies]` table of a crate's manifest (not dev-dependencies).
fn dependencies(krate: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("crates/{krate}/Cargo.toml: {e}"));
    let mut in_deps = false;
    let mut deps = Vec::new();
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
            continue;
        }
        if in_deps && let Some((name, _)) = t.split_once(['=', '.']) {
            let name = name.trim();
            if !name.is_empty() && !name.starts_with('#') {
                deps.push(name.to_string());
            }
        }
    }
    deps
}

fn crates() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn only_the_store_names_the_database_and_only_the_binary_uses_anyhow() {
    let mut problems = Vec::new();
    for krate in crates() {
        let deps = dependencies(&krate);
        let has = |d: &str| deps.iter().any(|x| x == d);
        if has("rusqlite") && krate != "store" {
            problems.push(format!("crates/{krate}: only store may depend on rusqlite"));
        }
        if has("anyhow") && krate != "cli" {
            problems.push(format!(
                "crates/{krate}: library crates use thiserror; anyhow is for the binary"
            ));
        }
        if (has("axum") || has("tokio")) && !matches!(krate.as_str(), "server" | "cli") {
            problems.push(format!(
                "crates/{krate}: only server (and cli, to start it) run HTTP"
            ));
        }
    }
    let engine = dependencies("engine");
    for forbidden in [
        "faultline-store",
        "faultline-ingest",
        "rusqlite",
        "walkdir",
        "tokio",
    ] {
        if engine.iter().any(|d| d == forbidden) {
            problems.push(format!(
                "crates/engine: the pure engine must not depend on {forbidden}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_engine_does_no_io_and_reads_no_clock() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/engine/src"), &mut files);
    assert!(!files.is_empty());
    let forbidden = [
        "std::fs",
        "std::net",
        "std::env",
        "File::open",
        "SystemTime::now",
        "Instant::now",
        "Local::now",
        "Utc::now",
        "println!",
        "thread_rng",
    ];
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for f in forbidden {
                if code.contains(f) {
                    problems.push(format!("{}:{}: uses {f}", file.display(), i + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `faultline_engine::warm_up` forces every lazily built value of the engine's modules: one
/// added without being listed there would be built in the first documents of every run.
#[test]
fn the_engine_warm_up_forces_every_lazy_static() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/engine/src"), &mut files);
    let (mut statics, mut forced) = (Vec::new(), Vec::new());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            // Module-level statics start the line; those inside tests are indented.
            if let Some(rest) = line.strip_prefix("static ")
                && let Some((name, ty)) = rest.split_once(':')
                && ty.trim_start().starts_with("LazyLock<")
            {
                statics.push(name.trim().to_string());
            }
            if let Some(rest) = line.trim().strip_prefix("LazyLock::force(&") {
                forced.push(rest.trim_end_matches(");").to_string());
            }
        }
    }
    assert!(statics.len() >= 20, "found only {statics:?}");
    let missed: Vec<&String> = statics.iter().filter(|s| !forced.contains(s)).collect();
    assert!(missed.is_empty(), "not forced by warm_up: {missed:?}");
}

#[test]
fn every_source_file_says_why_it_exists() {
    let mut files = Vec::new();
    for krate in crates() {
        rust_files(&root().join("crates").join(&krate).join("src"), &mut files);
    }
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! paragraph:\n{}",
        missing.join("\n")
    );
}

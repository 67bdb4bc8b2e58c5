//! What every pack folder shares: its `PACK.toml` manifest (name, version, source, licence,
//! all required) and the reading of a user's pack folder (the manifest, then its `.tsv`
//! files in name order), reporting every problem as `path[:line]: problem`.
//!
//! The per-pack modules parse the rows; this module never looks inside a `.tsv` file.

use std::path::{Path, PathBuf};

use crate::PackProblem;

/// The manifest fields every pack must name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Manifest {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub licence: String,
}

impl Manifest {
    /// "name version", as packs list the versions they loaded.
    pub fn label(&self) -> String {
        format!("{} {}", self.name, self.version)
    }
}

pub(crate) fn problem(path: &Path, line: Option<usize>, message: String) -> PackProblem {
    PackProblem {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Parses a manifest, reporting a missing required field or invalid TOML.
pub(crate) fn check_manifest(
    path: &Path,
    text: &str,
    problems: &mut Vec<PackProblem>,
) -> Option<Manifest> {
    match toml::from_str::<Manifest>(text) {
        Ok(m) => {
            let mut ok = true;
            for (field, value) in [
                ("name", &m.name),
                ("version", &m.version),
                ("source", &m.source),
                ("licence", &m.licence),
            ] {
                if value.trim().is_empty() {
                    problems.push(problem(path, None, format!("missing '{field}'")));
                    ok = false;
                }
            }
            ok.then_some(m)
        }
        Err(e) => {
            problems.push(problem(path, None, format!("not valid TOML: {e}")));
            None
        }
    }
}

/// One user pack folder, read: the manifest's label and each `.tsv` file as
/// (path, file name, text), in name order.
pub(crate) struct UserPack {
    pub version: Option<String>,
    pub files: Vec<(PathBuf, String, String)>,
}

/// Reads `folder` (e.g. `DIR/time/`): its manifest and `.tsv` files. Unreadable files and a
/// bad manifest are reported; what could be read is returned.
pub(crate) fn read_user_pack(folder: &Path, problems: &mut Vec<PackProblem>) -> UserPack {
    let manifest_path = folder.join("PACK.toml");
    let version = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => check_manifest(&manifest_path, &text, problems).map(|m| m.label()),
        Err(e) => {
            problems.push(problem(&manifest_path, None, format!("cannot read: {e}")));
            None
        }
    };
    let mut listing: Vec<PathBuf> = match std::fs::read_dir(folder) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            problems.push(problem(folder, None, format!("cannot read: {e}")));
            Vec::new()
        }
    };
    listing.sort();
    let mut files = Vec::new();
    for path in listing {
        if path.extension().and_then(|e| e.to_str()) != Some("tsv") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((path, name, text)),
            Err(e) => problems.push(problem(&path, None, format!("cannot read: {e}"))),
        }
    }
    UserPack { version, files }
}

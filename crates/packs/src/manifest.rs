//! What every pack folder shares: its `PACK.toml` manifest (name, version, source, licence,
//! all required) and the reading of a user's pack folder (the manifest, then its `.tsv`
//! files in name order), reporting every problem as `path[:line]: problem`.
//!
//! The per-pack modules parse the rows; this module never looks inside a `.tsv` file.

use std::path::{Path, PathBuf};

use faultline_model::Lang;

use crate::{PackError, PackProblem};

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

/// Loads a built-in pack: every embedded file through `load` (as if read from `folder`),
/// then its manifest. Returns the manifest's "name version" when valid and every problem.
pub(crate) fn load_embedded(
    folder: &str,
    files: &[(&str, &str)],
    manifest: &str,
    mut load: impl FnMut(&Path, &str, &str, &mut Vec<PackProblem>),
) -> (Option<String>, Vec<PackProblem>) {
    let dir = Path::new(folder);
    let mut problems = Vec::new();
    for (name, text) in files {
        load(&dir.join(name), name, text, &mut problems);
    }
    let version =
        check_manifest(&dir.join("PACK.toml"), manifest, &mut problems).map(|m| m.label());
    (version, problems)
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

/// Reads the user pack folder `dir/name/` (a directory laid out like `packs/`) into a fresh
/// `T` with `load` for each file, so that a broken folder leaves the loaded pack untouched.
/// `Ok(None)` when there is no such folder; every problem at once otherwise.
pub(crate) fn stage_user_pack<T: Default>(
    dir: &Path,
    name: &str,
    load: impl Fn(&mut T, &Path, &str, &str, &mut Vec<PackProblem>),
) -> Result<Option<(T, Option<String>)>, PackError> {
    let folder = dir.join(name);
    if !folder.is_dir() {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let mut staged = T::default();
    let pack = read_user_pack(&folder, &mut problems);
    for (path, file, text) in &pack.files {
        load(&mut staged, path, file, text, &mut problems);
    }
    if !problems.is_empty() {
        return Err(PackError { problems });
    }
    Ok(Some((staged, pack.version)))
}

/// One row of a phrase lexicon file (`phrase<TAB>lang<TAB>value…`).
pub(crate) struct LexiconRow<'a> {
    pub line: usize,
    /// The phrase as written.
    pub phrase: &'a str,
    /// None for `*` (any language).
    pub lang: Option<Lang>,
    /// The columns after the language.
    pub values: Vec<&'a str>,
}

/// The rows of a phrase lexicon file with `columns` columns, checked for column count,
/// order (by phrase then language, as written), padding and language; a row with a problem
/// is reported with its line and skipped. Comment lines (`#`) and blank lines are skipped.
pub(crate) fn lexicon_rows<'a>(
    path: &Path,
    text: &'a str,
    columns: usize,
    problems: &mut Vec<PackProblem>,
) -> Vec<LexiconRow<'a>> {
    let mut rows = Vec::new();
    let mut previous: Option<(&str, &str)> = None;
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != columns {
            problems.push(problem(
                path,
                Some(lineno),
                format!(
                    "expected {columns} tab-separated columns, found {}",
                    cols.len()
                ),
            ));
            continue;
        }
        let (phrase, lang_col) = (cols[0], cols[1]);
        if let Some(prev) = previous
            && prev > (phrase, lang_col)
        {
            problems.push(problem(
                path,
                Some(lineno),
                format!("not sorted: '{phrase}' comes after '{}'", prev.0),
            ));
        }
        previous = Some((phrase, lang_col));
        if phrase.trim() != phrase || phrase.is_empty() {
            problems.push(problem(path, Some(lineno), "empty or padded phrase".into()));
            continue;
        }
        let lang = match lang_col {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "*" => None,
            other => {
                problems.push(problem(
                    path,
                    Some(lineno),
                    format!("unknown language '{other}' (en, fr or *)"),
                ));
                continue;
            }
        };
        rows.push(LexiconRow {
            line: lineno,
            phrase,
            lang,
            values: cols[2..].to_vec(),
        });
    }
    rows
}

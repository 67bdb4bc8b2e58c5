//! Data packs: the actors, places and lexicons faultline recognises, kept as reviewed text
//! files under `packs/` with a `PACK.toml` naming version, source and licence.
//!
//! This is the only crate that parses pack files. The default packs are embedded in the
//! binary; `--packs DIR` adds directories whose entries add to or override them. Loading
//! reports every problem as `path:line: problem` at once, and a broken user pack never
//! prevents the embedded defaults from loading.

pub mod acled;
pub mod actors;
mod classes;
pub mod facts;
pub mod gazetteer;
mod latin;
pub mod manifest;
pub mod time;

pub use latin::ascii_run_end;

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    pub path: PathBuf,
    /// 1-based line, when the problem is on a line.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for PackProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Every problem found while loading packs, reported together.
#[derive(Debug, thiserror::Error)]
pub struct PackError {
    pub problems: Vec<PackProblem>,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "{n} problem{} in data packs:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Everything the engine needs from data packs, compiled for matching.
#[derive(Debug, Default)]
pub struct Packs {
    pub acled: acled::AcledPack,
    pub actors: actors::ActorPack,
    pub gazetteer: gazetteer::Gazetteer,
    pub time: time::TimeLexicon,
    pub facts: facts::FactLexicon,
}

impl Packs {
    /// The packs embedded in the binary.
    pub fn embedded() -> Self {
        Packs {
            acled: acled::AcledPack::embedded(),
            actors: actors::ActorPack::embedded(),
            gazetteer: gazetteer::Gazetteer::embedded(),
            time: time::TimeLexicon::embedded(),
            facts: facts::FactLexicon::embedded(),
        }
    }

    /// The embedded packs plus user pack directories, later directories overriding earlier
    /// ones. On problems, returns the embedded packs alone together with the problems, so the
    /// caller can warn and go on.
    pub fn with_user_dirs(dirs: &[&Path]) -> (Self, Option<PackError>) {
        with_user_dirs(Packs::embedded, dirs, |packs, dir| {
            [
                packs.acled.add_dir(dir),
                packs.actors.add_dir(dir),
                packs.gazetteer.add_dir(dir),
                packs.time.add_dir(dir),
                packs.facts.add_dir(dir),
            ]
            .into_iter()
            .filter_map(Result::err)
            .flat_map(|e| e.problems)
            .collect()
        })
    }
}

/// A pack built from `embedded` with the user directories added in order, each adding all it
/// can and `add` returning its problems. On problems, the embedded pack alone together with
/// every directory's problems, so the caller can warn and go on.
pub(crate) fn with_user_dirs<T>(
    embedded: impl Fn() -> T,
    dirs: &[&Path],
    add: impl Fn(&mut T, &Path) -> Vec<PackProblem>,
) -> (T, Option<PackError>) {
    let mut pack = embedded();
    let problems: Vec<PackProblem> = dirs.iter().flat_map(|dir| add(&mut pack, dir)).collect();
    if problems.is_empty() {
        (pack, None)
    } else {
        (embedded(), Some(PackError { problems }))
    }
}

//! The ACLED pack: what the ACLED-compatible export needs beyond the gazetteer (each
//! country's ISO 3166-1 numeric code and ACLED region), from `packs/acled/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{PackError, PackProblem};

const EMBEDDED: &str = include_str!("../../../packs/acled/countries.tsv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcledCountry {
    pub iso: u16,
    pub region: String,
}

#[derive(Debug, Default)]
pub struct AcledPack {
    countries: BTreeMap<String, AcledCountry>,
}

impl AcledPack {
    pub fn embedded() -> Self {
        let mut pack = AcledPack::default();
        // The embedded file is checked by a test; a problem here is a build defect.
        let _ = pack.parse(Path::new("packs/acled/countries.tsv"), EMBEDDED);
        pack
    }

    /// Reads `dir/acled/countries.tsv` when present; its rows override the built-in ones.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        let path = dir.join("acled").join("countries.tsv");
        if !path.exists() {
            return Ok(());
        }
        let text = std::fs::read_to_string(&path).map_err(|e| PackError {
            problems: vec![PackProblem {
                path: path.clone(),
                line: None,
                message: e.to_string(),
            }],
        })?;
        let mut staged = AcledPack::default();
        staged.parse(&path, &text)?;
        self.countries.extend(staged.countries);
        Ok(())
    }

    fn parse(&mut self, path: &Path, text: &str) -> Result<(), PackError> {
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let problem = |message: String| PackProblem {
                path: path.to_path_buf(),
                line: Some(i + 1),
                message,
            };
            let cols: Vec<&str> = line.split('\t').collect();
            let [code, iso, region] = cols.as_slice() else {
                problems.push(problem(format!(
                    "expected 3 tab-separated columns (code, iso, region), found {}",
                    cols.len()
                )));
                continue;
            };
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                problems.push(problem(format!(
                    "{code:?} is not an ISO 3166-1 alpha-2 code"
                )));
                continue;
            }
            let Ok(iso) = iso.parse::<u16>() else {
                problems.push(problem(format!("{iso:?} is not a numeric country code")));
                continue;
            };
            if region.trim().is_empty() {
                problems.push(problem("empty region".into()));
                continue;
            }
            if self
                .countries
                .insert(
                    code.to_string(),
                    AcledCountry {
                        iso,
                        region: region.to_string(),
                    },
                )
                .is_some()
            {
                problems.push(problem(format!("country {code} listed twice")));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PackError { problems })
        }
    }

    pub fn country(&self, code: &str) -> Option<&AcledCountry> {
        self.countries.get(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_pack_parses_and_knows_the_sahel() {
        let mut pack = AcledPack::default();
        pack.parse(Path::new("countries.tsv"), EMBEDDED).unwrap();
        assert_eq!(pack.country("ML").unwrap().iso, 466);
        assert_eq!(pack.country("NE").unwrap().region, "Western Africa");
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let mut pack = AcledPack::default();
        let err = pack
            .parse(
                Path::new("x.tsv"),
                "ML\t466\tWestern Africa\nml\t1\tX\nNE\tabc\tY\nML\t466\tWestern Africa\n",
            )
            .unwrap_err();
        let lines: Vec<Option<usize>> = err.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(4)]);
    }
}

//! Placeholder for the gazetteer pack; the gazetteer issue replaces it.

use std::path::Path;

#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    pub fn embedded() -> Self {
        Gazetteer {}
    }

    pub fn add_dir(&mut self, _dir: &Path) -> Result<(), crate::PackError> {
        Ok(())
    }
}

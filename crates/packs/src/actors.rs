//! Placeholder for the actors pack; the actors issue replaces it.

use std::path::Path;

#[derive(Debug, Default)]
pub struct ActorPack {}

impl ActorPack {
    pub fn embedded() -> Self {
        ActorPack {}
    }

    pub fn add_dir(&mut self, _dir: &Path) -> Result<(), crate::PackError> {
        Ok(())
    }
}

//! Time values and time mentions. Placeholder types: the time issue fills them in.

use serde::{Deserialize, Serialize};

/// The document's publication date and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Published {}

impl Published {
    /// The publication day when known at least to the month (a month-precise date gives
    /// its first day), for stages that need "the document's date".
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        None
    }
}

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeMention {}

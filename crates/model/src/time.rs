//! Time values and time mentions. Placeholder types: the time issue fills them in.

use serde::{Deserialize, Serialize};

/// The document's publication date and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Published {}

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeMention {}

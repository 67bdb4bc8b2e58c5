//! Places and place mentions. Placeholder types: the places issue fills them in.

use serde::{Deserialize, Serialize};

/// A place name found in the text and resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {}

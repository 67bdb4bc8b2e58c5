//! Actors and actor mentions. Minimal types: the actors issue extends them.

use serde::{Deserialize, Serialize};

/// The actor a mention links to, as shown in output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// How a mention was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionHow {
    Alias,
    Acronym,
    Generic,
    Role,
    Candidate,
}

/// A reference to an actor in the text: a span of the cleaned text and what it links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    /// Byte offsets into the cleaned text.
    pub start: usize,
    pub end: usize,
    /// None when the mention could not be linked (an unresolved generic reference).
    pub actor: Option<ActorRef>,
    pub how: MentionHow,
}

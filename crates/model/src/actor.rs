//! Actors and actor mentions: the organisations and people a conflict text is about, how
//! they are named over time, how they are related over time, and the spans of text that refer
//! to them.
//!
//! Plain data only. The actor pack (in `faultline-packs`) fills [`Actor`], [`ActorName`],
//! [`Alias`] and [`ActorRelation`]; the engine's actor stage produces [`Mention`]s. Nothing
//! here parses pack files or looks at text.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
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
    /// A pack alias (name, acronym or variant) found in the text.
    Alias,
    /// A short form the text itself defined ("the Coordination of Azawad Movements (CMA)").
    Acronym,
    /// A generic reference ("the rebels", "l'armée") resolved, or not, from the document.
    Generic,
    /// A name-shaped span introduced by a role cue ("X, spokesman for the CSP").
    Role,
    /// An organisation the text defines with an acronym but the pack does not know.
    Candidate,
}

/// Why a generic mention links to the actor it links to (or why it does not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// Index (in the document's mention list) of the mention it was resolved to, when it was
    /// resolved to an earlier or later mention rather than from the pack alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<usize>,
    /// A short reason: "recency", "apposition", "state of the document's country", "ambiguous".
    pub why: String,
}

/// A short form and the long form the text gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcronymPair {
    pub short: String,
    pub long: String,
}

/// A role cue that introduced or accompanies a person mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCue {
    /// The cue as written ("spokesman", "Prime Minister", "porte-parole").
    pub title: String,
    /// The organisation the role is held in, when the text names it ("of the CSP").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
}

/// A reference to an actor in the text: a span of the cleaned text and what it links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    /// Byte offsets into the cleaned text.
    pub start: usize,
    pub end: usize,
    /// None when the mention could not be linked (an unresolved generic reference, or an
    /// alias the document context cannot disambiguate).
    pub actor: Option<ActorRef>,
    pub how: MentionHow,
    /// For generic references: what it resolved to and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// For acronyms learned from the text and candidate actors: the pair and its evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<AcronymPair>,
    /// For people: the role cue next to the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<RoleCue>,
}

/// What sort of actor an entry is. Follows the ACLED actor categories, split where analysts
/// need the difference (a jihadist group and a separatist rebel group share ACLED's inter
/// code 2 but are not interchangeable as antecedents of "the rebels").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// Armed forces of a state (army, gendarmerie, national guard).
    StateForce,
    /// Police forces: state forces too, but not what "the army" means.
    Police,
    RebelGroup,
    JihadistGroup,
    Militia,
    EthnicMilitia,
    ForeignForce,
    PrivateMilitary,
    Government,
    Igo,
    Political,
    Civilians,
    Unidentified,
    Person,
    /// Not from the pack: an organisation learned from one document.
    Candidate,
}

impl ActorKind {
    pub const ALL: [ActorKind; 15] = [
        ActorKind::StateForce,
        ActorKind::Police,
        ActorKind::RebelGroup,
        ActorKind::JihadistGroup,
        ActorKind::Militia,
        ActorKind::EthnicMilitia,
        ActorKind::ForeignForce,
        ActorKind::PrivateMilitary,
        ActorKind::Government,
        ActorKind::Igo,
        ActorKind::Political,
        ActorKind::Civilians,
        ActorKind::Unidentified,
        ActorKind::Person,
        ActorKind::Candidate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::StateForce => "state_force",
            ActorKind::Police => "police",
            ActorKind::RebelGroup => "rebel_group",
            ActorKind::JihadistGroup => "jihadist_group",
            ActorKind::Militia => "militia",
            ActorKind::EthnicMilitia => "ethnic_militia",
            ActorKind::ForeignForce => "foreign_force",
            ActorKind::PrivateMilitary => "private_military",
            ActorKind::Government => "government",
            ActorKind::Igo => "igo",
            ActorKind::Political => "political",
            ActorKind::Civilians => "civilians",
            ActorKind::Unidentified => "unidentified",
            ActorKind::Person => "person",
            ActorKind::Candidate => "candidate",
        }
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActorKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown actor kind {s:?}"))
    }
}

/// A date as precise as the sources allow: a year, a month or a day. Pack validity periods
/// use it so that "renamed in 2024" is not turned into an invented day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// The first day the date can mean.
    pub fn earliest(self) -> NaiveDate {
        let m = self.month.unwrap_or(1);
        let d = self.day.unwrap_or(1);
        NaiveDate::from_ymd_opt(self.year, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// The last day the date can mean.
    pub fn latest(self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => NaiveDate::from_ymd_opt(self.year, m, 1)
                .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
                .and_then(|n| n.pred_opt()),
            (None, _) => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = String;
    /// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD`, and checks that the day exists.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("bad date {s:?} (want YYYY, YYYY-MM or YYYY-MM-DD)");
        let mut parts = s.split('-');
        let year: i32 = match parts.next() {
            Some(y) if y.len() == 4 => y.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        let month: Option<u32> = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse().map_err(|_| bad())?),
            Some(_) => return Err(bad()),
            None => None,
        };
        let day: Option<u32> = match parts.next() {
            Some(d) if d.len() == 2 => Some(d.parse().map_err(|_| bad())?),
            Some(_) => return Err(bad()),
            None => None,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        let check = NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1));
        if check.is_none() {
            return Err(bad());
        }
        Ok(PartialDate { year, month, day })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A validity period; either end may be open or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Period {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<PartialDate>,
}

impl Period {
    /// Whether the period may include `date`: partial ends are read generously.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f.earliest() <= date) && self.to.is_none_or(|t| date <= t.latest())
    }

    /// Whether the period may overlap `[start, end]`.
    pub fn overlaps(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.from.is_none_or(|f| f.earliest() <= end) && self.to.is_none_or(|t| start <= t.latest())
    }

    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// An organisation or person in the actor pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    /// Canonical name in ACLED style, as of the latest period (see [`ActorName`] for earlier
    /// names).
    pub name: String,
    pub kind: ActorKind,
    /// ACLED interaction code (1 state forces … 8 external forces), when one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter: Option<u8>,
    /// Countries the actor is coded under (ISO English names).
    pub countries: Vec<String>,
    /// When the actor existed or was active in the region.
    pub period: Period,
    pub source: String,
}

/// A canonical name an actor carried for a period ("Military Forces of Mali (2013-2020)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorName {
    pub actor: String,
    pub name: String,
    pub period: Period,
    pub source: String,
}

/// A surface form that refers to an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub actor: String,
    pub text: String,
    /// "en", "fr", or None when the form is used in both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Acronyms and names that are also common words match only as written.
    pub case_sensitive: bool,
    /// When the form was in use (a name adopted in 2024 dates a text that uses it).
    pub period: Period,
}

/// How two pack entries are related over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Organisation in a coalition or umbrella group.
    MemberOf,
    /// Subject replaced or renamed object (from the relation's start date).
    SuccessorOf,
    /// Subject split from object.
    SplitFrom,
    /// Subject pledged allegiance to or is a branch of object.
    AffiliatedWith,
    /// Person leads organisation (or heads a government).
    LeaderOf,
    SpokespersonOf,
    FounderOf,
    /// Person holds an office in a government or organisation (the title says which).
    OfficeIn,
}

impl RelationKind {
    pub const ALL: [RelationKind; 8] = [
        RelationKind::MemberOf,
        RelationKind::SuccessorOf,
        RelationKind::SplitFrom,
        RelationKind::AffiliatedWith,
        RelationKind::LeaderOf,
        RelationKind::SpokespersonOf,
        RelationKind::FounderOf,
        RelationKind::OfficeIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::MemberOf => "member_of",
            RelationKind::SuccessorOf => "successor_of",
            RelationKind::SplitFrom => "split_from",
            RelationKind::AffiliatedWith => "affiliated_with",
            RelationKind::LeaderOf => "leader_of",
            RelationKind::SpokespersonOf => "spokesperson_of",
            RelationKind::FounderOf => "founder_of",
            RelationKind::OfficeIn => "office_in",
        }
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RelationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RelationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown relation {s:?}"))
    }
}

/// A dated relation between two pack actors ("HCUA member_of CMA from 2014").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRelation {
    pub subject: String,
    pub relation: RelationKind,
    pub object: String,
    pub period: Period,
    /// The office or role as titled ("Prime Minister", "secretary general").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_parse_and_bound() {
        let cases = [
            ("2024", "2024-01-01", "2024-12-31"),
            ("2024-02", "2024-02-01", "2024-02-29"),
            ("2021-05-24", "2021-05-24", "2021-05-24"),
        ];
        for (s, lo, hi) in cases {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
            assert_eq!(d.earliest().to_string(), lo);
            assert_eq!(d.latest().to_string(), hi);
        }
        for bad in [
            "24",
            "2024-13",
            "2023-02-29",
            "2024-1",
            "2024-01-01-01",
            "x",
        ] {
            assert!(
                bad.parse::<PartialDate>().is_err(),
                "{bad} should not parse"
            );
        }
    }
}

//! Lists (campaigns), their leaderboard and their bonus definitions.

use affiliate_common::UnixTime;
use affiliate_common::lenient;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Subscriber;

affiliate_common::open_enum! {
    /// The kind of a list. Current campaign templates may send values not
    /// listed here; they arrive as `Unknown`.
    pub enum ListType {
        /// A waitlist.
        Waitlist = "waitlist",
        /// A sweepstake (giveaway).
        Sweepstake = "sweepstake",
        /// A lead magnet.
        Leadmagnet = "leadmagnet" | "lead_magnet",
    }
}

/// A list (ReferralHero calls it a campaign).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct List {
    /// The list id: 12 characters starting with `MF` (`MF078d000987`).
    #[serde(deserialize_with = "lenient::string_or_number")]
    pub uuid: String,
    /// The list name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub name: Option<String>,
    /// How many subscribers the list has.
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub subscribers: Option<u64>,
    /// The list type.
    #[serde(default, rename = "type", alias = "list_type")]
    pub list_type: Option<ListType>,
    /// When the list was created.
    #[serde(default, alias = "createdAt", deserialize_with = "super::de::time")]
    pub created_at: Option<UnixTime>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /lists`.
///
/// ```
/// let body = referralhero::models::NewList::new("Launch").website("https://example.com");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewList {
    /// The list name.
    pub name: String,
    /// The default referral URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

impl NewList {
    /// A list called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        NewList {
            name: name.into(),
            website: None,
        }
    }
}

super::setters!(NewList {
    /// Sets the default referral URL.
    website: String,
});

/// The top subscribers of a list (`GET /lists/:uuid/leaderboard`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Leaderboard {
    /// The subscribers, best first.
    #[serde(default, deserialize_with = "ranking")]
    pub ranking: Vec<Subscriber>,
    /// How many entries were asked for, when echoed.
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub count: Option<u64>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn ranking<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Subscriber>, D::Error> {
    Ok(Option::<Vec<Subscriber>>::deserialize(d)?.unwrap_or_default())
}

/// A reward definition of a list (`GET /lists/:uuid/bonuses`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Bonus {
    /// The bonus id.
    #[serde(deserialize_with = "lenient::string_or_number")]
    pub id: String,
    /// The title.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub title: Option<String>,
    /// The description.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub description: Option<String>,
    /// The number of referrals that unlocks it.
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub referrals: Option<u64>,
    /// The category.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub category: Option<String>,
    /// The header text.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub header: Option<String>,
    /// The image URL.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub image: Option<String>,
    /// The label.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub label: Option<String>,
    /// The points it is worth.
    #[serde(default, deserialize_with = "lenient::option_i64")]
    pub points: Option<i64>,
    /// Which sign-ups count towards it.
    #[serde(
        default,
        alias = "signupType",
        deserialize_with = "lenient::option_string"
    )]
    pub signup_type: Option<String>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

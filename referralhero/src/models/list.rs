//! Lists (campaigns), their leaderboard and their bonus definitions.

pub use crate::generated::models::{Bonus, List};

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

    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for a blank name.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        crate::resources::non_blank("name", &self.name)
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

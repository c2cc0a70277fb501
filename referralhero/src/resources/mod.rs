//! One handler per resource: `client.lists()`, `client.subscribers(uuid)`,
//! `client.referrals(uuid, subscriber_id)`, `client.rewards(uuid)`,
//! `client.coupons(uuid)`. A handler holds the list (and subscriber) it
//! works on. The plain endpoint methods (`get`, `create`, `confirm`, ...)
//! are generated from `specs/referralhero.yaml` (`generated/operations.rs`)
//! and return awaitable builders; the list builders (pagination wiring) are
//! written here.

pub mod coupons;
pub mod lists;
pub mod referrals;
pub mod rewards;
pub mod subscribers;

pub use coupons::{Coupons, ListCouponGroups};
pub use lists::{ListLists, Lists};
pub use referrals::{ListReferrals, ReferralLevel, Referrals};
pub use rewards::{ListRewards, ListSubscriberRewards, Rewards};
pub use subscribers::{ListSubscribers, SearchSubscribers, Subscribers};

/// The request builders of the generated endpoint methods
/// (`GetSubscriber`, `GetLeaderboard`, ...): each is awaitable, or sent
/// with `.send()`.
pub use crate::generated::operations::*;

use affiliate_common::{ApiPath, Request, Result};
use serde_json::Value;

use crate::Client;
use crate::envelope::{Ack, CollectionKey, PageData};

/// The vendor's endpoint reference.
pub const DOCS_URL: &str =
    "https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2";

/// `lists/{uuid}`.
pub(crate) fn list_path(uuid: &str) -> Result<ApiPath> {
    ApiPath::new("lists").param("uuid", uuid)
}

/// `lists/{uuid}/subscribers/{subscriber_id}`.
pub(crate) fn subscriber_path(uuid: &str, id: &str) -> Result<ApiPath> {
    list_path(uuid)?
        .lit("subscribers")
        .param("subscriber_id", id)
}

/// Checks a caller-supplied text parameter is not blank.
pub(crate) fn non_blank(name: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(affiliate_common::Error::invalid_input(format!(
            "`{name}` must not be empty"
        )));
    }
    Ok(())
}

/// A required text query argument of a generated method, trimmed; a blank
/// one is refused before anything is sent.
pub(crate) fn text(name: &str, value: String) -> Result<String> {
    non_blank(name, &value)?;
    Ok(value.trim().to_owned())
}

/// Refuses a query parameter outside its documented range before sending
/// (the leaderboard's `count`, 10 to 100).
pub(crate) fn in_range(request: &Request, name: &str, min: i64, max: i64) -> Result<()> {
    match request.query_value(name) {
        Some(v) if !v.parse::<i64>().is_ok_and(|n| (min..=max).contains(&n)) => {
            Err(affiliate_common::Error::invalid_input(format!(
                "`{name}` must be between {min} and {max}, got {v}"
            )))
        }
        _ => Ok(()),
    }
}

/// Sends a call that answers an outcome rather than a record.
pub(crate) async fn ack(client: Client, request: Request) -> Result<Ack> {
    let data: Option<Value> = client.send_data(request).await?;
    Ok(Ack::from_data(data))
}

/// Sends a call whose `data` holds the records (or is them).
pub(crate) async fn items<T, K>(client: Client, request: Request) -> Result<Vec<T>>
where
    T: serde::de::DeserializeOwned + Send + 'static,
    K: CollectionKey + Send + 'static,
{
    let data: PageData<T, K> = client.send_data(request).await?;
    Ok(data.items)
}

impl crate::Client {
    /// Lists (campaigns): list, create, leaderboard, bonuses.
    pub fn lists(&self) -> Lists {
        Lists::new(self.clone())
    }

    /// The subscribers of the list `uuid`.
    pub fn subscribers(&self, uuid: impl Into<String>) -> Subscribers {
        Subscribers::new(self.clone(), uuid.into())
    }

    /// The referral listings of subscriber `subscriber_id` of list `uuid`.
    pub fn referrals(
        &self,
        uuid: impl Into<String>,
        subscriber_id: impl Into<String>,
    ) -> Referrals {
        Referrals::new(self.clone(), uuid.into(), subscriber_id.into())
    }

    /// Issued rewards of the list `uuid`.
    pub fn rewards(&self, uuid: impl Into<String>) -> Rewards {
        Rewards::new(self.clone(), uuid.into())
    }

    /// Coupon groups of the list `uuid`.
    pub fn coupons(&self, uuid: impl Into<String>) -> Coupons {
        Coupons::new(self.clone(), uuid.into())
    }

    /// Searches subscribers of every list by name
    /// (`GET /subscribers/search_by_name`,
    /// [docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// Response: `data: {subscribers: [Subscriber], pagination}` (shape
    /// inferred; read as one page when no pagination is sent).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let found = client.search_subscribers("Ada").collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// for a blank name, or any error of a page request.
    pub fn search_subscribers(&self, name: impl Into<String>) -> SearchSubscribers {
        SearchSubscribers::new(self.clone(), name.into())
    }
}

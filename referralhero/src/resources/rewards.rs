//! `client.rewards(uuid)`: issued rewards of a list and of a subscriber.

use affiliate_common::pagination::PageNumber;
use affiliate_common::{Error, Paginator, Request, Result, Strategy};

use super::{list_path, subscriber_path};
use crate::Client;
use crate::envelope::{ListPage, RewardsKey};
use crate::models::{Reward, RewardStatus};

/// The default `per_page` of `GET /lists/:uuid/rewards`. The API's maximum
/// is unverified (one connector uses 250); 100 is a conservative choice.
pub const REWARDS_PAGE_SIZE: u64 = 100;

/// Issued rewards of one list.
#[derive(Debug, Clone)]
pub struct Rewards {
    client: Client,
    uuid: String,
}

impl Rewards {
    pub(crate) fn new(client: Client, uuid: String) -> Self {
        Rewards { client, uuid }
    }

    /// Lists the rewards issued on the list
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// Response: `data: {rewards: [Reward], pagination}`; the stream ends at
    /// `pagination.total_pages` (or on the only page when no pagination is
    /// sent), and `collect_all` checks `total_objects`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// use referralhero::models::RewardStatus;
    /// let unsent = client.rewards(&list_uuid).list().status(RewardStatus::Unlocked).collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with any error of a page request.
    pub fn list(&self) -> ListRewards {
        ListRewards {
            client: self.client.clone(),
            uuid: self.uuid.clone(),
            status: None,
            per_page: REWARDS_PAGE_SIZE,
            concurrency: None,
        }
    }

    /// Lists the rewards of one subscriber
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// Response: `data: {rewards: [Reward], ...}`; read as one page unless
    /// the response carries a `pagination` object.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let rewards = client.rewards(&list_uuid).of_subscriber(&subscriber_id).collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with [`Error::InvalidInput`] for an empty id,
    /// or any error of a page request.
    pub fn of_subscriber(&self, subscriber_id: impl Into<String>) -> ListSubscriberRewards {
        ListSubscriberRewards {
            client: self.client.clone(),
            uuid: self.uuid.clone(),
            subscriber_id: subscriber_id.into(),
            status: None,
        }
    }
}

/// `GET /lists/:uuid/rewards`; paginate with `send`, `stream`, `pages` or
/// `collect_all`.
#[derive(Debug)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct ListRewards {
    client: Client,
    uuid: String,
    status: Option<RewardStatus>,
    per_page: u64,
    concurrency: Option<usize>,
}

impl ListRewards {
    /// Only rewards in this status.
    pub fn status(mut self, status: RewardStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// The page size (default [`REWARDS_PAGE_SIZE`]; at least 1).
    pub fn per_page(mut self, n: u64) -> Self {
        self.per_page = n;
        self
    }

    /// Pages fetched at once once the page count is known (default 4).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = Some(n);
        self
    }

    fn into_paginator(self) -> Result<Paginator<ListPage<Reward, RewardsKey>>> {
        if self.per_page == 0 {
            return Err(Error::invalid_input("per_page must be at least 1"));
        }
        let req = Request::get(list_path(&self.uuid)?.lit("rewards"))
            .query_opt("status", self.status.as_ref());
        let p = Paginator::new(
            self.client.http().clone(),
            req,
            Strategy::PageNumber(PageNumber::new("page").page_size("per_page", self.per_page)),
        );
        Ok(match self.concurrency {
            Some(n) => p.concurrency(n),
            None => p,
        })
    }
}

affiliate_common::list_builder!(ListRewards => ListPage<Reward, RewardsKey>);

/// `GET /lists/:uuid/subscribers/:subscriber_id/rewards`; read with `send`,
/// `stream`, `pages` or `collect_all`.
#[derive(Debug)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct ListSubscriberRewards {
    client: Client,
    uuid: String,
    subscriber_id: String,
    status: Option<RewardStatus>,
}

impl ListSubscriberRewards {
    /// Only rewards in this status.
    pub fn status(mut self, status: RewardStatus) -> Self {
        self.status = Some(status);
        self
    }

    fn into_paginator(self) -> Result<Paginator<ListPage<Reward, RewardsKey>>> {
        let path = subscriber_path(&self.uuid, &self.subscriber_id)?.lit("rewards");
        let req = Request::get(path).query_opt("status", self.status.as_ref());
        Ok(Paginator::new(
            self.client.http().clone(),
            req,
            Strategy::PageNumber(PageNumber::new("page")),
        ))
    }
}

affiliate_common::list_builder!(ListSubscriberRewards => ListPage<Reward, RewardsKey>);

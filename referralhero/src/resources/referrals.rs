//! `client.referrals(uuid, subscriber_id)`: the six referral listings of a
//! subscriber. A referral is the referred person, as a
//! [`crate::models::Subscriber`].

use affiliate_common::pagination::PageNumber;
use affiliate_common::{Paginator, Request, Result, Strategy};

use super::subscriber_path;
use crate::Client;
use crate::envelope::{ListPage, SubscribersKey};
use crate::models::{SortBy, Subscriber};

/// Which referrals of a subscriber to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReferralLevel {
    /// Every level-1 referral, whatever its status (`referred`).
    Referred,
    /// Confirmed level-1 referrals (`level_1_referrals`).
    Level1,
    /// Confirmed level-2 referrals (`level_2_referrals`).
    Level2,
    /// Confirmed level-3 referrals (`level_3_referrals`).
    Level3,
    /// Every level-2 referral (`level_2_all_referrals`).
    Level2All,
    /// Every level-3 referral (`level_3_all_referrals`).
    Level3All,
}

impl ReferralLevel {
    /// Every listing, in the order above.
    pub const ALL: [ReferralLevel; 6] = [
        ReferralLevel::Referred,
        ReferralLevel::Level1,
        ReferralLevel::Level2,
        ReferralLevel::Level3,
        ReferralLevel::Level2All,
        ReferralLevel::Level3All,
    ];

    /// The last path segment of the listing.
    pub fn segment(self) -> &'static str {
        match self {
            ReferralLevel::Referred => "referred",
            ReferralLevel::Level1 => "level_1_referrals",
            ReferralLevel::Level2 => "level_2_referrals",
            ReferralLevel::Level3 => "level_3_referrals",
            ReferralLevel::Level2All => "level_2_all_referrals",
            ReferralLevel::Level3All => "level_3_all_referrals",
        }
    }
}

/// The referral listings of one subscriber.
#[derive(Debug, Clone)]
pub struct Referrals {
    client: Client,
    uuid: String,
    subscriber_id: String,
}

impl Referrals {
    pub(crate) fn new(client: Client, uuid: String, subscriber_id: String) -> Self {
        Referrals {
            client,
            uuid,
            subscriber_id,
        }
    }

    /// The referrals at `level`
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// Response: `data: {subscribers: [Subscriber], pagination}`. The
    /// collection key is undocumented: `subscribers` is tried first, then the
    /// single array `data` holds. The stream ends at
    /// `pagination.total_pages`; `collect_all` checks `total_objects`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// use referralhero::resources::ReferralLevel;
    /// let direct = client
    ///     .referrals(&list_uuid, &subscriber_id)
    ///     .list(ReferralLevel::Level1)
    ///     .collect_all()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// for an empty uuid or id, or any error of a page request.
    pub fn list(&self, level: ReferralLevel) -> ListReferrals {
        ListReferrals {
            client: self.client.clone(),
            uuid: self.uuid.clone(),
            subscriber_id: self.subscriber_id.clone(),
            level,
            sort_by: None,
            concurrency: None,
        }
    }

    /// Every level-1 referral, whatever its status
    /// (`GET .../:subscriber_id/referred`); see [`Referrals::list`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let all = client.referrals(&list_uuid, &subscriber_id).referred().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As for [`Referrals::list`].
    pub fn referred(&self) -> ListReferrals {
        self.list(ReferralLevel::Referred)
    }

    /// Confirmed level-1 referrals (`.../level_1_referrals`); see [`Referrals::list`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let l1 = client.referrals(&list_uuid, &subscriber_id).level_1().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As for [`Referrals::list`].
    pub fn level_1(&self) -> ListReferrals {
        self.list(ReferralLevel::Level1)
    }

    /// Confirmed level-2 referrals (`.../level_2_referrals`); see [`Referrals::list`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let l2 = client.referrals(&list_uuid, &subscriber_id).level_2().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As for [`Referrals::list`].
    pub fn level_2(&self) -> ListReferrals {
        self.list(ReferralLevel::Level2)
    }

    /// Confirmed level-3 referrals (`.../level_3_referrals`); see [`Referrals::list`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let l3 = client.referrals(&list_uuid, &subscriber_id).level_3().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As for [`Referrals::list`].
    pub fn level_3(&self) -> ListReferrals {
        self.list(ReferralLevel::Level3)
    }

    /// Every level-2 referral (`.../level_2_all_referrals`); see [`Referrals::list`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let l2 = client.referrals(&list_uuid, &subscriber_id).level_2_all().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As for [`Referrals::list`].
    pub fn level_2_all(&self) -> ListReferrals {
        self.list(ReferralLevel::Level2All)
    }

    /// Every level-3 referral (`.../level_3_all_referrals`); see [`Referrals::list`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let l3 = client.referrals(&list_uuid, &subscriber_id).level_3_all().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As for [`Referrals::list`].
    pub fn level_3_all(&self) -> ListReferrals {
        self.list(ReferralLevel::Level3All)
    }
}

/// One referral listing; paginate with `send`, `stream`, `pages` or
/// `collect_all`.
#[derive(Debug)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct ListReferrals {
    client: Client,
    uuid: String,
    subscriber_id: String,
    level: ReferralLevel,
    sort_by: Option<SortBy>,
    concurrency: Option<usize>,
}

impl ListReferrals {
    /// Orders the referrals.
    pub fn sort_by(mut self, sort: SortBy) -> Self {
        self.sort_by = Some(sort);
        self
    }

    /// Pages fetched at once once the page count is known (default 4).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = Some(n);
        self
    }

    fn into_paginator(self) -> Result<Paginator<ListPage<Subscriber, SubscribersKey>>> {
        let path = subscriber_path(&self.uuid, &self.subscriber_id)?.lit(self.level.segment());
        let req = Request::get(path).query_opt("sort_by", self.sort_by.as_ref());
        let p = Paginator::new(
            self.client.http().clone(),
            req,
            Strategy::PageNumber(PageNumber::new("page")),
        );
        Ok(match self.concurrency {
            Some(n) => p.concurrency(n),
            None => p,
        })
    }
}

affiliate_common::list_builder!(ListReferrals => ListPage<Subscriber, SubscribersKey>);

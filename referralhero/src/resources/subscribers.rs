//! `client.subscribers(uuid)`: the subscribers of one list, and the calls
//! that create, track, confirm, reward and change them.

use affiliate_common::pagination::PageNumber;
use affiliate_common::{ApiPath, Paginator, Request, Result, Strategy};
use serde_json::Value;

use super::{list_path, non_blank, subscriber_path};
use crate::Client;
use crate::envelope::{Ack, ListPage, SubscribersKey};
use crate::models::{
    AddPoints, BulkTransactions, Identifier, NewSubscriber, SortBy, Subscriber, TrackConversion,
    Transaction, UpdateRewardStatus, UpdateSubscriber,
};
use crate::resources::Referrals;

/// The largest page `GET /lists/:uuid/subscribers` returns (the API fixes it).
pub const SUBSCRIBERS_PAGE_SIZE: u64 = 50;

/// The subscribers of one list.
#[derive(Debug, Clone)]
pub struct Subscribers {
    client: Client,
    uuid: String,
}

impl Subscribers {
    pub(crate) fn new(client: Client, uuid: String) -> Self {
        Subscribers { client, uuid }
    }

    fn base(&self) -> Result<ApiPath> {
        Ok(list_path(&self.uuid)?.lit("subscribers"))
    }

    fn one(&self, id: &str) -> Result<ApiPath> {
        subscriber_path(&self.uuid, id)
    }

    async fn post_subscriber<B: serde::Serialize + ?Sized>(
        &self,
        path: ApiPath,
        body: &B,
        idempotent: bool,
    ) -> Result<Subscriber> {
        let mut req = Request::post(path).json(body)?;
        if idempotent {
            req = req.idempotent();
        }
        self.client.send_data(req).await
    }

    async fn post_ack<B: serde::Serialize + ?Sized>(
        &self,
        path: ApiPath,
        body: &B,
        idempotent: bool,
    ) -> Result<Ack> {
        let mut req = Request::post(path).json(body)?;
        if idempotent {
            req = req.idempotent();
        }
        let data: Option<Value> = self.client.send_data(req).await?;
        Ok(Ack::from_data(data))
    }

    /// Lists the subscribers of the list, 50 per page
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// Response: `data: {response: "subscribers_retrieved", subscribers:
    /// [Subscriber], pagination}`; the stream ends at `pagination.total_pages`
    /// and `collect_all` checks the count against `pagination.total_objects`.
    /// Pages after the first are fetched concurrently (default 4 at once),
    /// in order, through the rate limiter.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// use futures_util::TryStreamExt as _;
    /// use referralhero::models::SortBy;
    /// let mut subs = client.subscribers(&list_uuid).list().sort_by(SortBy::PointsDesc).stream();
    /// while let Some(s) = subs.try_next().await? {
    ///     println!("{} {:?}", s.id, s.email);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with any [`Error`](crate::Error) of a page
    /// request, or `Error::Incomplete` when the count differs from
    /// `total_objects`.
    pub fn list(&self) -> ListSubscribers {
        ListSubscribers {
            client: self.client.clone(),
            uuid: self.uuid.clone(),
            sort_by: None,
            filters: Vec::new(),
            concurrency: None,
        }
    }

    /// Adds a subscriber, or records a referral when the body names a
    /// `referrer` ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// An upsert by identifier: when the list already has a subscriber with
    /// that email (or other identifier), the existing subscriber comes back,
    /// with `response` set to `subscriber_retrieved` (a new one has
    /// `subscriber_created`), and nothing is added.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// # let known = client.subscribers(&list_uuid).get(&subscriber_id).await?;
    /// # let referral_code = known.code.clone().unwrap();
    /// use referralhero::models::{Identifier, NewSubscriber};
    /// let body = NewSubscriber::new(Identifier::email("bob@example.com")).name("Bob").referrer(&referral_code);
    /// let bob = client.subscribers(&list_uuid).create(&body).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// identifier; API errors such as `invalid_email_address`. Never retried
    /// once it may have reached the server.
    pub async fn create(&self, body: &NewSubscriber) -> Result<Subscriber> {
        body.identifier.validate()?;
        self.post_subscriber(self.base()?, body, false).await
    }

    /// Retrieves a (verified) subscriber by id
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let s = client.subscribers(&list_uuid).get(&subscriber_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id;
    /// `subscriber_not_found` and other API errors.
    pub async fn get(&self, subscriber_id: &str) -> Result<Subscriber> {
        self.client
            .send_data(Request::get(self.one(subscriber_id)?))
            .await
    }

    /// Retrieves a subscriber by email
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// # let known = client.subscribers(&list_uuid).get(&subscriber_id).await?;
    /// # let email = known.email.clone().unwrap();
    /// let s = client.subscribers(&list_uuid).get_by_email(&email).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for a blank email;
    /// `subscriber_not_found` and other API errors.
    pub async fn get_by_email(&self, email: &str) -> Result<Subscriber> {
        non_blank("email", email)?;
        let req = Request::get(self.base()?.lit("retrieve_by_email")).query("email", email.trim());
        self.client.send_data(req).await
    }

    /// Retrieves a subscriber by referral code (the `mwr` parameter of
    /// referral links) ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// # let known = client.subscribers(&list_uuid).get(&subscriber_id).await?;
    /// # let referral_code = known.code.clone().unwrap();
    /// let s = client.subscribers(&list_uuid).get_by_referral_code(&referral_code).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for a blank code;
    /// `subscriber_not_found` and other API errors.
    pub async fn get_by_referral_code(&self, mwr: &str) -> Result<Subscriber> {
        non_blank("mwr", mwr)?;
        let req = Request::get(self.base()?.lit("retrieve_by_mwr")).query("mwr", mwr.trim());
        self.client.send_data(req).await
    }

    /// Updates a subscriber; only the fields set are sent
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// use referralhero::models::UpdateSubscriber;
    /// let s = client
    ///     .subscribers(&list_uuid)
    ///     .update(&subscriber_id, &UpdateSubscriber::default().name("Ada L."))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id or
    /// identifier; API errors.
    pub async fn update(&self, subscriber_id: &str, body: &UpdateSubscriber) -> Result<Subscriber> {
        if let Some(i) = &body.identifier {
            i.validate()?;
        }
        self.post_subscriber(self.one(subscriber_id)?, body, true)
            .await
    }

    /// Deletes a subscriber
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// client.subscribers(&list_uuid).delete(&subscriber_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id;
    /// `subscriber_not_found` and other API errors.
    pub async fn delete(&self, subscriber_id: &str) -> Result<Ack> {
        let data: Option<Value> = self
            .client
            .send_data(Request::delete(self.one(subscriber_id)?))
            .await?;
        Ok(Ack::from_data(data))
    }

    /// Confirms a pending referral by subscriber id
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let s = client.subscribers(&list_uuid).confirm(&subscriber_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id;
    /// API errors.
    pub async fn confirm(&self, subscriber_id: &str) -> Result<Subscriber> {
        self.post_subscriber(
            self.one(subscriber_id)?.lit("confirm"),
            &serde_json::json!({}),
            true,
        )
        .await
    }

    /// Confirms a pending referral by identifier
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// # let code = client.subscribers(&list_uuid).get(&subscriber_id).await?.code.unwrap();
    /// # client.subscribers(&list_uuid).create(&referralhero::models::NewSubscriber::new(referralhero::models::Identifier::email("bob@example.com")).referrer(code)).await?;
    /// use referralhero::models::Identifier;
    /// let s = client.subscribers(&list_uuid).confirm_by(&Identifier::email("bob@example.com")).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// identifier; API errors.
    pub async fn confirm_by(&self, identifier: &Identifier) -> Result<Subscriber> {
        identifier.validate()?;
        self.post_subscriber(self.base()?.lit("confirm"), identifier, true)
            .await
    }

    /// Tracks a conversion: creates and confirms the referral, or confirms
    /// an existing one ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// use referralhero::models::{Identifier, TrackConversion};
    /// let body = TrackConversion::new(Identifier::email("bob@example.com")).conversion_value(49.0);
    /// let s = client.subscribers(&list_uuid).track_conversion(&body).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// identifier or a non-finite value; API errors. Never retried once it
    /// may have reached the server.
    pub async fn track_conversion(&self, body: &TrackConversion) -> Result<Subscriber> {
        body.identifier.validate()?;
        if body.conversion_value.is_some_and(|v| !v.is_finite()) {
            return Err(crate::Error::invalid_input(
                "the conversion value must be a finite number",
            ));
        }
        self.post_subscriber(
            self.base()?.lit("track_referral_conversion_event"),
            body,
            false,
        )
        .await
    }

    /// Adds points to a subscriber
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # client.subscribers(&list_uuid).create(&referralhero::models::NewSubscriber::new(referralhero::models::Identifier::email("bob@example.com"))).await?;
    /// use referralhero::models::{AddPoints, Identifier};
    /// let s = client.subscribers(&list_uuid).add_points(&AddPoints::new(Identifier::email("bob@example.com"), 5)).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// identifier; `no_points` and other API errors.
    pub async fn add_points(&self, body: &AddPoints) -> Result<Subscriber> {
        body.identifier.validate()?;
        self.post_subscriber(self.base()?.lit("add_points"), body, false)
            .await
    }

    /// Tracks one transaction
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # client.subscribers(&list_uuid).create(&referralhero::models::NewSubscriber::new(referralhero::models::Identifier::email("bob@example.com"))).await?;
    /// use referralhero::models::{Identifier, Transaction};
    /// let t = Transaction::new(Identifier::email("bob@example.com"), 49.0).transaction_id("ord_1");
    /// let ack = client.subscribers(&list_uuid).add_transaction(&t).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// identifier or a non-finite amount; API errors.
    pub async fn add_transaction(&self, transaction: &Transaction) -> Result<Ack> {
        transaction.validate()?;
        self.post_ack(self.base()?.lit("add_transactions"), transaction, false)
            .await
    }

    /// Tracks up to 500 transactions in one call; the API emails the result
    /// as CSV to the account admin
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// use referralhero::models::{Identifier, Transaction};
    /// let batch: Vec<_> = (0..3)
    ///     .map(|i| Transaction::new(Identifier::email(format!("u{i}@example.com")), 10.0))
    ///     .collect();
    /// client.subscribers(&list_uuid).add_bulk_transactions(batch).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before anything is
    /// sent when the batch is empty, holds more than
    /// [`MAX_BULK_TRANSACTIONS`](crate::models::MAX_BULK_TRANSACTIONS), or a
    /// transaction is invalid; API errors.
    pub async fn add_bulk_transactions(&self, transactions: Vec<Transaction>) -> Result<Ack> {
        let body = BulkTransactions::new(transactions)?;
        self.post_ack(self.base()?.lit("add_bulk_transactions"), &body, false)
            .await
    }

    /// Promotes a subscriber to the winners
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// let s = client.subscribers(&list_uuid).promote(&subscriber_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id;
    /// `subscriber_already_promoted` and other API errors.
    pub async fn promote(&self, subscriber_id: &str) -> Result<Subscriber> {
        self.post_subscriber(
            self.one(subscriber_id)?.lit("promote"),
            &serde_json::json!({}),
            false,
        )
        .await
    }

    /// Unlocks a manual (promoted) reward for a subscriber
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// # client.subscribers(&list_uuid).promote(&subscriber_id).await?;
    /// # let reward_id = client.lists().bonuses(&list_uuid).await?[0].id.clone();
    /// client.subscribers(&list_uuid).unlock_promoted_reward(&subscriber_id, &reward_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id
    /// or reward id; `subscriber_not_promoted` and other API errors.
    pub async fn unlock_promoted_reward(
        &self,
        subscriber_id: &str,
        reward_id: &str,
    ) -> Result<Ack> {
        non_blank("reward_id", reward_id)?;
        let body = serde_json::json!({ "reward_id": reward_id });
        self.post_ack(
            self.one(subscriber_id)?.lit("unlock_promoted_reward"),
            &body,
            false,
        )
        .await
    }

    /// Marks a referral as qualified
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// client.subscribers(&list_uuid).qualify(&subscriber_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id;
    /// API errors.
    pub async fn qualify(&self, subscriber_id: &str) -> Result<Ack> {
        self.post_ack(
            self.one(subscriber_id)?.lit("qualify"),
            &serde_json::json!({}),
            true,
        )
        .await
    }

    /// Marks a referral as unqualified
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let subscriber_id = running.api.subscriber_ids(&list_uuid).unwrap()[0].clone();
    /// client.subscribers(&list_uuid).unqualify(&subscriber_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id;
    /// API errors.
    pub async fn unqualify(&self, subscriber_id: &str) -> Result<Ack> {
        self.post_ack(
            self.one(subscriber_id)?.lit("unqualify"),
            &serde_json::json!({}),
            true,
        )
        .await
    }

    /// Sets the status of an unlocked reward (`sent`, `resent` or
    /// `canceled`) ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// use referralhero::models::{RewardStatus, UpdateRewardStatus};
    /// client
    ///     .subscribers(&list_uuid)
    ///     .update_reward_status(&UpdateRewardStatus::new("42", RewardStatus::Sent))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// reward id; API errors.
    pub async fn update_reward_status(&self, body: &UpdateRewardStatus) -> Result<Ack> {
        non_blank("reward_id", &body.reward_id)?;
        self.post_ack(self.base()?.lit("update_reward_status"), body, false)
            .await
    }

    /// The referral listings of one subscriber of this list.
    pub fn referrals(&self, subscriber_id: impl Into<String>) -> Referrals {
        Referrals::new(self.client.clone(), self.uuid.clone(), subscriber_id.into())
    }
}

/// `GET /lists/:uuid/subscribers`; paginate with `send`, `stream`, `pages`
/// or `collect_all`.
#[derive(Debug)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct ListSubscribers {
    client: Client,
    uuid: String,
    sort_by: Option<SortBy>,
    filters: Vec<(&'static str, String)>,
    concurrency: Option<usize>,
}

impl ListSubscribers {
    /// Orders the subscribers.
    pub fn sort_by(mut self, sort: SortBy) -> Self {
        self.sort_by = Some(sort);
        self
    }

    fn filter(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.filters.retain(|(k, _)| *k != key);
        self.filters.push((key, value.into()));
        self
    }

    /// Only subscribers whose `extra_field` equals `value`.
    pub fn extra_field(self, value: impl Into<String>) -> Self {
        self.filter("extra_field", value)
    }

    /// Only subscribers whose `extra_field_2` equals `value`.
    pub fn extra_field_2(self, value: impl Into<String>) -> Self {
        self.filter("extra_field_2", value)
    }

    /// Only subscribers whose `option_field` equals `value`.
    pub fn option_field(self, value: impl Into<String>) -> Self {
        self.filter("option_field", value)
    }

    /// Only the subscriber with this Stripe customer id.
    pub fn stripe_customer_id(self, value: impl Into<String>) -> Self {
        self.filter("stripe_customer_id", value)
    }

    /// Pages fetched at once once the page count is known (default 4; 1
    /// fetches one page after another).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = Some(n);
        self
    }

    fn into_paginator(self) -> Result<Paginator<ListPage<Subscriber, SubscribersKey>>> {
        let mut req = Request::get(list_path(&self.uuid)?.lit("subscribers"))
            .query_opt("sort_by", self.sort_by.as_ref());
        for (k, v) in &self.filters {
            req = req.query(*k, v);
        }
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

affiliate_common::list_builder!(ListSubscribers => ListPage<Subscriber, SubscribersKey>);

/// `GET /subscribers/search_by_name`: subscribers of every list whose name
/// matches; paginate with `send`, `stream`, `pages` or `collect_all`.
#[derive(Debug)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct SearchSubscribers {
    client: Client,
    name: String,
    concurrency: Option<usize>,
}

impl SearchSubscribers {
    pub(crate) fn new(client: Client, name: String) -> Self {
        SearchSubscribers {
            client,
            name,
            concurrency: None,
        }
    }

    /// Pages fetched at once once the page count is known (default 4).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = Some(n);
        self
    }

    fn into_paginator(self) -> Result<Paginator<ListPage<Subscriber, SubscribersKey>>> {
        non_blank("name", &self.name)?;
        let req = Request::get(ApiPath::new("subscribers/search_by_name"))
            .query("name", self.name.trim());
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

affiliate_common::list_builder!(SearchSubscribers => ListPage<Subscriber, SubscribersKey>);

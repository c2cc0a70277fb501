//! `client.subscribers(uuid)`: the subscribers of one list. The calls that
//! create, track, confirm, reward and change them are generated
//! (`generated/operations.rs`); the list builders are written here.

use affiliate_common::pagination::PageNumber;
use affiliate_common::{ApiPath, Paginator, Request, Result, Strategy};

use super::{list_path, non_blank};
use crate::Client;
use crate::envelope::{ListPage, SubscribersKey};
use crate::models::{SortBy, Subscriber};
use crate::resources::Referrals;

/// The largest page `GET /lists/:uuid/subscribers` returns (the API fixes it).
pub const SUBSCRIBERS_PAGE_SIZE: u64 = 50;

/// The subscribers of one list.
#[derive(Debug, Clone)]
pub struct Subscribers {
    pub(crate) client: Client,
    pub(crate) uuid: String,
}

impl Subscribers {
    pub(crate) fn new(client: Client, uuid: String) -> Self {
        Subscribers { client, uuid }
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

//! `client.lists()`: lists (campaigns), their leaderboard and bonuses.

use affiliate_common::pagination::PageNumber;
use affiliate_common::{ApiPath, Error, Paginator, Request, Result, Strategy};

use super::list_path;
use crate::Client;
use crate::envelope::{BonusesKey, ListPage, ListsKey, PageData};
use crate::models::{Bonus, Leaderboard, List, NewList};

/// The page size of `GET /lists` (fixed by the API).
pub const LISTS_PAGE_SIZE: u64 = 10;

/// Lists (campaigns) of the account.
#[derive(Debug, Clone)]
pub struct Lists {
    client: Client,
}

impl Lists {
    pub(crate) fn new(client: Client) -> Self {
        Lists { client }
    }

    /// Lists every active list, 10 per page
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// Response: `data: {response: "lists_retrieved", lists: [List], pagination}`;
    /// the stream ends at `pagination.total_pages`, and `collect_all` checks
    /// the count against `pagination.total_objects`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let lists = client.lists().list().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with any [`Error`] of a page request.
    pub fn list(&self) -> ListLists {
        ListLists {
            client: self.client.clone(),
            concurrency: None,
        }
    }

    /// Creates a list
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use referralhero::models::NewList;
    /// let list = client.lists().create(&NewList::new("Launch").website("https://example.com")).await?;
    /// println!("{}", list.uuid);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a blank name; [`Error::Api`] with
    /// `no_name` or `error_list_creation`; any transport error.
    pub async fn create(&self, body: &NewList) -> Result<List> {
        super::non_blank("name", &body.name)?;
        let req = Request::post(ApiPath::new("lists")).json(body)?;
        self.client.send_data(req).await
    }

    /// The top subscribers of a list
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// let board = client.lists().leaderboard(&list_uuid).count(25).send().await?;
    /// for s in &board.ranking {
    ///     println!("{} {:?}", s.id, s.people_referred);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with [`Error::InvalidInput`] for a `count`
    /// outside 10..=100, or `wrong_list_type` / `invalid_list` API errors.
    pub fn leaderboard(&self, uuid: impl Into<String>) -> GetLeaderboard {
        GetLeaderboard {
            client: self.client.clone(),
            uuid: uuid.into(),
            count: None,
        }
    }

    /// The reward definitions (bonuses) of a list
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// for b in client.lists().bonuses(&list_uuid).await? {
    ///     println!("{:?} at {:?} referrals", b.title, b.referrals);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty uuid; `invalid_list` and other
    /// API errors.
    pub async fn bonuses(&self, uuid: &str) -> Result<Vec<Bonus>> {
        let req = Request::get(list_path(uuid)?.lit("bonuses"));
        let data: PageData<Bonus, BonusesKey> = self.client.send_data(req).await?;
        Ok(data.items)
    }
}

/// `GET /lists`; paginate with `send`, `stream`, `pages` or `collect_all`.
#[derive(Debug)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct ListLists {
    client: Client,
    concurrency: Option<usize>,
}

impl ListLists {
    /// Pages fetched at once once the page count is known (default 4).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = Some(n);
        self
    }

    fn into_paginator(self) -> Result<Paginator<ListPage<List, ListsKey>>> {
        let p = Paginator::new(
            self.client.http().clone(),
            Request::get(ApiPath::new("lists")),
            Strategy::PageNumber(PageNumber::new("page")),
        );
        Ok(match self.concurrency {
            Some(n) => p.concurrency(n),
            None => p,
        })
    }
}

affiliate_common::list_builder!(ListLists => ListPage<List, ListsKey>);

/// `GET /lists/:uuid/leaderboard`; finish with [`GetLeaderboard::send`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetLeaderboard {
    client: Client,
    uuid: String,
    count: Option<u32>,
}

impl GetLeaderboard {
    /// How many subscribers to return (10 to 100; the API default is 10).
    pub fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a count outside 10..=100 or an empty
    /// uuid; any API or transport error.
    pub async fn send(self) -> Result<Leaderboard> {
        if let Some(c) = self.count
            && !(10..=100).contains(&c)
        {
            return Err(Error::invalid_input(format!(
                "the leaderboard count must be between 10 and 100, got {c}"
            )));
        }
        let req =
            Request::get(list_path(&self.uuid)?.lit("leaderboard")).query_opt("count", self.count);
        self.client.send_data(req).await
    }
}

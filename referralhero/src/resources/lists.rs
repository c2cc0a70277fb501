//! `client.lists()`: lists (campaigns). Creating one, its leaderboard and
//! its bonuses are generated (`generated/operations.rs`); the list builder
//! is written here.

use affiliate_common::pagination::PageNumber;
use affiliate_common::{ApiPath, Paginator, Request, Result, Strategy};

use crate::Client;
use crate::envelope::{ListPage, ListsKey};
use crate::models::List;

/// The page size of `GET /lists` (fixed by the API).
pub const LISTS_PAGE_SIZE: u64 = 10;

/// Lists (campaigns) of the account.
#[derive(Debug, Clone)]
pub struct Lists {
    pub(crate) client: Client,
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
    /// The terminal call fails with any [`Error`](crate::Error) of a page request.
    pub fn list(&self) -> ListLists {
        ListLists {
            client: self.client.clone(),
            concurrency: None,
        }
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

//! Hand-written link endpoints: the cursor list, the count, bulk creation.

use affiliate_common::{ApiPath, Paginator, Request};
use serde::{Deserialize, Serialize};

use super::pagination::cursor;
use crate::models::{Link, LinkError, NewLink};
use crate::resources::{CountLinks, Links, ListLinks};
use crate::{Error, Result};

impl ListLinks {
    fn into_paginator(self) -> Result<Paginator<Vec<Link>>> {
        let (client, request) = self.into_parts()?;
        cursor(client, request, |l: &Link| Some(l.id.clone()))
    }
}
affiliate_common::list_builder!(ListLinks => Vec<Link>);

/// What `GET /links/count` returned: a total, or one row per group when
/// `groupBy` was set.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LinksCount {
    /// The number of matching links.
    Total(u64),
    /// One row per group: `{<groupField>: value, "_count": n}`.
    Grouped(Vec<serde_json::Map<String, serde_json::Value>>),
}

impl CountLinks {
    /// Sends the request.
    ///
    /// # Errors
    /// As for [`Links::count`].
    pub async fn send(self) -> Result<LinksCount> {
        let (client, request) = self.into_parts()?;
        let value: serde_json::Value = client.send_json(request).await?;
        match value {
            serde_json::Value::Number(n) => Ok(LinksCount::Total(
                n.as_u64()
                    .or_else(|| n.as_f64().map(|f| f as u64))
                    .unwrap_or(0),
            )),
            serde_json::Value::String(s) => s
                .trim()
                .parse()
                .map(LinksCount::Total)
                .map_err(|_| Error::invalid_input(format!("unexpected link count `{s}`"))),
            serde_json::Value::Array(rows) => Ok(LinksCount::Grouped(
                rows.into_iter()
                    .filter_map(|r| match r {
                        serde_json::Value::Object(m) => Some(m),
                        _ => None,
                    })
                    .collect(),
            )),
            _ => Ok(LinksCount::Grouped(Vec::new())),
        }
    }
}
affiliate_common::into_future!(CountLinks => LinksCount);

/// One item of a bulk creation: the created link or the reason it failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum BulkItem {
    /// The link was created.
    Created(Box<Link>),
    /// The link was not created.
    Failed(LinkError),
}

impl<'de> Deserialize<'de> for BulkItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        // A `LinkError` has `error` and `code` and no link `id`.
        let is_error = v.get("error").is_some() && v.get("id").is_none();
        if is_error {
            serde_json::from_value(v)
                .map(BulkItem::Failed)
                .map_err(serde::de::Error::custom)
        } else {
            serde_json::from_value(v)
                .map(|l| BulkItem::Created(Box::new(l)))
                .map_err(serde::de::Error::custom)
        }
    }
}

/// The result of [`Links::create_many`]: Dub answers 200 even when some
/// links failed, so created links and per-item errors are separated here.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct BulkCreateResult {
    /// The links that were created.
    pub created: Vec<Link>,
    /// The links that were not, with Dub's code and message.
    pub errors: Vec<LinkError>,
}

impl BulkCreateResult {
    /// Whether every link was created.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }
}

impl Links {
    /// Lists links with cursor pagination (`startingAfter` = the last link's
    /// id, 100 per page).
    ///
    /// `GET /links`. Response: a bare array of [`Link`]; the stream ends on a
    /// page shorter than the page size. A cursor cannot be combined with
    /// `page` (deprecated; pages above 1000 are refused).
    ///
    /// # Errors
    /// The list methods fail with [`Error::InvalidInput`] for a cursor mixed
    /// with `page`, or a page above 1000, before anything is sent.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// use futures_util::TryStreamExt;
    /// let client = dub::Client::from_env()?;
    /// let mut links = client.links().list().domain("dub.sh").tag_ids(["tag_1", "tag_2"]).stream();
    /// while let Some(link) = links.try_next().await? {
    ///     println!("{:?}", link.short_link);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListLinks {
        ListLinks::new(self.client.clone(), Ok(Request::get(ApiPath::new("links"))))
    }

    /// Counts links matching the filters, optionally grouped.
    ///
    /// `GET /links/count`. Response: a number, or (with `groupBy`) one row
    /// per group; both are read into [`LinksCount`].
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let count = client.links().count().show_archived(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn count(&self) -> CountLinks {
        CountLinks::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("links/count"))),
        )
    }

    /// Creates up to 100 links in one call.
    ///
    /// `POST /links/bulk`. Dub answers 200 with one item per input, each a
    /// [`Link`] or a [`LinkError`]; they come back separated in a
    /// [`BulkCreateResult`]. Not retried (a repeat could create duplicates).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty list or more than 100 links; any
    /// [`Error`] of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// use dub::models::NewLink;
    /// let client = dub::Client::from_env()?;
    /// let result = client
    ///     .links()
    ///     .create_many(&[NewLink::new("https://example.com/a"), NewLink::new("https://example.com/b")])
    ///     .await?;
    /// println!("{} created, {} failed", result.created.len(), result.errors.len());
    /// # Ok(()) }
    /// ```
    pub fn create_many(&self, links: &[NewLink]) -> CreateManyLinks {
        let request = if links.is_empty() || links.len() > 100 {
            Err(Error::invalid_input(format!(
                "bulk creation takes 1 to 100 links, got {}",
                links.len()
            )))
        } else {
            Request::post(ApiPath::new("links/bulk")).json(links)
        };
        CreateManyLinks::from_result(self.client.clone(), request)
    }
}

affiliate_common::op_builder! {
    /// Request builder for `POST /links/bulk`, returned by [`Links::create_many`].
    pub struct CreateManyLinks(crate::Client) -> BulkCreateResult = |client, request| {
        let items: Vec<BulkItem> = client.send_json(request).await?;
        let mut out = BulkCreateResult::default();
        for item in items {
            match item {
                BulkItem::Created(l) => out.created.push(*l),
                BulkItem::Failed(e) => out.errors.push(e),
            }
        }
        Ok(out)
    }
}

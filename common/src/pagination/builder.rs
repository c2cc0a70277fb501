//! The one way list builders expose pagination across the API crates.

use super::{ItemStream, PageStream};
use crate::error::Error;

/// A stream that yields `err` once and ends (a list builder whose input was
/// rejected before any request).
pub fn failed_items<T: Send + 'static>(err: Error) -> ItemStream<T> {
    Box::pin(futures_util::stream::once(async move { Err(err) }))
}

/// A page stream that yields `err` once and ends.
pub fn failed_pages<T: Send + 'static>(err: Error) -> PageStream<T> {
    Box::pin(futures_util::stream::once(async move { Err(err) }))
}

/// Adds `send`, `stream`, `pages`, `raw_pages` and `collect_all` to a list
/// builder.
///
/// The builder must have an inherent
/// `fn into_paginator(self) -> affiliate_common::Result<Paginator<Body>>`
/// that validates its input and builds the [`Paginator`](crate::Paginator),
/// and `Body` must implement [`RawPageBody`](crate::pagination::RawPageBody).
///
/// ```
/// use affiliate_common::pagination::PageNumber;
/// use affiliate_common::{op, Client, Paginator, Strategy};
/// # use affiliate_common::test_util::{Expect, MockApi};
/// # #[derive(Debug, serde::Deserialize)]
/// # pub struct Partnership { pub key: String }
/// # affiliate_common::op_builder!(pub struct ListPartnerships(Client));
///
/// impl ListPartnerships {
///     fn into_paginator(self) -> affiliate_common::Result<Paginator<Vec<Partnership>>> {
///         let (client, request) = self.into_parts()?;
///         Ok(Paginator::new(client, request, Strategy::PageNumber(PageNumber::new("page"))))
///     }
/// }
/// affiliate_common::list_methods!(ListPartnerships => Vec<Partnership>);
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> affiliate_common::Result<()> {
/// # let api = MockApi::start().await;
/// # let page_1 = serde_json::json!([{"key": "p_1"}, {"key": "p_2"}]);
/// # Expect::new("GET", "/partnerships", page_1).query(&[("page", "1")]).mount(&api).await;
/// # let page_2 = serde_json::json!([]);
/// # Expect::new("GET", "/partnerships", page_2).query(&[("page", "2")]).mount(&api).await;
/// # let client = Client::builder(api.url()).build()?;
/// let list = ListPartnerships::from_result(client, op::request("GET", "partnerships", &[]));
/// let all = list.collect_all().await?; // page 1, then page 2 (empty: the end)
/// assert_eq!(all.len(), 2);
/// # Ok(())
/// # }
/// ```
#[macro_export]
macro_rules! list_methods {
    ($builder:ty => $body:ty) => {
        impl $builder {
            /// Sends the request for the first page only.
            ///
            /// # Errors
            /// Any [`Error`]($crate::Error) of the request or its decoding, or
            /// [`Error::InvalidInput`]($crate::Error::InvalidInput) when the
            /// builder's parameters were rejected before sending.
            pub async fn send(
                self,
            ) -> $crate::Result<$crate::Page<<$body as $crate::PageBody>::Item>> {
                self.into_paginator()?.send().await
            }

            /// Every item of every page, lazily and in order, with the next
            /// page fetched while the current one is consumed.
            pub fn stream(
                self,
            ) -> $crate::pagination::ItemStream<<$body as $crate::PageBody>::Item> {
                match self.into_paginator() {
                    Ok(p) => p.stream(),
                    Err(e) => $crate::pagination::failed_items(e),
                }
            }

            /// Every page with its metadata (`has_more`, totals, status,
            /// request id, rate-limit figures), lazily.
            pub fn pages(
                self,
            ) -> $crate::pagination::PageStream<<$body as $crate::PageBody>::Item> {
                match self.into_paginator() {
                    Ok(p) => p.pages(),
                    Err(e) => $crate::pagination::failed_pages(e),
                }
            }

            /// Every page like [`pages`](Self::pages), with the records
            /// left as raw JSON: for callers that decode each record
            /// themselves and keep the ones that fail (a sync's quarantine).
            pub fn raw_pages(self) -> $crate::pagination::PageStream<$crate::pagination::RawItem> {
                match self.into_paginator() {
                    Ok(p) => p.into_raw().pages(),
                    Err(e) => $crate::pagination::failed_pages(e),
                }
            }

            /// Every item in a `Vec`, checked against the total the API
            /// reports.
            ///
            /// # Errors
            /// Any [`Error`]($crate::Error) of a page request, or
            /// [`Error::Incomplete`]($crate::Error::Incomplete) when the item
            /// count differs from the reported total.
            pub async fn collect_all(
                self,
            ) -> $crate::Result<::std::vec::Vec<<$body as $crate::PageBody>::Item>> {
                self.into_paginator()?.collect_all().await
            }
        }
    };
}

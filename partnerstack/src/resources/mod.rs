//! One handler per resource (`client.partnerships()`, ...), with verb-first
//! methods and list builders. The plain endpoint methods (`get`, `create`,
//! `update`, ...) are generated from `specs/partnerstack.yaml`
//! (`generated/operations.rs`); the list builders below are written here.
//!
//! Every list builder pages with `limit` (default 250) and
//! `starting_after=<key of the last item>` until `data.has_more` is
//! `false`, offers `.ending_before(key)` for backwards paging, and ends in
//! `.send()`, `.stream()`, `.pages()` or `.collect_all()`.

use affiliate_common::pagination::Cursor;
use affiliate_common::{ApiPath, Error, Paginator, Request, Result, Strategy};
use serde::de::DeserializeOwned;

use crate::client::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::envelope::{Envelope, ListEnvelope};

pub mod actions;
pub mod applications;
pub mod customers;
pub mod deals;
pub mod disti_listings;
pub mod form_templates;
pub mod groups;
pub mod leads;
pub mod partner;
pub mod partnerships;
pub mod products;
pub mod reports;
pub mod rewards;
pub mod sales_cycles;
pub mod tiers;
pub mod transactions;
pub mod webhooks;

/// The request builders of the generated endpoint methods (`GetPartnership`,
/// ...): each is awaitable, or sent with `.send()`.
pub use crate::generated::operations::*;

/// The state every list builder shares.
#[derive(Debug)]
pub(crate) struct ListParams {
    pub(crate) http: affiliate_common::Client,
    path: Result<ApiPath>,
    query: Vec<(String, String)>,
    limit: u64,
    starting_after: Option<String>,
    ending_before: Option<String>,
    check_total: bool,
}

impl ListParams {
    pub(crate) fn new(http: affiliate_common::Client, path: Result<ApiPath>) -> Self {
        ListParams {
            http,
            path,
            query: Vec::new(),
            limit: DEFAULT_PAGE_SIZE,
            starting_after: None,
            ending_before: None,
            check_total: false,
        }
    }

    /// Sets a query parameter, replacing earlier values.
    pub(crate) fn set(&mut self, key: &str, value: String) {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_owned(), value));
    }

    /// Appends a query parameter (for array filters).
    pub(crate) fn push(&mut self, key: &str, value: String) {
        self.query.push((key.to_owned(), value));
    }

    pub(crate) fn limit(&mut self, n: u64) {
        self.limit = n;
    }

    pub(crate) fn starting_after(&mut self, key: String) {
        self.starting_after = Some(key);
    }

    pub(crate) fn ending_before(&mut self, key: String) {
        self.ending_before = Some(key);
    }

    pub(crate) fn check_total(&mut self, on: bool) {
        self.check_total = on;
    }

    pub(crate) fn into_paginator<T: DeserializeOwned + Send + 'static>(
        self,
        key: impl Fn(&T) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Paginator<ListEnvelope<T>>> {
        if self.limit == 0 || self.limit > MAX_PAGE_SIZE {
            return Err(Error::invalid_input(format!(
                "limit must be between 1 and {MAX_PAGE_SIZE}, got {}",
                self.limit
            )));
        }
        let path = self.path?;
        let mut req = Request::get(path);
        for (k, v) in self.query {
            req = req.query(k, v);
        }
        let strategy = match (self.starting_after, self.ending_before) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_input(
                    "starting_after and ending_before are mutually exclusive",
                ));
            }
            (None, Some(before)) => {
                if before.is_empty() {
                    return Err(Error::invalid_input(
                        "ending_before must be a non-empty key",
                    ));
                }
                req = req.query("ending_before", before);
                Cursor::backward("ending_before", key).page_size("limit", self.limit)
            }
            (after, None) => {
                if let Some(after) = after {
                    if after.is_empty() {
                        return Err(Error::invalid_input(
                            "starting_after must be a non-empty key",
                        ));
                    }
                    req = req.query("starting_after", after);
                }
                Cursor::new("starting_after", key).page_size("limit", self.limit)
            }
        };
        Ok(
            Paginator::new(self.http, req, Strategy::Cursor(strategy))
                .check_total(self.check_total),
        )
    }
}

/// Sends `req` and unwraps the `{data}` envelope.
pub(crate) async fn data<T: DeserializeOwned + Send + 'static>(
    http: &affiliate_common::Client,
    req: Request,
) -> Result<T> {
    Ok(http.send::<Envelope<T>>(req).await?.into_inner())
}

/// Sends `req` and ignores the body (deletes, assignments).
pub(crate) async fn empty(http: &affiliate_common::Client, req: Request) -> Result<()> {
    http.send_empty(req).await.map(|_| ())
}

/// Declares a list builder: the shared paging methods, one setter per
/// filter, and `send`/`stream`/`pages`/`collect_all`.
///
/// Filter kinds: `time` (a [`UnixTime`](affiliate_common::UnixTime) sent as
/// epoch milliseconds), `str`, `bool`, `int`, `value: T` (anything
/// `Display`, such as an open enum) and `each` (a repeated parameter).
macro_rules! list_builder {
    (
        $(#[$meta:meta])*
        pub struct $name:ident => $item:ty {
            $( $(#[$fm:meta])* fn $method:ident($kind:ident $(: $t:ty)?) = $param:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        #[must_use = "a list builder sends nothing until `.send()`, `.stream()`, `.pages()` or `.collect_all()`"]
        pub struct $name {
            params: $crate::resources::ListParams,
        }

        impl $name {
            pub(crate) fn new(params: $crate::resources::ListParams) -> Self {
                $name { params }
            }

            /// Records per page, 1 to 250 (default 250, the API's maximum;
            /// the API's own default is 10). Values outside the range fail
            /// with [`Error::InvalidInput`](affiliate_common::Error::InvalidInput).
            pub fn limit(mut self, limit: u64) -> Self {
                self.params.limit(limit);
                self
            }

            /// Starts after the record with this key (the default order is
            /// newest first, so this continues towards older records).
            pub fn starting_after(mut self, key: impl Into<String>) -> Self {
                self.params.starting_after(key.into());
                self
            }

            /// Pages backwards: returns the records before this key, and
            /// each further page ends before the first record of the last
            /// one. Exclusive with [`Self::starting_after`].
            pub fn ending_before(mut self, key: impl Into<String>) -> Self {
                self.params.ending_before(key.into());
                self
            }

            /// Makes `.stream()` and `.pages()` fail with
            /// [`Error::Incomplete`](affiliate_common::Error::Incomplete) at the
            /// end when the number of records differs from the `total` the
            /// API reported (`.collect_all()` always checks).
            pub fn check_total(mut self, on: bool) -> Self {
                self.params.check_total(on);
                self
            }

            $( list_builder!(@setter $(#[$fm])* $method $kind $(: $t)? = $param); )*

            fn into_paginator(
                self,
            ) -> affiliate_common::Result<affiliate_common::Paginator<$crate::envelope::ListEnvelope<$item>>> {
                self.params.into_paginator(|x: &$item| $crate::models::Keyed::cursor_key(x))
            }
        }

        affiliate_common::list_methods!($name => $crate::envelope::ListEnvelope<$item>);
    };
    (@setter $(#[$fm:meta])* $method:ident time = $param:literal) => {
        $(#[$fm])*
        pub fn $method(mut self, at: affiliate_common::UnixTime) -> Self {
            self.params.set($param, at.as_millis().to_string());
            self
        }
    };
    (@setter $(#[$fm:meta])* $method:ident str = $param:literal) => {
        $(#[$fm])*
        pub fn $method(mut self, value: impl Into<String>) -> Self {
            self.params.set($param, value.into());
            self
        }
    };
    (@setter $(#[$fm:meta])* $method:ident bool = $param:literal) => {
        $(#[$fm])*
        pub fn $method(mut self, value: bool) -> Self {
            self.params.set($param, value.to_string());
            self
        }
    };
    (@setter $(#[$fm:meta])* $method:ident int = $param:literal) => {
        $(#[$fm])*
        pub fn $method(mut self, value: i64) -> Self {
            self.params.set($param, value.to_string());
            self
        }
    };
    (@setter $(#[$fm:meta])* $method:ident value: $t:ty = $param:literal) => {
        $(#[$fm])*
        pub fn $method(mut self, value: impl Into<$t>) -> Self {
            self.params.set($param, value.into().to_string());
            self
        }
    };
    (@setter $(#[$fm:meta])* $method:ident each = $param:literal) => {
        $(#[$fm])*
        pub fn $method<I>(mut self, values: I) -> Self
        where
            I: IntoIterator,
            I::Item: Into<String>,
        {
            for v in values {
                self.params.push($param, v.into());
            }
            self
        }
    };
}

pub(crate) use list_builder;

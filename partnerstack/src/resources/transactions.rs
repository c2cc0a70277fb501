//! `client.transactions()`: customer payments rewards are computed from.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{OrderBy, Transaction};

/// Transaction endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Transactions {
    pub(crate) http: affiliate_common::Client,
}

impl Transactions {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Transactions { http }
    }

    /// Lists transactions, newest first.
    ///
    /// `GET /transactions`: `data.items` holds the transactions,
    /// `data.has_more` ends the stream when `false`, `data.total` counts them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use futures::TryStreamExt as _;
    /// let mut total_cents = 0i64;
    /// let mut s = client.transactions().list().stream();
    /// while let Some(t) = s.try_next().await? {
    ///     total_cents += t.amount_usd.unwrap_or(0);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListTransactions {
        ListTransactions::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("transactions")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /transactions`.
    pub struct ListTransactions => Transaction {
        /// Only transactions created at or after this time.
        fn min_created(time) = "min_created";
        /// Only transactions created before this time.
        fn max_created(time) = "max_created";
        /// Only transactions updated at or after this time.
        fn min_updated(time) = "min_updated";
        /// Only transactions updated before this time.
        fn max_updated(time) = "max_updated";
        /// Sort order: `created_at` or `-created_at`.
        fn order_by(value: OrderBy) = "order_by";
        /// Only transactions of this customer.
        fn customer_key(str) = "customer_key";
        /// Only transactions of customers of partners in this group.
        fn group_key(str) = "group_key";
    }
}

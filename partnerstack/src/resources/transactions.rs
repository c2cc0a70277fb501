//! `client.transactions()`: customer payments rewards are computed from.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{NewTransaction, OrderBy, Transaction};

/// Transaction endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Transactions {
    http: affiliate_common::Client,
}

fn one(key: &str) -> Result<ApiPath> {
    ApiPath::new("transactions").param("transaction_key", key)
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

    /// Retrieves a transaction by key.
    ///
    /// `GET /transactions/{key}`: only one thin client uses this path; the
    /// docs index does not list it, so it may be unavailable on your account.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let transaction_key = client.transactions().list().send().await?.items[0].key.clone();
    /// let t = client.transactions().get(&transaction_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Transaction> {
        data(&self.http, Request::get(one(key)?)).await
    }

    /// Records a transaction. `amount` is in integer cents of `currency`.
    /// Transactions of test customers need test keys and earn no rewards.
    ///
    /// `POST /transactions`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let customer_key = client.customers().list().send().await?.items[0].key.clone();
    /// use partnerstack::{CustomerRef, NewTransaction};
    /// let body = NewTransaction::new(CustomerRef::Key(customer_key.clone()), 4_900, "USD").key("inv_1");
    /// let t = client.transactions().create(&body).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before sending
    /// when the body breaks a documented rule (not exactly one customer
    /// reference, amount out of range, currency not 3 letters, more than 25
    /// metadata attributes); [`Error::Api`](crate::Error::Api) when the API
    /// rejects it. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewTransaction) -> Result<Transaction> {
        body.validate()?;
        data(
            &self.http,
            Request::post(ApiPath::new("transactions")).json(body)?,
        )
        .await
    }

    /// Deletes a transaction.
    ///
    /// `DELETE /transactions/{transaction_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let transaction_key = client.transactions().list().send().await?.items[0].key.clone();
    /// client.transactions().delete(&transaction_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn delete(&self, key: &str) -> Result<()> {
        empty(&self.http, Request::delete(one(key)?)).await
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

//! `client.customers()`: customers referred by partners.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{Customer, NewCustomer, OrderBy, UpdateCustomer};

/// Customer endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Customers {
    http: affiliate_common::Client,
}

fn one(key: &str) -> Result<ApiPath> {
    ApiPath::new("customers").param("customer_key", key)
}

impl Customers {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Customers { http }
    }

    /// Lists customers, newest first.
    ///
    /// `GET /customers`: `data.items` holds the customers, `data.has_more`
    /// ends the stream when `false`, `data.total` counts them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let page = client.customers().list().partner_key("ada-lovelace").send().await?;
    /// for c in page.items {
    ///     println!("{} {:?}", c.key, c.email);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListCustomers {
        ListCustomers::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("customers")),
        ))
    }

    /// Retrieves a customer by key.
    ///
    /// `GET /customers/{customer_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let customer_key = client.customers().list().send().await?.items[0].key.clone();
    /// let c = client.customers().get(&customer_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Customer> {
        data(&self.http, Request::get(one(key)?)).await
    }

    /// Creates a customer.
    ///
    /// `POST /customers`. This cannot attribute clicks or links;
    /// PartnerStack recommends server-to-server tracking for that.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::NewCustomer;
    /// let c = client
    ///     .customers()
    ///     .create(&NewCustomer::new("ada@example.com", "ada-lovelace").customer_key("crm-42"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 when the API rejects
    /// the body (an unknown `partner_key`, for instance), and transport
    /// errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewCustomer) -> Result<Customer> {
        data(
            &self.http,
            Request::post(ApiPath::new("customers")).json(body)?,
        )
        .await
    }

    /// Updates a customer; omitted fields are unchanged.
    ///
    /// `PATCH /customers/{customer_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let customer_key = client.customers().list().send().await?.items[0].key.clone();
    /// use partnerstack::UpdateCustomer;
    /// client.customers().update(&customer_key, &UpdateCustomer::default().name("Ada L.")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update(&self, key: &str, body: &UpdateCustomer) -> Result<Customer> {
        data(&self.http, Request::patch(one(key)?).json(body)?).await
    }

    /// Deletes a customer.
    ///
    /// `DELETE /customers/{customer_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let customer_key = client.customers().list().send().await?.items[0].key.clone();
    /// client.customers().delete(&customer_key).await?;
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
    /// The list builder of `GET /customers`.
    pub struct ListCustomers => Customer {
        /// Only customers created at or after this time.
        fn min_created(time) = "min_created";
        /// Only customers created before this time.
        fn max_created(time) = "max_created";
        /// Only customers updated at or after this time (incremental sync).
        fn min_updated(time) = "min_updated";
        /// Only customers updated before this time.
        fn max_updated(time) = "max_updated";
        /// Sort order: `created_at` or `-created_at`.
        fn order_by(value: OrderBy) = "order_by";
        /// Only customers of this partner.
        fn partner_key(str) = "partner_key";
        /// Only customers of partners in this group (by name).
        fn group(str) = "group";
        /// Only customers of partners in this group (by key).
        fn group_key(str) = "group_key";
    }
}

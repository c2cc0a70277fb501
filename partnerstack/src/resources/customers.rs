//! `client.customers()`: customers referred by partners.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{Customer, OrderBy};

/// Customer endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Customers {
    pub(crate) http: affiliate_common::Client,
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

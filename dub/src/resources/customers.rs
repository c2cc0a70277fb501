//! The customers list (cursor pagination).

use affiliate_common::{ApiPath, Paginator, Request};

use super::pagination::cursor;
use crate::Result;
use crate::models::Customer;
use crate::resources::{Customers, ListCustomers};

impl ListCustomers {
    fn into_paginator(self) -> Result<Paginator<Vec<Customer>>> {
        let (client, request) = self.into_parts()?;
        cursor(client, request, |c: &Customer| Some(c.id.clone()))
    }
}
affiliate_common::list_builder!(ListCustomers => Vec<Customer>);

impl Customers {
    /// Lists customers with cursor pagination (`startingAfter` = the last
    /// customer's id, 100 per page).
    ///
    /// `GET /customers`. Response: a bare array of [`Customer`]; the stream
    /// ends on a short page. Sorting by anything but `createdAt` pages by
    /// number instead (Dub's cursors need `createdAt`); a cursor with such a
    /// sort, or with `page`, is refused.
    ///
    /// # Errors
    /// The list methods fail with [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// for those combinations before anything is sent.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let all = client.customers().list().country("US").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListCustomers {
        ListCustomers::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("customers"))),
        )
    }
}

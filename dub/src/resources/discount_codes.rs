//! The discount-codes API (added after the spec snapshot; hand-written).

use affiliate_common::{ApiPath, Paginator, Request};

use super::pagination::page_number;
use crate::models::{Deleted, DiscountCode, NewDiscountCode};
use crate::{Client, Error, Result};

/// Discount codes of the program's partners.
#[derive(Debug, Clone)]
pub struct DiscountCodes {
    pub(crate) client: Client,
}

impl Client {
    /// Discount codes of the program's partners.
    pub fn discount_codes(&self) -> DiscountCodes {
        DiscountCodes {
            client: self.clone(),
        }
    }
}

/// Request builder for `GET /discount-codes`, returned by [`DiscountCodes::list`].
#[derive(Debug, Clone)]
#[must_use = "a request builder does nothing until it is sent"]
pub struct ListDiscountCodes {
    client: Client,
    request: Request,
}

impl ListDiscountCodes {
    /// `partnerId`: only this partner's codes.
    pub fn partner_id(mut self, id: impl Into<String>) -> Self {
        self.request = self.request.set_query("partnerId", id.into());
        self
    }

    /// `discountId`: only codes of this discount.
    pub fn discount_id(mut self, id: impl Into<String>) -> Self {
        self.request = self.request.set_query("discountId", id.into());
        self
    }

    /// `page`: the first page to fetch (1-based, at most 1000).
    pub fn page(mut self, page: u64) -> Self {
        self.request = self.request.set_query("page", page);
        self
    }

    /// `pageSize`: items per page (default and maximum 100).
    pub fn page_size(mut self, size: u64) -> Self {
        self.request = self.request.set_query("pageSize", size);
        self
    }

    fn into_paginator(self) -> Result<Paginator<Vec<DiscountCode>>> {
        page_number(self.client, self.request, "pageSize", 100, None)
    }
}
affiliate_common::list_builder!(ListDiscountCodes => Vec<DiscountCode>);

impl DiscountCodes {
    /// Lists discount codes, `page`/`pageSize` (100 per page).
    ///
    /// `GET /discount-codes`. Response: a bare array of [`DiscountCode`]; the
    /// stream ends on a short page.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let codes = client.discount_codes().list().partner_id("pn_123").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListDiscountCodes {
        ListDiscountCodes {
            client: self.client.clone(),
            request: Request::get(ApiPath::new("discount-codes")),
        }
    }

    /// Creates a discount code for a partner's link (one code per link; the
    /// partner's group needs a discount).
    ///
    /// `POST /discount-codes`. Not retried.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a code over 100 characters or with
    /// characters other than letters, digits, `_` and `-`; any [`Error`] of
    /// the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// use dub::models::NewDiscountCode;
    /// let client = dub::Client::from_env()?;
    /// let code = client.discount_codes().create(&NewDiscountCode::new("pn_123", "link_123").code("SPRING25")).await?;
    /// # Ok(()) }
    /// ```
    pub fn create(&self, body: &NewDiscountCode) -> CreateDiscountCode {
        CreateDiscountCode::from_result(self.client.clone(), create_request(body))
    }

    /// Deletes a discount code by its `dcode_...` id or the code itself.
    ///
    /// `DELETE /discount-codes/{idOrCode}`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty id; any [`Error`] of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// # client.discount_codes().create(&dub::models::NewDiscountCode::new("pn_1", "link_1").code("SPRING25")).await?;
    /// client.discount_codes().delete("SPRING25").await?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, id_or_code: impl AsRef<str>) -> DeleteDiscountCode {
        let request = ApiPath::new("discount-codes")
            .param("idOrCode", id_or_code.as_ref())
            .map(Request::delete);
        DeleteDiscountCode::from_result(self.client.clone(), request)
    }
}

affiliate_common::op_builder! {
    /// Request builder for `POST /discount-codes`, returned by [`DiscountCodes::create`].
    pub struct CreateDiscountCode(Client) -> DiscountCode = |client, request| client.send_json(request).await
}

affiliate_common::op_builder! {
    /// Request builder for `DELETE /discount-codes/{idOrCode}`, returned by [`DiscountCodes::delete`].
    pub struct DeleteDiscountCode(Client) -> Deleted = |client, request| client.send_json(request).await
}

/// The request of [`DiscountCodes::create`], with the code checked first.
fn create_request(body: &NewDiscountCode) -> Result<Request> {
    if let Some(code) = &body.code {
        let valid = !code.is_empty()
            && code.len() <= 100
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(Error::invalid_input(format!(
                "discount code `{code}` must be 1-100 characters of A-Z, a-z, 0-9, `_` or `-`"
            )));
        }
    }
    Request::post(ApiPath::new("discount-codes")).json(body)
}

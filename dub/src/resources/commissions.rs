//! Commissions: the cursor list, creation and clawbacks.

use affiliate_common::{ApiPath, Paginator, Request};

use super::pagination::cursor;
use crate::models::{
    ClawbackReason, Commission, CommissionQueued, NewCommission, NewCommissionCustom,
};
use crate::resources::{Commissions, ListCommissions};
use crate::{Error, Result};

impl ListCommissions {
    fn into_paginator(self) -> Result<Paginator<Vec<Commission>>> {
        let (client, request) = self.into_parts()?;
        cursor(client, request, |c: &Commission| Some(c.id.clone()))
    }
}
affiliate_common::list_builder!(ListCommissions => Vec<Commission>);

impl Commissions {
    /// Lists commissions with cursor pagination (`startingAfter` = the last
    /// commission's id, 100 per page).
    ///
    /// `GET /commissions`. Response: a bare array of [`Commission`] (amounts
    /// in cents); the stream ends on a short page. `sort_by("amount")` pages
    /// by number instead; a cursor with it, or with `page`, is refused.
    ///
    /// # Errors
    /// The list methods fail with [`Error::InvalidInput`] for those
    /// combinations before anything is sent.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let pending = client.commissions().list().status("pending").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListCommissions {
        ListCommissions::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("commissions"))),
        )
    }

    /// Queues the creation of a custom, lead or sale commission.
    ///
    /// `POST /commissions` answers 202 and processes the commission later.
    /// A custom commission with a negative amount is a clawback and needs a
    /// description (see [`Commissions::clawback`]). Not retried.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a zero amount or a clawback without a
    /// description; any [`Error`] of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// use dub::models::{NewCommission, NewCommissionCustom};
    /// let client = dub::Client::from_env()?;
    /// let bonus = NewCommission::Custom(NewCommissionCustom::new("pn_123", 5_000).description("Launch bonus"));
    /// client.commissions().create(&bonus).await?;
    /// # Ok(()) }
    /// ```
    pub fn create(&self, body: &NewCommission) -> CreateCommission {
        CreateCommission::from_result(self.client.clone(), create_request(body))
    }

    /// Claws back `amount_cents` from a partner: a custom commission with the
    /// negative amount and `reason` as its description.
    ///
    /// `POST /commissions` (202; processed asynchronously). Not retried.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a zero amount; any [`Error`] of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// use dub::models::ClawbackReason;
    /// let client = dub::Client::from_env()?;
    /// client.commissions().clawback("pn_123", 2500, ClawbackReason::OrderCanceled).await?;
    /// # Ok(()) }
    /// ```
    pub fn clawback(
        &self,
        partner_id: impl std::fmt::Display,
        amount_cents: u64,
        reason: impl Into<ClawbackReason>,
    ) -> CreateCommission {
        if amount_cents == 0 {
            return CreateCommission::from_result(
                self.client.clone(),
                Err(Error::invalid_input("a clawback amount cannot be 0")),
            );
        }
        let Ok(cents) = i64::try_from(amount_cents) else {
            return CreateCommission::from_result(
                self.client.clone(),
                Err(Error::invalid_input(
                    "a clawback amount must fit in i64 cents",
                )),
            );
        };
        let body = NewCommission::Custom(
            NewCommissionCustom::new(partner_id, -cents).description(reason.into().as_str()),
        );
        self.create(&body)
    }
}

affiliate_common::op_builder! {
    /// Request builder for `POST /commissions`, returned by [`Commissions::create`] and
    /// [`Commissions::clawback`].
    pub struct CreateCommission(crate::Client) -> CommissionQueued = |client, request| client.send_json(request).await
}

/// The request of [`Commissions::create`], with the commission checked first.
fn create_request(body: &NewCommission) -> Result<Request> {
    if let NewCommission::Custom(c) = body {
        if c.amount == 0 {
            return Err(Error::invalid_input(
                "a custom commission amount cannot be 0",
            ));
        }
        if c.amount < 0 && c.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            return Err(Error::invalid_input(
                "a clawback (negative amount) needs a description: a reason code or text",
            ));
        }
        if c.description
            .as_deref()
            .is_some_and(|d| d.chars().count() > 190)
        {
            return Err(Error::invalid_input(
                "a commission description is at most 190 characters",
            ));
        }
    }
    Request::post(ApiPath::new("commissions")).json(body)
}

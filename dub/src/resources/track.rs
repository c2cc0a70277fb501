//! Conversion tracking: the two endpoints Dub de-duplicates.

use affiliate_common::{ApiPath, Request};

use crate::Client;
use crate::models::{TrackLead, TrackLeadMode, TrackSale, TrackedLead, TrackedSale};
use crate::resources::Track;

impl Track {
    /// Records a lead for a click (`dub_id` cookie).
    ///
    /// `POST /track/lead`. Dub records one lead per (customer external id,
    /// event name) for 7 days, so the call is retried like a GET, except in
    /// `deferred` mode.
    ///
    /// # Errors
    /// Any [`Error`](crate::Error) of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// use dub::models::TrackLead;
    /// let client = dub::Client::from_env()?;
    /// let lead = client.track().lead(&TrackLead::new("click_123", "Sign up", "user_42")).await?;
    /// # Ok(()) }
    /// ```
    pub fn lead(&self, body: &TrackLead) -> TrackLeadRequest {
        let request = Request::post(ApiPath::new("track/lead"))
            .json(body)
            .map(|r| {
                if body.mode != Some(TrackLeadMode::Deferred) {
                    r.idempotent()
                } else {
                    r
                }
            });
        TrackLeadRequest::from_result(self.client.clone(), request)
    }

    /// Records a sale for a customer.
    ///
    /// `POST /track/sale`. With an `invoice_id`, Dub returns the first
    /// response for 7 days on a repeat, so the call is retried; without one
    /// it is never retried (a repeat would count the sale twice).
    ///
    /// # Errors
    /// Any [`Error`](crate::Error) of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// use dub::models::TrackSale;
    /// let client = dub::Client::from_env()?;
    /// let sale = client.track().sale(&TrackSale::new("user_42", 4900).invoice_id("in_123")).await?;
    /// # Ok(()) }
    /// ```
    pub fn sale(&self, body: &TrackSale) -> TrackSaleRequest {
        let request = Request::post(ApiPath::new("track/sale"))
            .json(body)
            .map(|r| {
                if body.invoice_id.as_deref().is_some_and(|i| !i.is_empty()) {
                    r.idempotent()
                } else {
                    r
                }
            });
        TrackSaleRequest::from_result(self.client.clone(), request)
    }
}

affiliate_common::op_builder! {
    /// Request builder for `POST /track/lead`, returned by [`Track::lead`].
    pub struct TrackLeadRequest(Client) -> TrackedLead = |client, request| client.send_json(request).await
}

affiliate_common::op_builder! {
    /// Request builder for `POST /track/sale`, returned by [`Track::sale`].
    pub struct TrackSaleRequest(Client) -> TrackedSale = |client, request| client.send_json(request).await
}

//! `client.actions()`: events (sign-ups, demos, ...) that can trigger rewards.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{Action, NewAction, OrderBy};

/// Action endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Actions {
    http: affiliate_common::Client,
}

impl Actions {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Actions { http }
    }

    /// Lists actions, newest first.
    ///
    /// `GET /actions`: `data.items` holds the actions, `data.has_more` ends
    /// the stream when `false`, `data.total` counts them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let demos = client.actions().list().action_type("demo_booked").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListActions {
        ListActions::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("actions")),
        ))
    }

    /// Records an action against a customer or partnership.
    ///
    /// `POST /actions`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::{ActionTargetType, NewAction};
    /// let body = NewAction::new("cus_123", ActionTargetType::Customer, "demo_booked", 1);
    /// let a = client.actions().create(&body).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) when `value` is
    /// below 1; [`Error::Api`](crate::Error::Api) with status 400 or 404 when
    /// the API rejects the body or the target. Not retried once it may have
    /// reached the server.
    pub async fn create(&self, body: &NewAction) -> Result<Action> {
        if body.value < 1 {
            return Err(crate::Error::invalid_input(format!(
                "an action's value must be at least 1, got {}",
                body.value
            )));
        }
        data(
            &self.http,
            Request::post(ApiPath::new("actions")).json(body)?,
        )
        .await
    }

    /// Archives an action, with its rewards and drip rewards.
    ///
    /// `DELETE /actions/{action_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let action_key = client.actions().list().send().await?.items[0].key.clone();
    /// client.actions().archive(&action_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn archive(&self, key: &str) -> Result<()> {
        let path = ApiPath::new("actions").param("action_key", key)?;
        empty(&self.http, Request::delete(path)).await
    }
}

list_builder! {
    /// The list builder of `GET /actions`.
    pub struct ListActions => Action {
        /// Only actions created at or after this time.
        fn min_created(time) = "min_created";
        /// Only actions created before this time.
        fn max_created(time) = "max_created";
        /// Only actions updated at or after this time.
        fn min_updated(time) = "min_updated";
        /// Only actions updated before this time.
        fn max_updated(time) = "max_updated";
        /// Only actions of this partnership.
        fn partnership_key(str) = "partnership_key";
        /// Only actions of this type.
        fn action_type(str) = "action_type";
        /// Sort order: `created_at`, `updated_at`, with `-` for descending.
        fn order_by(value: OrderBy) = "order_by";
    }
}

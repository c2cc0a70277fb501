//! `client.actions()`: events (sign-ups, demos, ...) that can trigger rewards.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{Action, OrderBy};

/// Action endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Actions {
    pub(crate) http: affiliate_common::Client,
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

//! `client.applications()`: partner applications and decisions.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{Application, OrderBy};

/// Application endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Applications {
    pub(crate) http: affiliate_common::Client,
}

impl Applications {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Applications { http }
    }

    /// Lists applications, newest first (`-created_at`).
    ///
    /// `GET /applications`: `data.items` holds the applications,
    /// `data.has_more` ends the stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let apps = client.applications().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListApplications {
        ListApplications::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("applications")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /applications`.
    pub struct ListApplications => Application {
        /// Only applications created at or after this time.
        fn min_created(time) = "min_created";
        /// Only applications created before this time.
        fn max_created(time) = "max_created";
        /// Sort order (default `-created_at`).
        fn order_by(value: OrderBy) = "order_by";
        /// Only applications to this group.
        fn group_key(str) = "group_key";
    }
}

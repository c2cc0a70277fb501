//! `client.groups()`: partner groups.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::Group;

/// Group endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Groups {
    pub(crate) http: affiliate_common::Client,
}

impl Groups {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Groups { http }
    }

    /// Lists groups.
    ///
    /// `GET /groups`: `data.items` holds the groups, `data.has_more` ends the
    /// stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// for g in client.groups().list().collect_all().await? {
    ///     println!("{} {:?}", g.key, g.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListGroups {
        ListGroups::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("groups")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /groups`.
    pub struct ListGroups => Group {
        /// Only groups created at or after this time.
        fn min_created(time) = "min_created";
        /// Only groups created before this time.
        fn max_created(time) = "max_created";
        /// Only groups updated at or after this time.
        fn min_updated(time) = "min_updated";
        /// Only groups updated before this time.
        fn max_updated(time) = "max_updated";
    }
}

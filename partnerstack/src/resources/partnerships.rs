//! `client.partnerships()`: partnerships, their tags, team members and links.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{Link, OrderBy, Partnership, TeamMember};

/// Partnership endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Partnerships {
    pub(crate) http: affiliate_common::Client,
}

impl Partnerships {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Partnerships { http }
    }

    /// Lists partnerships, newest first.
    ///
    /// `GET /partnerships`: `data.items` holds the partnerships,
    /// `data.has_more` ends the stream when `false`, `data.total` counts them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::UnixTime;
    /// let recent = client
    ///     .partnerships()
    ///     .list()
    ///     .min_updated(UnixTime::from_millis(1_735_689_600_000))
    ///     .collect_all()
    ///     .await?;
    /// println!("{} partnerships", recent.len());
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartnerships {
        ListPartnerships::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("partnerships")),
        ))
    }

    /// Lists the members of a partner team (a team's "stack key").
    ///
    /// `GET /partner-team/{team_key}` (hyphenated literal unverified):
    /// `data.items` holds the members, `data.has_more` ends the stream.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let members = client.partnerships().team_members("stck_123").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn team_members(&self, team_key: &str) -> ListTeamMembers {
        let path = ApiPath::new("partner-team").param("team_key", team_key);
        ListTeamMembers::new(ListParams::new(self.http.clone(), path))
    }

    /// Lists every link of a partnership.
    ///
    /// `GET /links/{partnership_key}`: `data.items` holds the links,
    /// `data.has_more` ends the stream.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let partnership_key = client.partnerships().list().send().await?.items[0].key.clone();
    /// let links = client.partnerships().links(&partnership_key).collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn links(&self, partnership_key: &str) -> ListLinks {
        let path = ApiPath::new("links").param("partnership_key", partnership_key);
        ListLinks::new(ListParams::new(self.http.clone(), path))
    }
}

list_builder! {
    /// The list builder of `GET /partnerships`.
    pub struct ListPartnerships => Partnership {
        /// Only partnerships created at or after this time.
        fn min_created(time) = "min_created";
        /// Only partnerships created before this time.
        fn max_created(time) = "max_created";
        /// Only partnerships updated at or after this time (incremental sync).
        fn min_updated(time) = "min_updated";
        /// Only partnerships updated before this time.
        fn max_updated(time) = "max_updated";
        /// Sort order: `created_at`, `updated_at`, with `-` for descending.
        fn order_by(value: OrderBy) = "order_by";
        /// Only partnerships in this group (by group key).
        fn group_key(str) = "group_key";
        /// Only partnerships in this group (by name, spaces and special characters removed).
        fn group(str) = "group";
        /// Only partnerships that track (or do not track) sub ids.
        fn has_sub_id(bool) = "has_sub_id";
        /// Include each partnership's offers.
        fn include_offers(bool) = "include_offers";
        /// Include archived partnerships.
        fn include_archived(bool) = "include_archived";
    }
}

list_builder! {
    /// The list builder of `GET /partner-team/{team_key}`.
    pub struct ListTeamMembers => TeamMember {}
}

list_builder! {
    /// The list builder of `GET /links/{partnership_key}`.
    pub struct ListLinks => Link {}
}

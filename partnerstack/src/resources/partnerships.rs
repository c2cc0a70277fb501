//! `client.partnerships()`: partnerships, their tags, team members and links.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{
    Link, MovePartnerships, MovedPartnerships, NewMember, NewPartnership, OrderBy, Partnership,
    TeamMember, UpdatePartnership, UpdateTags,
};

/// Partnership endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Partnerships {
    http: affiliate_common::Client,
}

fn one(key: &str) -> Result<ApiPath> {
    ApiPath::new("partnerships").param("partnership_key", key)
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

    /// Retrieves one partnership by its key (the docs call the parameter a
    /// "unique identifier"; a `partner_key` may work too).
    ///
    /// `GET /partnerships/{key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let partnership_key = client.partnerships().list().send().await?.items[0].key.clone();
    /// let p = client.partnerships().get(&partnership_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Partnership> {
        data(&self.http, Request::get(one(key)?)).await
    }

    /// Creates a partnership. It stays unclaimed until the partner claims it.
    ///
    /// `POST /partnerships`.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::NewPartnership;
    /// let p = client
    ///     .partnerships()
    ///     .create(&NewPartnership::new("ada@example.com").first_name("Ada").group_key("default"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 when the API rejects
    /// the body (a duplicate `partner_key`, for instance), and transport errors.
    /// Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewPartnership) -> Result<Partnership> {
        data(
            &self.http,
            Request::post(ApiPath::new("partnerships")).json(body)?,
        )
        .await
    }

    /// Updates a partnership; omitted fields are unchanged.
    ///
    /// `PATCH /partnerships/{key}`.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::UpdatePartnership;
    /// client.partnerships().update("part_123", &UpdatePartnership::new().group_key("gold")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key or
    /// 400 for a rejected body, and transport errors.
    pub async fn update(&self, key: &str, body: &UpdatePartnership) -> Result<Partnership> {
        data(&self.http, Request::patch(one(key)?).json(body)?).await
    }

    /// Archives a partnership.
    ///
    /// `DELETE /partnerships/{key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let partnership_key = client.partnerships().list().send().await?.items[0].key.clone();
    /// client.partnerships().archive(&partnership_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn archive(&self, key: &str) -> Result<()> {
        empty(&self.http, Request::delete(one(key)?)).await
    }

    /// Moves a set of partnerships to another group in one call.
    ///
    /// `PATCH /partnerships`. The body's field names are undocumented in
    /// the sources used; see [`MovePartnerships`]. The response shape is
    /// undocumented too; [`MovedPartnerships`] types the one seen, and keeps
    /// other keys.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::MovePartnerships;
    /// let body = MovePartnerships::new("gold").partnership_keys(["part_1", "part_2"]);
    /// client.partnerships().move_to_group(&body).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) for a rejected body, and transport errors.
    pub async fn move_to_group(&self, body: &MovePartnerships) -> Result<MovedPartnerships> {
        data(
            &self.http,
            Request::patch(ApiPath::new("partnerships")).json(body)?,
        )
        .await
    }

    /// Adds and removes tags of a partnership.
    ///
    /// `PATCH /partnerships/{key}/tags`. The body's field names are
    /// unverified; see [`UpdateTags`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let partnership_key = client.partnerships().list().send().await?.items[0].key.clone();
    /// use partnerstack::UpdateTags;
    /// client.partnerships().update_tags(&partnership_key, &UpdateTags::new().add_tags(["vip"])).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update_tags(&self, key: &str, body: &UpdateTags) -> Result<Partnership> {
        data(
            &self.http,
            Request::patch(one(key)?.lit("tags")).json(body)?,
        )
        .await
    }

    /// Invites or adds a member to a partner's team.
    ///
    /// `POST /partnerships/{partner_key}/member` (the singular `member` is
    /// the form the docs index gives).
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::NewMember;
    /// client.partnerships().add_member("ada-lovelace", &NewMember::new("bob@example.com")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown
    /// partner, and transport errors.
    pub async fn add_member(&self, partner_key: &str, body: &NewMember) -> Result<TeamMember> {
        let path = ApiPath::new("partnerships")
            .param("partner_key", partner_key)?
            .lit("member");
        data(&self.http, Request::post(path).json(body)?).await
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

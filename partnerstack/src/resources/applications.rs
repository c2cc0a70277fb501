//! `client.applications()`: partner applications and decisions.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, list_builder};
use crate::models::{
    Application, BulkDecision, DecidedApplications, Decision, NewApplication, OrderBy,
};

/// Application endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Applications {
    http: affiliate_common::Client,
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

    /// Creates an application on behalf of a partner.
    ///
    /// `POST /applications`. Field names are unverified; see [`NewApplication`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::NewApplication;
    /// let a = client.applications().create(&NewApplication::new("new@partner.com")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewApplication) -> Result<Application> {
        data(
            &self.http,
            Request::post(ApiPath::new("applications")).json(body)?,
        )
        .await
    }

    /// Approves or declines one application.
    ///
    /// `PATCH /applications/{application_key}/decision`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let application_key = client.applications().list().send().await?.items[0].key.clone();
    /// use partnerstack::{ApplicationDecision, Decision};
    /// client.applications().decide(&application_key, &Decision::new(ApplicationDecision::Approved)).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn decide(&self, key: &str, body: &Decision) -> Result<Application> {
        let path = ApiPath::new("applications")
            .param("application_key", key)?
            .lit("decision");
        data(&self.http, Request::patch(path).json(body)?).await
    }

    /// Approves or declines many applications at once.
    ///
    /// `PATCH /applications/decision`. The response shape is undocumented;
    /// [`DecidedApplications`] types the one seen, and keeps other keys.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::{ApplicationDecision, BulkDecision};
    /// let body = BulkDecision::new(ApplicationDecision::Declined).application_keys(["app_1", "app_2"]);
    /// client.applications().decide_many(&body).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) for a rejected body, and transport errors.
    pub async fn decide_many(&self, body: &BulkDecision) -> Result<DecidedApplications> {
        data(
            &self.http,
            Request::patch(ApiPath::new("applications/decision")).json(body)?,
        )
        .await
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

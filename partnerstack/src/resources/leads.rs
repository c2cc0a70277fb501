//! `client.leads()`: leads submitted by partners.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{Conversion, Customer, FormTemplate, Lead, NewLead, UpdateLead};

/// Lead endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference/leads)
#[derive(Debug, Clone)]
pub struct Leads {
    http: affiliate_common::Client,
}

fn one(key: &str) -> Result<ApiPath> {
    ApiPath::new("leads").param("lead_key", key)
}

impl Leads {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Leads { http }
    }

    /// Lists leads, newest first.
    ///
    /// `GET /leads`: `data.items` holds the leads, `data.has_more` ends the
    /// stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let leads = client.leads().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListLeads {
        ListLeads::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("leads")),
        ))
    }

    /// Retrieves a lead by key.
    ///
    /// `GET /leads/{lead_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let lead_key = client.leads().list().send().await?.items[0].key.clone();
    /// let l = client.leads().get(&lead_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Lead> {
        data(&self.http, Request::get(one(key)?)).await
    }

    /// Creates a lead.
    ///
    /// `POST /leads`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::{LeadStatus, NewLead};
    /// let mut meta = serde_json::Map::new();
    /// meta.insert("first_name".into(), "Grace".into());
    /// meta.insert("last_name".into(), "Hopper".into());
    /// let body = NewLead::new("ada-lovelace", "grace@navy.mil", LeadStatus::Open, meta);
    /// let l = client.leads().create(&body).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewLead) -> Result<Lead> {
        data(&self.http, Request::post(ApiPath::new("leads")).json(body)?).await
    }

    /// Updates a lead; omitted fields are unchanged.
    ///
    /// `PATCH /leads/{lead_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let lead_key = client.leads().list().send().await?.items[0].key.clone();
    /// use partnerstack::{LeadStatus, UpdateLead};
    /// client.leads().update(&lead_key, &UpdateLead::new().status(LeadStatus::ClosedWon)).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update(&self, key: &str, body: &UpdateLead) -> Result<Lead> {
        data(&self.http, Request::patch(one(key)?).json(body)?).await
    }

    /// Archives a lead.
    ///
    /// `DELETE /leads/{lead_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let lead_key = client.leads().list().send().await?.items[0].key.clone();
    /// client.leads().archive(&lead_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn archive(&self, key: &str) -> Result<()> {
        empty(&self.http, Request::delete(one(key)?)).await
    }

    /// Converts a lead into a customer.
    ///
    /// `POST /leads/{lead_key}/convert`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let lead_key = client.leads().list().send().await?.items[0].key.clone();
    /// use partnerstack::Conversion;
    /// let c = client.leads().convert(&lead_key, &Conversion::new("grace@navy.mil")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key or
    /// 400 for a rejected body, and transport errors.
    pub async fn convert(&self, key: &str, body: &Conversion) -> Result<Customer> {
        data(
            &self.http,
            Request::post(one(key)?.lit("convert")).json(body)?,
        )
        .await
    }

    /// Lists the lead form templates.
    ///
    /// `GET /leads/form-templates` (hyphenated literal unverified; the deal
    /// equivalent is confirmed): a page or a bare array of templates.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let forms = client.leads().form_templates().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn form_templates(&self) -> ListLeadFormTemplates {
        ListLeadFormTemplates::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("leads/form-templates")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /leads`.
    pub struct ListLeads => Lead {
        /// Only leads created at or after this time.
        fn min_created(time) = "min_created";
        /// Only leads created before this time.
        fn max_created(time) = "max_created";
        /// Only leads updated at or after this time (incremental sync).
        fn min_updated(time) = "min_updated";
        /// Only leads updated before this time.
        fn max_updated(time) = "max_updated";
        /// Only leads in this group (by name).
        fn group(str) = "group";
        /// Only leads of this partner.
        fn partner_key(str) = "partner_key";
    }
}

list_builder! {
    /// The list builder of `GET /leads/form-templates`.
    pub struct ListLeadFormTemplates => FormTemplate {
        /// Only templates of this group.
        fn group_key(str) = "group_key";
        /// Only this template (mold).
        fn mold_key(str) = "mold_key";
        /// Only templates available to this partner.
        fn partner_key(str) = "partner_key";
    }
}

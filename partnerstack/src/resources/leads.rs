//! `client.leads()`: leads submitted by partners.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{FormTemplate, Lead};

/// Lead endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference/leads)
#[derive(Debug, Clone)]
pub struct Leads {
    pub(crate) http: affiliate_common::Client,
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

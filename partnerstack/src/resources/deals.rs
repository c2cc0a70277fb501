//! `client.deals()`: deals registered by partners or vendors.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, list_builder};
use crate::models::{Deal, DealFile, DealFiles, FormTemplate};

/// Deal endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Deals {
    pub(crate) http: affiliate_common::Client,
}

fn one(key: &str) -> Result<ApiPath> {
    ApiPath::new("deals").param("deal_key", key)
}

impl Deals {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Deals { http }
    }

    /// Lists deals, newest first.
    ///
    /// `GET /deals`: `data.items` holds the deals, `data.has_more` ends the
    /// stream when `false` (this endpoint may not report `total`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let deals = client.deals().list().partner_key("ada-lovelace").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListDeals {
        ListDeals::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("deals")),
        ))
    }

    /// Lists the files attached to a deal.
    ///
    /// `GET /deals/{deal_key}/files`, whose `data.deal_files` holds the files.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let deal_key = client.deals().list().send().await?.items[0].key.clone();
    /// let files = client.deals().files(&deal_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn files(&self, key: &str) -> Result<Vec<DealFile>> {
        let files: DealFiles = data(&self.http, Request::get(one(key)?.lit("files"))).await?;
        Ok(files.deal_files.unwrap_or_default())
    }

    /// Lists the deal form templates.
    ///
    /// `GET /deals/form-templates`: `data` is a bare array of templates
    /// (no `has_more`); the stream ends after a page shorter than `limit`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let forms = client.deals().form_templates().group_key("default").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn form_templates(&self) -> ListDealFormTemplates {
        ListDealFormTemplates::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("deals/form-templates")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /deals`.
    pub struct ListDeals => Deal {
        /// Only deals created at or after this time.
        fn min_created(time) = "min_created";
        /// Only deals created before this time.
        fn max_created(time) = "max_created";
        /// Only deals updated at or after this time (incremental sync).
        fn min_updated(time) = "min_updated";
        /// Only deals updated before this time.
        fn max_updated(time) = "max_updated";
        /// Only deals in this group (the group name with spaces and special characters removed).
        fn group(str) = "group";
        /// Only deals of this partner.
        fn partner_key(str) = "partner_key";
        /// Only deals of these customers (repeated `customer_key`).
        fn customer_keys(each) = "customer_key";
    }
}

list_builder! {
    /// The list builder of `GET /deals/form-templates`.
    pub struct ListDealFormTemplates => FormTemplate {
        /// Only templates of this group.
        fn group_key(str) = "group_key";
        /// Only this template (mold).
        fn mold_key(str) = "mold_key";
        /// Only templates available to this partner.
        fn partner_key(str) = "partner_key";
    }
}

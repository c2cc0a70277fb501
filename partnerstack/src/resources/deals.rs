//! `client.deals()`: deals registered by partners or vendors.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{
    Conversion, Customer, Deal, DealFile, DealFileUrl, DealFiles, FormTemplate, NewDeal, UpdateDeal,
};

/// Deal endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Deals {
    http: affiliate_common::Client,
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

    /// Retrieves a deal by key (or external key).
    ///
    /// `GET /deals/{deal_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let deal_key = client.deals().list().send().await?.items[0].key.clone();
    /// let d = client.deals().get(&deal_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Deal> {
        data(&self.http, Request::get(one(key)?)).await
    }

    /// Creates a deal.
    ///
    /// `POST /deals`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::NewDeal;
    /// let d = client
    ///     .deals()
    ///     .create(&NewDeal::new().partner_key("ada-lovelace").account_name("Acme").amount(1_000_000))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewDeal) -> Result<Deal> {
        data(&self.http, Request::post(ApiPath::new("deals")).json(body)?).await
    }

    /// Updates a deal; omitted fields are unchanged.
    ///
    /// `PATCH /deals/{deal_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let deal_key = client.deals().list().send().await?.items[0].key.clone();
    /// use partnerstack::UpdateDeal;
    /// client.deals().update(&deal_key, &UpdateDeal::new().stage("closed_won")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update(&self, key: &str, body: &UpdateDeal) -> Result<Deal> {
        data(&self.http, Request::patch(one(key)?).json(body)?).await
    }

    /// Archives a deal.
    ///
    /// `DELETE /deals/{deal_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let deal_key = client.deals().list().send().await?.items[0].key.clone();
    /// client.deals().archive(&deal_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn archive(&self, key: &str) -> Result<()> {
        empty(&self.http, Request::delete(one(key)?)).await
    }

    /// Converts a deal into a customer.
    ///
    /// `POST /deals/{deal_key}/convert`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let deal_key = client.deals().list().send().await?.items[0].key.clone();
    /// use partnerstack::Conversion;
    /// let c = client.deals().convert(&deal_key, &Conversion::new("buyer@acme.com")).await?;
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

    /// Gets a download URL for one file of a deal.
    ///
    /// `GET /deals/{deal_key}/file/{file_key}`. The generated SDK this path
    /// comes from calls it without the `/v2` prefix; this client keeps the
    /// prefix like every other endpoint (most likely a documentation quirk).
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// let f = client.deals().file("deal_123", "file_1").await?;
    /// println!("{:?}", f.url);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown deal
    /// or file, and transport errors.
    pub async fn file(&self, key: &str, file_key: &str) -> Result<DealFileUrl> {
        let path = one(key)?.lit("file").param("file_key", file_key)?;
        data(&self.http, Request::get(path)).await
    }

    /// Assigns a partnership (and its team member, by stack key) to a deal.
    ///
    /// `POST /deals/{deal_key}/assignment/{partnership_key}/{stack_key}`; the
    /// response is an empty envelope. As for [`Deals::file`], the `/v2`
    /// prefix is kept although the generated SDK omits it.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// client.deals().assign("deal_123", "part_1", "stck_1").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn assign(&self, key: &str, partnership_key: &str, stack_key: &str) -> Result<()> {
        let path = one(key)?
            .lit("assignment")
            .param("partnership_key", partnership_key)?
            .param("stack_key", stack_key)?;
        empty(&self.http, Request::post(path)).await
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

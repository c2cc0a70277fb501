//! `client.tiers()`: tiers and tier collections.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, list_builder};
use crate::models::{
    NewTier, NewTierCollection, Tier, TierCollection, UpdateTier, UpdateTierCollection,
};

/// Tier endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Tiers {
    http: affiliate_common::Client,
}

fn tier(key: &str) -> Result<ApiPath> {
    ApiPath::new("tiers").param("tier_key", key)
}

fn collection(key: &str) -> Result<ApiPath> {
    ApiPath::new("tiers/collection").param("collection_key", key)
}

impl Tiers {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Tiers { http }
    }

    /// Lists tiers.
    ///
    /// `GET /tiers`: `data.items` holds the tiers, `data.has_more` ends the
    /// stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let tiers = client.tiers().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListTiers {
        ListTiers::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("tiers")),
        ))
    }

    /// Retrieves a tier.
    ///
    /// `GET /tiers/{tier_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let tier_key = client.tiers().list().send().await?.items[0].key.clone();
    /// let t = client.tiers().get(&tier_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Tier> {
        data(&self.http, Request::get(tier(key)?)).await
    }

    /// Creates a tier in a collection.
    ///
    /// `POST /tiers`.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::NewTier;
    /// let t = client.tiers().create(&NewTier::new("tcol_1", "Gold")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewTier) -> Result<Tier> {
        data(&self.http, Request::post(ApiPath::new("tiers")).json(body)?).await
    }

    /// Updates a tier.
    ///
    /// `PATCH /tiers/{tier_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let tier_key = client.tiers().list().send().await?.items[0].key.clone();
    /// use partnerstack::UpdateTier;
    /// client.tiers().update(&tier_key, &UpdateTier::new().name("Platinum")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update(&self, key: &str, body: &UpdateTier) -> Result<Tier> {
        data(&self.http, Request::patch(tier(key)?).json(body)?).await
    }

    /// Lists tier collections.
    ///
    /// `GET /tiers/collection`: `data.items` holds the collections,
    /// `data.has_more` ends the stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let cols = client.tiers().list_collections().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list_collections(&self) -> ListTierCollections {
        ListTierCollections::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("tiers/collection")),
        ))
    }

    /// Retrieves a tier collection.
    ///
    /// `GET /tiers/collection/{collection_key}`.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// let c = client.tiers().get_collection("tcol_1").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get_collection(&self, key: &str) -> Result<TierCollection> {
        data(&self.http, Request::get(collection(key)?)).await
    }

    /// Creates a tier collection.
    ///
    /// `POST /tiers/collection`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::NewTierCollection;
    /// let c = client.tiers().create_collection(&NewTierCollection::new("Reseller ladder")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create_collection(&self, body: &NewTierCollection) -> Result<TierCollection> {
        data(
            &self.http,
            Request::post(ApiPath::new("tiers/collection")).json(body)?,
        )
        .await
    }

    /// Updates a tier collection.
    ///
    /// `PATCH /tiers/collection/{collection_key}`.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::UpdateTierCollection;
    /// client.tiers().update_collection("tcol_1", &UpdateTierCollection::new().name("Ladder")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update_collection(
        &self,
        key: &str,
        body: &UpdateTierCollection,
    ) -> Result<TierCollection> {
        data(&self.http, Request::patch(collection(key)?).json(body)?).await
    }
}

list_builder! {
    /// The list builder of `GET /tiers`.
    pub struct ListTiers => Tier {
        /// Only tiers of this collection.
        fn collection_key(str) = "collection_key";
    }
}

list_builder! {
    /// The list builder of `GET /tiers/collection`.
    pub struct ListTierCollections => TierCollection {}
}

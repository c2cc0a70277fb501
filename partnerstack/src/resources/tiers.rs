//! `client.tiers()`: tiers and tier collections.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{Tier, TierCollection};

/// Tier endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Tiers {
    pub(crate) http: affiliate_common::Client,
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

//! `client.webhooks()`: webhook subscriptions. Event payloads are parsed
//! by [`crate::webhooks`].

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::Webhook;

/// Webhook endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/docs/partnerstack-webhooks)
#[derive(Debug, Clone)]
pub struct Webhooks {
    pub(crate) http: affiliate_common::Client,
}

impl Webhooks {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Webhooks { http }
    }

    /// Lists webhook subscriptions.
    ///
    /// `GET /webhooks`: `data.items` holds the webhooks, `data.has_more` ends
    /// the stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let hooks = client.webhooks().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListWebhooks {
        ListWebhooks::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("webhooks")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /webhooks`.
    pub struct ListWebhooks => Webhook {}
}

//! `client.webhooks()`: webhook subscriptions. Event payloads are parsed
//! by [`crate::webhooks`].

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{NewWebhook, UpdateWebhook, Webhook};

/// Webhook endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/docs/partnerstack-webhooks)
#[derive(Debug, Clone)]
pub struct Webhooks {
    http: affiliate_common::Client,
}

fn one(key: &str) -> Result<ApiPath> {
    ApiPath::new("webhooks").param("webhook_key", key)
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

    /// Retrieves a webhook subscription.
    ///
    /// `GET /webhooks/{webhook_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let webhook_key = client.webhooks().list().send().await?.items[0].key.clone();
    /// let w = client.webhooks().get(&webhook_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Webhook> {
        data(&self.http, Request::get(one(key)?)).await
    }

    /// Subscribes a URL to events.
    ///
    /// `POST /webhooks`. The body's field names are unverified; see [`NewWebhook`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::NewWebhook;
    /// let body = NewWebhook::new("https://example.com/hooks/ps").events(["partnership.created"]);
    /// let w = client.webhooks().create(&body).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewWebhook) -> Result<Webhook> {
        data(
            &self.http,
            Request::post(ApiPath::new("webhooks")).json(body)?,
        )
        .await
    }

    /// Updates a webhook subscription.
    ///
    /// `PATCH /webhooks/{webhook_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let webhook_key = client.webhooks().list().send().await?.items[0].key.clone();
    /// use partnerstack::UpdateWebhook;
    /// client.webhooks().update(&webhook_key, &UpdateWebhook::new().events(["customer.created"])).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update(&self, key: &str, body: &UpdateWebhook) -> Result<Webhook> {
        data(&self.http, Request::patch(one(key)?).json(body)?).await
    }

    /// Archives a webhook subscription.
    ///
    /// `DELETE /webhooks/{webhook_key}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let webhook_key = client.webhooks().list().send().await?.items[0].key.clone();
    /// client.webhooks().delete(&webhook_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn delete(&self, key: &str) -> Result<()> {
        empty(&self.http, Request::delete(one(key)?)).await
    }
}

list_builder! {
    /// The list builder of `GET /webhooks`.
    pub struct ListWebhooks => Webhook {}
}

//! `client.rewards()`: commissions earned by partners.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, list_builder};
use crate::models::{NewReward, OrderBy, PaymentStatus, Reward, RewardStatus};

/// Reward endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Rewards {
    http: affiliate_common::Client,
}

impl Rewards {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Rewards { http }
    }

    /// Lists rewards, newest first. Rewards have no `updated_at` filter;
    /// sync them by `min_created`.
    ///
    /// `GET /rewards`: `data.items` holds the rewards, `data.has_more` ends
    /// the stream when `false`, `data.total` counts them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::PaymentStatus;
    /// let ready = client.rewards().list().payment_status(PaymentStatus::Available).collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListRewards {
        ListRewards::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("rewards")),
        ))
    }

    /// Creates a reward. `amount` is in integer cents.
    ///
    /// `POST /rewards`. The sources disagree on the body; see [`NewReward`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let customer_key = client.customers().list().send().await?.items[0].key.clone();
    /// use partnerstack::NewReward;
    /// let r = client.rewards().create(&NewReward::for_customer(&customer_key, 2_500, "Onboarding bonus")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 or 404 when the API
    /// rejects the body or the target, and transport errors. Not retried
    /// once it may have reached the server.
    pub async fn create(&self, body: &NewReward) -> Result<Reward> {
        data(
            &self.http,
            Request::post(ApiPath::new("rewards")).json(body)?,
        )
        .await
    }
}

list_builder! {
    /// The list builder of `GET /rewards`.
    pub struct ListRewards => Reward {
        /// Only rewards created at or after this time.
        fn min_created(time) = "min_created";
        /// Only rewards created before this time.
        fn max_created(time) = "max_created";
        /// Sort order: `created_at`, `amount`, `ready_at`, with `-` for descending.
        fn order_by(value: OrderBy) = "order_by";
        /// Only rewards with this payment status.
        fn payment_status(value: PaymentStatus) = "payment_status";
        /// Only rewards with this review status.
        fn status(value: RewardStatus) = "status";
        /// Only rewards of this vendor company.
        fn company_key(str) = "company_key";
        /// Only rewards of partners in this group.
        fn group_key(str) = "group_key";
        /// Only rewards for this customer.
        fn customer_key(str) = "customer_key";
        /// Only rewards paid with this invoice.
        fn invoice_key(str) = "invoice_key";
        /// Keyword search.
        fn keywords(str) = "keywords";
    }
}

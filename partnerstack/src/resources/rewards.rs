//! `client.rewards()`: commissions earned by partners.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{OrderBy, PaymentStatus, Reward, RewardStatus};

/// Reward endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Rewards {
    pub(crate) http: affiliate_common::Client,
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

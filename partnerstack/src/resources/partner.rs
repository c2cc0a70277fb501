//! Partner-API handlers (`PartnerClient`): what a partner sees of its own
//! programs. All lists page like the vendor lists.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{
    Action, MarketplaceProgram, OrderBy, PartnerCustomer, PartnerPartnership, PaymentStatus,
    Payout, Reward, RewardStatus, Transaction,
};

macro_rules! handler {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone)]
        pub struct $name {
            pub(crate) http: affiliate_common::Client,
        }

        impl $name {
            pub(crate) fn new(http: affiliate_common::Client) -> Self {
                $name { http }
            }
        }
    };
}

handler! {
    /// The partner's partnerships.
    /// [Docs](https://docs.partnerstack.com/docs/partner-api)
    PartnerPartnerships
}

impl PartnerPartnerships {
    /// Lists the partner's partnerships (one per program).
    ///
    /// `GET /partnerships` with the partner's key: `data.items` holds the
    /// partnerships, `data.has_more` ends the stream, `data.total` counts them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let partner = running.partner.clone();
    /// let mine = partner.partnerships().list().include_offers(true).collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartnerPartnerships {
        ListPartnerPartnerships::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("partnerships")),
        ))
    }
}

list_builder! {
    /// The list builder of the partner API's `GET /partnerships`.
    pub struct ListPartnerPartnerships => PartnerPartnership {
        /// Sort order: `created_at`, `updated_at`, with `-` for descending.
        fn order_by(value: OrderBy) = "order_by";
        /// Only partnerships that track (or do not track) sub ids.
        fn has_sub_id(bool) = "has_sub_id";
        /// Include each partnership's offers.
        fn include_offers(bool) = "include_offers";
        /// Include archived partnerships.
        fn include_archived(bool) = "include_archived";
    }
}

handler! {
    /// Customers the partner referred.
    /// [Docs](https://docs.partnerstack.com/docs/partner-api)
    PartnerCustomers
}

impl PartnerCustomers {
    /// Lists the partner's customers.
    ///
    /// `GET /customers` with the partner's key: `data.items`, `data.has_more`
    /// (ends the stream), `data.total`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let partner = running.partner.clone();
    /// let customers = partner.customers().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartnerCustomers {
        ListPartnerCustomers::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("customers")),
        ))
    }
}

list_builder! {
    /// The list builder of the partner API's `GET /customers`.
    pub struct ListPartnerCustomers => PartnerCustomer {
        /// Only customers created at or after this time.
        fn min_created(time) = "min_created";
        /// Only customers created before this time.
        fn max_created(time) = "max_created";
        /// Sort order: `created_at` or `-created_at`.
        fn order_by(value: OrderBy) = "order_by";
    }
}

handler! {
    /// Transactions of the partner's customers.
    /// [Docs](https://docs.partnerstack.com/docs/partner-api)
    PartnerTransactions
}

impl PartnerTransactions {
    /// Lists the transactions of the partner's customers.
    ///
    /// `GET /transactions` with the partner's key: `data.items`,
    /// `data.has_more` (ends the stream), `data.total`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let partner = running.partner.clone();
    /// let txns = partner.transactions().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartnerTransactions {
        ListPartnerTransactions::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("transactions")),
        ))
    }
}

list_builder! {
    /// The list builder of the partner API's `GET /transactions`.
    pub struct ListPartnerTransactions => Transaction {
        /// Only transactions created at or after this time.
        fn min_created(time) = "min_created";
        /// Only transactions created before this time.
        fn max_created(time) = "max_created";
        /// Sort order: `created_at` or `-created_at`.
        fn order_by(value: OrderBy) = "order_by";
    }
}

handler! {
    /// The partner's rewards.
    /// [Docs](https://docs.partnerstack.com/docs/partner-api)
    PartnerRewards
}

impl PartnerRewards {
    /// Lists the partner's rewards.
    ///
    /// `GET /rewards` with the partner's key: `data.items`, `data.has_more`
    /// (ends the stream), `data.total`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let partner = running.partner.clone();
    /// use partnerstack::PaymentStatus;
    /// let paid = partner.rewards().list().payment_status(PaymentStatus::Withdrawn).collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartnerRewards {
        ListPartnerRewards::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("rewards")),
        ))
    }
}

list_builder! {
    /// The list builder of the partner API's `GET /rewards`.
    pub struct ListPartnerRewards => Reward {
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
        /// Only rewards for this customer.
        fn customer_key(str) = "customer_key";
        /// Leave out drip rewards.
        fn exclude_drip_rewards(bool) = "exclude_drip_rewards";
        /// Leave out archived rewards.
        fn hide_archived_rewards(bool) = "hide_archived_rewards";
        /// Only rewards with this description.
        fn description(str) = "description";
        /// Drip rewards only with (`false`) or without (`true`) an invoice
        /// line attached.
        fn empty_line_id(bool) = "empty_line_id";
        /// One reward per distinct description.
        fn distinct_description(bool) = "distinct_description";
        /// One reward per distinct decline reason.
        fn distinct_decline_reason(bool) = "distinct_decline_reason";
    }
}

handler! {
    /// Actions credited to the partner.
    /// [Docs](https://docs.partnerstack.com/docs/partner-api)
    PartnerActions
}

impl PartnerActions {
    /// Lists actions credited to the partner.
    ///
    /// `GET /actions` with the partner's key: `data.items`, `data.has_more`
    /// (ends the stream), `data.total`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let partner = running.partner.clone();
    /// let actions = partner.actions().list().customer_key("cus_123").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartnerActions {
        ListPartnerActions::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("actions")),
        ))
    }
}

list_builder! {
    /// The list builder of the partner API's `GET /actions`.
    pub struct ListPartnerActions => Action {
        /// Only actions created at or after this time.
        fn min_created(time) = "min_created";
        /// Only actions created before this time.
        fn max_created(time) = "max_created";
        /// Only actions of this customer.
        fn customer_key(str) = "customer_key";
        /// Sort order.
        fn order_by(value: OrderBy) = "order_by";
    }
}

handler! {
    /// Payouts sent to the partner.
    /// [Docs](https://docs.partnerstack.com/docs/partner-api)
    Payouts
}

impl Payouts {
    /// Lists payouts.
    ///
    /// `GET /payouts`: `data.items`, `data.has_more` (ends the stream),
    /// `data.total`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let partner = running.partner.clone();
    /// let payouts = partner.payouts().list().collect_all().await?;
    /// let cents: i64 = payouts.iter().filter_map(|p| p.amount).sum();
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPayouts {
        ListPayouts::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("payouts")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /payouts`.
    pub struct ListPayouts => Payout {
        /// Only payouts created at or after this time.
        fn min_created(time) = "min_created";
        /// Only payouts created before this time.
        fn max_created(time) = "max_created";
        /// Sort order: `created_at` or `-created_at`.
        fn order_by(value: OrderBy) = "order_by";
    }
}

handler! {
    /// The PartnerStack marketplace.
    /// [Docs](https://docs.partnerstack.com/docs/partner-api)
    Marketplace
}

impl Marketplace {
    /// Lists active marketplace programs.
    ///
    /// `GET /marketplace/programs`: `data.items`, `data.has_more` (ends the
    /// stream), `data.total`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let partner = running.partner.clone();
    /// let saas = partner.marketplace().list().category("saas").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListMarketplacePrograms {
        ListMarketplacePrograms::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("marketplace/programs")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /marketplace/programs`.
    pub struct ListMarketplacePrograms => MarketplaceProgram {
        /// Only programs created at or after this time.
        fn min_created(time) = "min_created";
        /// Only programs created before this time.
        fn max_created(time) = "max_created";
        /// Only programs in this category.
        fn category(str) = "category";
    }
}

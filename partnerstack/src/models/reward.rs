//! Rewards: commissions earned by partners.

use serde::{Deserialize, Serialize};

affiliate_common::open_enum! {
    /// The review status of a reward (`reward_status`).
    pub enum RewardStatus {
        /// Held (inside the hold period).
        Hold = "hold",
        /// Pending approval.
        Pending = "pending",
        /// Approved.
        Approved = "approved",
        /// Declined.
        Declined = "declined",
        /// Paid out.
        Paid = "paid",
    }
}

affiliate_common::open_enum! {
    /// The payment status of a reward (the `payment_status` filter).
    pub enum PaymentStatus {
        /// Ready to be paid.
        Available = "available",
        /// Being paid.
        InTransit = "in_transit",
        /// Withdrawn by the partner.
        Withdrawn = "withdrawn",
        /// Paid outside PartnerStack.
        PaidExternally = "paid_externally",
        /// Expired.
        Expired = "expired",
        /// The payment failed.
        Failed = "failed",
        /// Being merged into a payout.
        Merging = "merging",
        /// Paid, then refunded (partner API).
        PaidAndRefunded = "paid_and_refunded",
    }
}

affiliate_common::open_enum! {
    /// The status of the invoice behind a reward.
    pub enum InvoiceStatus {
        /// Pending.
        Pending = "pending",
        /// Flagged for review.
        Flagged = "flagged",
        /// Approved.
        Approved = "approved",
        /// The charge is queued.
        ChargeQueued = "charge_queued",
        /// The charge is pending.
        ChargePending = "charge_pending",
        /// The charge was cancelled.
        ChargeCancelled = "charge_cancelled",
        /// The charge failed.
        ChargeFailed = "charge_failed",
        /// The charge succeeded.
        ChargeSucceeded = "charge_succeeded",
    }
}

model! {
    /// A reward.
    pub struct Reward keyed {
        /// The amount in integer cents (USD).
        amount: int,
        /// The 3-letter ISO currency code, when sent.
        currency: str,
        /// What the reward is for.
        description: str,
        /// The review status.
        reward_status: opt(RewardStatus),
        /// The payment status, when sent.
        payment_status: opt(PaymentStatus),
        /// The action that triggered the reward.
        action: opt(RewardAction),
        /// The customer the reward is for.
        customer: opt(RewardCustomer),
        /// The invoice the reward is paid with.
        invoice: opt(RewardInvoice),
        /// The offer the reward comes from.
        offer: opt(RewardOffer),
        /// The partnership credited.
        partnership: opt(RewardPartnership),
        /// The transaction the reward comes from.
        transaction: opt(RewardTransaction),
        /// The trigger that created the reward.
        trigger: opt(RewardTrigger),
        /// Partner API: when the reward becomes payable.
        ready_at: time,
        /// Why the reward was declined.
        decline_reason: str,
        /// Whether the reward is archived.
        archived: bool,
    }
}

model! {
    /// The action behind a reward.
    pub struct RewardAction {
        /// The action key.
        key: str,
        /// The action type.
        #[serde(rename = "type")]
        kind: str,
        /// The action's value.
        value: int,
    }
}

model! {
    /// The customer of a reward.
    pub struct RewardCustomer {
        /// The customer key.
        key: str,
        /// Email address.
        email: str,
        /// Name.
        name: str,
        /// Your external key for the customer.
        external_key: str,
    }
}

model! {
    /// The invoice of a reward.
    pub struct RewardInvoice {
        /// The invoice key.
        key: str,
        /// When the invoice was paid.
        payment_date: time,
        /// The invoice status.
        status: opt(InvoiceStatus),
    }
}

model! {
    /// The offer of a reward.
    pub struct RewardOffer {
        /// The offer key.
        key: str,
        /// The offer's description.
        description: str,
    }
}

model! {
    /// The partnership of a reward.
    pub struct RewardPartnership {
        /// The partnership key.
        key: str,
        /// The group, as a name or an object.
        group: either,
        /// The partner's name.
        name: str,
    }
}

model! {
    /// The transaction of a reward.
    pub struct RewardTransaction {
        /// The transaction key.
        key: str,
        /// The amount in integer cents of `currency`.
        amount: int,
        /// The currency.
        currency: str,
    }
}

model! {
    /// The trigger of a reward.
    pub struct RewardTrigger {
        /// The trigger key.
        key: str,
    }
}

affiliate_common::open_enum! {
    /// What a new reward is attached to.
    pub enum RewardTargetType {
        /// A customer.
        Customer = "customer",
        /// A transaction.
        Transaction = "transaction",
        /// A partnership.
        Partnership = "partnership",
    }
}

/// The target of a new reward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RewardTarget {
    /// The target's key.
    pub key: String,
    /// The target's type.
    #[serde(rename = "type")]
    pub kind: RewardTargetType,
}

/// The body of `POST /rewards`.
///
/// The sources disagree on this body: the documented-looking form targets a
/// customer or transaction (`target: {key, type}`); a thin client sends
/// `partner_key` and `currency` instead. Both forms are available; fields
/// left unset are not sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewReward {
    /// The amount in integer cents (USD unless `currency` says otherwise).
    pub amount: i64,
    /// What the reward is for.
    pub description: String,
    /// The customer or transaction the reward is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<RewardTarget>,
    /// The partner to reward directly (alternative form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_key: Option<String>,
    /// The currency (alternative form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

impl NewReward {
    fn base(amount: i64, description: impl Into<String>) -> Self {
        NewReward {
            amount,
            description: description.into(),
            target: None,
            partner_key: None,
            currency: None,
        }
    }

    /// A reward of `amount` cents for the customer `customer_key`.
    pub fn for_customer(
        customer_key: impl Into<String>,
        amount: i64,
        description: impl Into<String>,
    ) -> Self {
        let mut r = Self::base(amount, description);
        r.target = Some(RewardTarget {
            key: customer_key.into(),
            kind: RewardTargetType::Customer,
        });
        r
    }

    /// A reward of `amount` cents for the transaction `transaction_key`.
    pub fn for_transaction(
        transaction_key: impl Into<String>,
        amount: i64,
        description: impl Into<String>,
    ) -> Self {
        let mut r = Self::base(amount, description);
        r.target = Some(RewardTarget {
            key: transaction_key.into(),
            kind: RewardTargetType::Transaction,
        });
        r
    }

    /// A reward of `amount` cents straight to the partner `partner_key`
    /// (the alternative, unverified form).
    pub fn for_partner(
        partner_key: impl Into<String>,
        amount: i64,
        description: impl Into<String>,
    ) -> Self {
        let mut r = Self::base(amount, description);
        r.partner_key = Some(partner_key.into());
        r
    }

    /// Sets the currency.
    pub fn currency(mut self, currency: impl Into<String>) -> Self {
        self.currency = Some(currency.into());
        self
    }
}

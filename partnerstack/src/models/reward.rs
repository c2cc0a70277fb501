//! Rewards: the constructors of the generated [`NewReward`] body, one per
//! form the sources describe.

use super::{NewReward, RewardTarget, RewardTargetType};

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
        r.target = Some(RewardTarget::new(customer_key, RewardTargetType::Customer));
        r
    }

    /// A reward of `amount` cents for the transaction `transaction_key`.
    pub fn for_transaction(
        transaction_key: impl Into<String>,
        amount: i64,
        description: impl Into<String>,
    ) -> Self {
        let mut r = Self::base(amount, description);
        r.target = Some(RewardTarget::new(
            transaction_key,
            RewardTargetType::Transaction,
        ));
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

//! Transactions: the constructor and checks of the generated
//! [`NewTransaction`] body (exactly one customer reference).

use serde_json::{Map, Value};

use affiliate_common::{Error, UnixTime};

use super::NewTransaction;

/// Which customer a new transaction belongs to: exactly one of the three.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CustomerRef {
    /// The customer's PartnerStack key (`cus_…`).
    Key(String),
    /// Your external key, the `customer_key` given when the customer was created.
    ExternalKey(String),
    /// The customer's email.
    Email(String),
}

/// The amount range `POST /transactions` accepts.
pub const TRANSACTION_AMOUNT_RANGE: std::ops::RangeInclusive<i64> =
    -50_000_000_000..=50_000_000_000;

impl NewTransaction {
    /// A transaction of `amount` integer cents of `currency` for `customer`.
    ///
    /// ```
    /// use partnerstack::{CustomerRef, NewTransaction};
    ///
    /// let t = NewTransaction::new(CustomerRef::Email("ada@example.com".into()), 4_900, "USD")
    ///     .key("inv_2024_0001")
    ///     .product_key("pro-annual");
    /// assert_eq!(t.amount, 4_900);
    /// ```
    pub fn new(customer: CustomerRef, amount: i64, currency: impl Into<String>) -> Self {
        let mut t = NewTransaction {
            customer_key: None,
            customer_external_key: None,
            customer_email: None,
            amount,
            currency: currency.into(),
            key: None,
            category_key: None,
            product_key: None,
            metadata: None,
            test: None,
            created_at: None,
        };
        match customer {
            CustomerRef::Key(k) => t.customer_key = Some(k),
            CustomerRef::ExternalKey(k) => t.customer_external_key = Some(k),
            CustomerRef::Email(e) => t.customer_email = Some(e),
        }
        t
    }

    /// Sets your unique key for the transaction.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sets the product category.
    pub fn category_key(mut self, key: impl Into<String>) -> Self {
        self.category_key = Some(key.into());
        self
    }

    /// Sets the product.
    pub fn product_key(mut self, key: impl Into<String>) -> Self {
        self.product_key = Some(key.into());
        self
    }

    /// Sets the metadata.
    pub fn metadata(mut self, metadata: Map<String, Value>) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Marks the transaction as a test.
    pub fn test(mut self, test: bool) -> Self {
        self.test = Some(test);
        self
    }

    /// Sets when the transaction happened.
    pub fn created_at(mut self, at: UnixTime) -> Self {
        self.created_at = Some(
            at.with_unit(affiliate_common::time::TimeUnit::Millis)
                .into(),
        );
        self
    }

    /// Checks what the API documents before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        let refs = [
            &self.customer_key,
            &self.customer_external_key,
            &self.customer_email,
        ]
        .iter()
        .filter(|r| r.is_some())
        .count();
        if refs != 1 {
            return Err(Error::invalid_input(
                "a transaction needs exactly one of customer_key, customer_external_key or customer_email",
            ));
        }
        if !TRANSACTION_AMOUNT_RANGE.contains(&self.amount) {
            return Err(Error::invalid_input(format!(
                "transaction amount {} is outside -50,000,000,000..=50,000,000,000 cents",
                self.amount
            )));
        }
        if self.currency.chars().count() != 3 {
            return Err(Error::invalid_input(format!(
                "currency must be a 3-letter ISO code, got {:?}",
                self.currency
            )));
        }
        if self.metadata.as_ref().is_some_and(|m| m.len() > 25) {
            return Err(Error::invalid_input(
                "transaction metadata holds at most 25 attributes",
            ));
        }
        Ok(())
    }
}

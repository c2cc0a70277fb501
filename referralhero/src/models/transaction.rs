//! Transactions: write-only records of purchases that earn rewards.

use affiliate_common::{Error, Result};
use serde::Serialize;

use super::Identifier;

/// The most transactions one bulk call accepts.
pub const MAX_BULK_TRANSACTIONS: usize = 500;

/// One transaction (`POST /lists/:uuid/subscribers/add_transactions`, or an
/// entry of a bulk call).
///
/// ```
/// use referralhero::models::{Identifier, Transaction};
///
/// let t = Transaction::new(Identifier::email("ada@example.com"), 49.9).transaction_id("ord_1");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Transaction {
    /// Who made the purchase.
    #[serde(flatten)]
    pub identifier: Identifier,
    /// The amount (campaign currency units).
    pub amount: f64,
    /// The transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The product id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The subscriber's lifetime spend (campaign currency units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_spend: Option<f64>,
    /// The reward value (campaign currency units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reward_value: Option<f64>,
}

impl Transaction {
    /// A purchase of `amount` by the subscriber known by `identifier`.
    pub fn new(identifier: Identifier, amount: f64) -> Self {
        Transaction {
            identifier,
            amount,
            transaction_id: None,
            product_id: None,
            lifetime_spend: None,
            reward_value: None,
        }
    }

    /// Checks the identifier and the amount.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty identifier or a non-finite amount.
    pub fn validate(&self) -> Result<()> {
        self.identifier.validate()?;
        if !self.amount.is_finite() {
            return Err(Error::invalid_input(
                "the transaction amount must be a finite number",
            ));
        }
        Ok(())
    }
}

super::setters!(Transaction {
    /// Sets the transaction id.
    transaction_id: String,
    /// Sets the product id.
    product_id: String,
    /// Sets the lifetime spend (campaign currency units).
    lifetime_spend: f64,
    /// Sets the reward value (campaign currency units).
    reward_value: f64,
});

/// The body of `POST /lists/:uuid/subscribers/add_bulk_transactions`: at
/// most [`MAX_BULK_TRANSACTIONS`] transactions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BulkTransactions {
    /// The transactions.
    pub transactions: Vec<Transaction>,
}

impl BulkTransactions {
    /// Checks the batch: 1 to 500 transactions, each valid.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty or oversized batch, or naming
    /// the first invalid transaction.
    pub fn new(transactions: Vec<Transaction>) -> Result<Self> {
        if transactions.is_empty() {
            return Err(Error::invalid_input(
                "a bulk transaction call needs at least one transaction",
            ));
        }
        if transactions.len() > MAX_BULK_TRANSACTIONS {
            return Err(Error::invalid_input(format!(
                "a bulk transaction call takes at most {MAX_BULK_TRANSACTIONS} transactions, got {}; split the batch",
                transactions.len()
            )));
        }
        for (i, t) in transactions.iter().enumerate() {
            t.validate().map_err(|e| match e {
                Error::InvalidInput { message } => {
                    Error::invalid_input(format!("transaction {i}: {message}"))
                }
                other => other,
            })?;
        }
        Ok(BulkTransactions { transactions })
    }
}

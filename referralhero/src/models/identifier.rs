//! The unique identifier a campaign uses for its subscribers.

use affiliate_common::{Error, Result};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Whichever unique identifier the campaign uses. Calls that create, track
/// or confirm a subscriber take exactly one, so the API never receives two
/// conflicting identifiers.
///
/// It is sent as one body field: `email`, `phone_number`,
/// `crypto_wallet_address` or `other_identifier_value`.
///
/// ```
/// use referralhero::models::Identifier;
///
/// let id = Identifier::email("ada@example.com");
/// assert_eq!(serde_json::to_value(&id).unwrap(), serde_json::json!({"email": "ada@example.com"}));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Identifier {
    /// `email`.
    Email(String),
    /// `phone_number`.
    PhoneNumber(String),
    /// `crypto_wallet_address`.
    CryptoWalletAddress(String),
    /// `other_identifier_value` (a customer id of the caller's own system).
    Other(String),
}

impl Identifier {
    /// An email address.
    pub fn email(v: impl Into<String>) -> Self {
        Identifier::Email(v.into())
    }

    /// A phone number.
    pub fn phone_number(v: impl Into<String>) -> Self {
        Identifier::PhoneNumber(v.into())
    }

    /// A crypto wallet address.
    pub fn crypto_wallet_address(v: impl Into<String>) -> Self {
        Identifier::CryptoWalletAddress(v.into())
    }

    /// Another identifier value.
    pub fn other(v: impl Into<String>) -> Self {
        Identifier::Other(v.into())
    }

    /// The body field this identifier is sent in.
    pub fn field(&self) -> &'static str {
        match self {
            Identifier::Email(_) => "email",
            Identifier::PhoneNumber(_) => "phone_number",
            Identifier::CryptoWalletAddress(_) => "crypto_wallet_address",
            Identifier::Other(_) => "other_identifier_value",
        }
    }

    /// The value, trimmed.
    pub fn value(&self) -> &str {
        match self {
            Identifier::Email(v)
            | Identifier::PhoneNumber(v)
            | Identifier::CryptoWalletAddress(v)
            | Identifier::Other(v) => v.trim(),
        }
    }

    /// Rejects an empty value before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field.
    pub fn validate(&self) -> Result<()> {
        if self.value().is_empty() {
            return Err(Error::invalid_input(format!(
                "the identifier `{}` must not be empty",
                self.field()
            )));
        }
        if let Identifier::Email(v) = self
            && !v.contains('@')
        {
            return Err(Error::invalid_input(
                "the identifier `email` must be an email address (no `@` found)",
            ));
        }
        Ok(())
    }
}

impl Serialize for Identifier {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.field(), self.value())?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_field_each() {
        for (id, key) in [
            (Identifier::email("a@b.c"), "email"),
            (Identifier::phone_number("+1 555"), "phone_number"),
            (
                Identifier::crypto_wallet_address("0xabc"),
                "crypto_wallet_address",
            ),
            (Identifier::other("cust-1"), "other_identifier_value"),
        ] {
            let v = serde_json::to_value(&id).unwrap();
            assert_eq!(v.as_object().unwrap().len(), 1);
            assert!(v.get(key).is_some(), "{v}");
            id.validate().unwrap();
        }
        assert!(matches!(
            Identifier::email("  ").validate(),
            Err(Error::InvalidInput { .. })
        ));
        assert!(matches!(
            Identifier::email("nope").validate(),
            Err(Error::InvalidInput { .. })
        ));
    }
}

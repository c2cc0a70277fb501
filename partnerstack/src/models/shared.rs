//! Hand-written shared types: values whose type the sources disagree on,
//! and the sort order of lists.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A value that some sources send as a string and others as an object
/// (deal `account_name`, transaction `product_key`): both decode.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StringOrObject {
    /// The documented form: a plain string.
    String(String),
    /// An object (as Airbyte's schemas type these fields).
    Object(Map<String, Value>),
    /// Any other JSON value (a number, a list), kept as sent.
    Other(Value),
}

impl StringOrObject {
    /// The text: the string itself, or the object's `key`, `name` or
    /// `value` string field.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            StringOrObject::String(s) => Some(s),
            StringOrObject::Object(m) => ["key", "name", "value"]
                .iter()
                .find_map(|k| m.get(*k).and_then(Value::as_str)),
            StringOrObject::Other(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for StringOrObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => StringOrObject::String(s),
            Value::Object(m) => StringOrObject::Object(m),
            other => StringOrObject::Other(other),
        })
    }
}

impl Serialize for StringOrObject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StringOrObject::String(v) => s.serialize_str(v),
            StringOrObject::Object(m) => m.serialize(s),
            StringOrObject::Other(v) => v.serialize(s),
        }
    }
}

impl From<&str> for StringOrObject {
    fn from(s: &str) -> Self {
        StringOrObject::String(s.to_owned())
    }
}

impl From<String> for StringOrObject {
    fn from(s: String) -> Self {
        StringOrObject::String(s)
    }
}

affiliate_common::open_enum! {
    /// A sort order for lists (`-` means descending). Which values a list
    /// accepts depends on the endpoint; the API's default is `-created_at`.
    pub enum OrderBy {
        /// Oldest first.
        CreatedAt = "created_at",
        /// Newest first.
        CreatedAtDesc = "-created_at",
        /// Least recently updated first.
        UpdatedAt = "updated_at",
        /// Most recently updated first.
        UpdatedAtDesc = "-updated_at",
        /// Smallest amount first (rewards).
        Amount = "amount",
        /// Largest amount first (rewards).
        AmountDesc = "-amount",
        /// Earliest ready date first (rewards).
        ReadyAt = "ready_at",
        /// Latest ready date first (rewards).
        ReadyAtDesc = "-ready_at",
    }
}

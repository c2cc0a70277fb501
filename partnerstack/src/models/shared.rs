//! Shapes several resources share: form fields, teams, and values whose
//! type the sources disagree on.

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

model! {
    /// One field of a form, or a submitted value (`fields` arrays on
    /// partnerships, customers, deals, leads and form templates).
    pub struct FieldData {
        /// The field's API name.
        api_name: str,
        /// The type in the external system the field maps to.
        external_type: str,
        /// The field's key.
        field_key: str,
        /// Help text shown under the field.
        help_text: str,
        /// Whether the field is hidden.
        hidden: bool,
        /// The internal name.
        internal_name: str,
        /// The label.
        name: str,
        /// Placeholder text.
        placeholder_text: str,
        /// 0-based position on the form.
        position: int,
        /// Whether the field is required.
        required: bool,
        /// The input type (`input`, `picklist`, `number`, ...).
        #[serde(rename = "type")]
        kind: str,
        /// The submitted value.
        value: json,
        /// Choices of a picklist or checkbox field.
        options: json,
        /// Form templates only: the default value.
        default_value: json,
        /// Form templates only: the record field this maps to.
        maps_to: str,
        /// Form templates only: whether the field is protected.
        protected: bool,
    }
}

body! {
    /// A field value to send with a create or update (`fields` arrays).
    pub struct FieldValue {
        required {
            /// The field's key.
            field_key: String,
        }
        optional {
            /// The value.
            value: Value,
        }
    }
}

model! {
    /// A partner team.
    pub struct Team {
        /// The team key (may be `null` in webhook payloads).
        key: str,
        /// When the team was created.
        created_at: time,
        /// When the team was last updated.
        updated_at: time,
        /// The team's name.
        name: str,
        /// Webhooks: the team owner's email.
        team_owner_email: str,
        /// Webhooks: the team's name.
        team_name: str,
        /// Webhooks: the team's key.
        team_key: str,
        /// Webhooks: when the team joined.
        joined_at: time,
    }
}

model! {
    /// A member of a partner team.
    pub struct TeamMember {
        /// The member key (may be `null` in webhook payloads).
        key: str,
        /// When the member was created.
        created_at: time,
        /// When the member was last updated.
        updated_at: time,
        /// Email address.
        email: str,
        /// First name.
        first_name: str,
        /// Last name.
        last_name: str,
        /// Webhooks: the team owner's email.
        team_owner_email: str,
        /// Webhooks: the team's name.
        team_name: str,
        /// Webhooks: the team's key.
        team_key: str,
        /// Webhooks: when the member joined.
        joined_at: time,
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

impl crate::models::Keyed for TeamMember {
    fn cursor_key(&self) -> Option<String> {
        self.key.clone()
    }
}
